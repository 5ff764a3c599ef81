import { scoreSessions, type Evaluation, type RuleScore, type SessionCounts } from './evaluate.js';

/** A range a score falls in, for the given share of resamples. */
export interface Interval {
  low: number;
  high: number;
}

/** The intervals of one score kind: precision, recall and F1 (null where no resample defines it). */
export interface ScoreIntervals {
  precision: Interval | null;
  recall: Interval | null;
  f1: Interval | null;
}

/** Percentile bootstrap intervals of an evaluation, resampling whole sessions. */
export interface EvaluationIntervals {
  /** Share of resamples each interval holds: 0.95. */
  level: number;
  replicates: number;
  seed: number;
  rows: ({ rule: string; scope: RuleScore['scope'] } & ScoreIntervals)[];
  micro: ScoreIntervals;
  macro: ScoreIntervals;
}

/** How many resamples and from which seed: fixed, so the same input prints the same intervals. */
export const BOOTSTRAP = { replicates: 2000, seed: 20261201, level: 0.95 } as const;

const SCORES = ['precision', 'recall', 'f1'] as const;

/** Precision, recall and F1 of one row or average; null where undefined. */
export type ScoreTriple = Pick<RuleScore, (typeof SCORES)[number]>;

/** Every score of a scored set of sessions, in row order: one evaluation's, or a change between two. */
export interface ScoreSheet {
  rows: ScoreTriple[];
  micro: ScoreTriple;
  macro: ScoreTriple;
}

/**
 * Intervals for every score of an evaluation by a percentile bootstrap over sessions: draw as
 * many sessions as there are, with replacement, score the draw exactly as the table is
 * scored, and take the middle 95% of each score over the draws. Sessions, not turns, are the
 * unit, because turns of one conversation are not independent (one therapist, one client,
 * one coder). A draw in which a score is undefined (a rule with nothing labelled and nothing
 * found) is left out of that score's interval, as such a row is left out of the averages.
 */
export function bootstrapEvaluation(evaluation: Pick<Evaluation, 'rows' | 'perSession'>, options: BootstrapOptions = {}): EvaluationIntervals {
  const score = scorerOf(evaluation);
  return drawIntervals(evaluation, options, (indices) => score(indices));
}

/**
 * Intervals for the change in every score from a baseline rule set to the current one on
 * the same sessions (current minus baseline), by a paired bootstrap: each draw takes the same
 * sessions for both, so what the two share cancels and the interval is that of the change
 * itself. An interval that excludes 0 is a change the sessions support; one that spans 0 is
 * not told apart from the luck of which sessions were labelled.
 */
export function bootstrapChange(current: Pick<Evaluation, 'rows' | 'perSession'>, baseline: Pick<Evaluation, 'rows' | 'perSession'>, options: BootstrapOptions = {}): EvaluationIntervals {
  if (current.perSession.length !== baseline.perSession.length) throw new Error('a paired bootstrap needs the same sessions on both sides');
  const [scoreCurrent, scoreBaseline] = [scorerOf(current), scorerOf(baseline)];
  return drawIntervals(current, options, (indices) => subtractSheets(scoreCurrent(indices), scoreBaseline(indices), current.rows, baseline.rows));
}

/** The change in every score from `baseline` to `current`, row by row matched on rule and scope. */
export function subtractSheets(current: ScoreSheet, baseline: ScoreSheet, currentRows: readonly Pick<RuleScore, 'rule' | 'scope'>[], baselineRows: readonly Pick<RuleScore, 'rule' | 'scope'>[]): ScoreSheet {
  const where = new Map(baselineRows.map((row, i) => [`${row.scope}:${row.rule}`, i]));
  const rows = currentRows.map((row, i) => {
    const j = where.get(`${row.scope}:${row.rule}`);
    const before = j === undefined ? undefined : baseline.rows[j];
    return subtractTriples(current.rows[i], before);
  });
  return { rows, micro: subtractTriples(current.micro, baseline.micro), macro: subtractTriples(current.macro, baseline.macro) };
}

/** How many resamples, from which seed. */
export interface BootstrapOptions {
  replicates?: number;
  seed?: number;
}

function subtractTriples(current: ScoreTriple | undefined, baseline: ScoreTriple | undefined): ScoreTriple {
  const minus = (score: (typeof SCORES)[number]): number | null => {
    const [a, b] = [current?.[score] ?? null, baseline?.[score] ?? null];
    return a === null || b === null ? null : a - b;
  };
  return { precision: minus('precision'), recall: minus('recall'), f1: minus('f1') };
}

/** The scores of an evaluation (or of a resample of it) as a sheet. */
export function toScoreSheet({ rows, averages }: Pick<Evaluation, 'rows' | 'averages'>): ScoreSheet {
  return { rows, micro: averages.micro, macro: averages.macro };
}

// Scores the sessions an index list picks, as the table scores them.
function scorerOf(evaluation: Pick<Evaluation, 'rows' | 'perSession'>): (indices: Int32Array) => ScoreSheet {
  const turnRules = evaluation.rows.filter((row) => row.scope === 'turn').map((row) => row.rule);
  const sessionRules = evaluation.rows.filter((row) => row.scope === 'session').map((row) => row.rule);
  const sessions = evaluation.perSession;
  const draw = new Array<SessionCounts>(sessions.length);
  return (indices) => {
    indices.forEach((index, i) => (draw[i] = sessions[index] as SessionCounts));
    return toScoreSheet(scoreSessions(draw, turnRules, sessionRules));
  };
}

// Draws the resamples (session indices, with replacement) and turns each score's draws into an interval.
function drawIntervals(evaluation: Pick<Evaluation, 'rows' | 'perSession'>, options: BootstrapOptions, score: (indices: Int32Array) => ScoreSheet): EvaluationIntervals {
  const rowDraws = evaluation.rows.map(() => SCORES.map((): number[] => []));
  const averageDraws = { micro: SCORES.map((): number[] => []), macro: SCORES.map((): number[] => []) };
  const { replicates, seed } = forEachResample(evaluation.perSession.length, options, (indices) => {
    const sheet = score(indices);
    sheet.rows.forEach((row, i) => collect(rowDraws[i], row));
    collect(averageDraws.micro, sheet.micro);
    collect(averageDraws.macro, sheet.macro);
  });
  return {
    level: BOOTSTRAP.level,
    replicates,
    seed,
    rows: evaluation.rows.map((row, i) => ({ rule: row.rule, scope: row.scope, ...toIntervals(rowDraws[i]) })),
    micro: toIntervals(averageDraws.micro),
    macro: toIntervals(averageDraws.macro),
  };
}

/**
 * Draws the resamples of a percentile bootstrap: `count` session indices with replacement,
 * from a fixed seed, each handed to `visit` (the array is reused between draws).
 */
export function forEachResample(count: number, options: BootstrapOptions, visit: (indices: Int32Array) => void): { replicates: number; seed: number } {
  const replicates = options.replicates ?? BOOTSTRAP.replicates;
  const seed = options.seed ?? BOOTSTRAP.seed;
  const random = createRandom(seed);
  const indices = new Int32Array(count);
  for (let replicate = 0; count > 0 && replicate < replicates; replicate++) {
    for (let i = 0; i < count; i++) indices[i] = Math.floor(random() * count);
    visit(indices);
  }
  return { replicates, seed };
}

function collect(draws: number[][] | undefined, scores: ScoreTriple): void {
  SCORES.forEach((score, i) => {
    const value = scores[score];
    if (value !== null) draws?.[i]?.push(value);
  });
}

function toIntervals(draws: number[][] | undefined): ScoreIntervals {
  const [precision, recall, f1] = SCORES.map((_, i) => percentileInterval(draws?.[i] ?? [], BOOTSTRAP.level));
  return { precision: precision ?? null, recall: recall ?? null, f1: f1 ?? null };
}

/** The central `level` share of the values, by linear interpolation between order statistics. */
export function percentileInterval(values: number[], level: number): Interval | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const position = q * (sorted.length - 1);
    const below = Math.floor(position);
    const lower = sorted[below] as number;
    const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
    return lower + (upper - lower) * (position - below);
  };
  const tail = (1 - level) / 2;
  return { low: at(tail), high: at(1 - tail) };
}

// mulberry32: a small, well-known 32-bit generator; seeded, so intervals are reproducible.
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
