import { applyRules } from '../engine/apply.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { Scope, Transcript, Turn } from '../types.js';

/** Agreement counts for one rule at one level (therapist turns, or sessions). */
export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

/** One row of the evaluation: a rule at one scope, with its counts and scores. */
export interface RuleScore extends Confusion {
  rule: string;
  scope: Scope;
  gold: number;
  predicted: number;
  /** Null where undefined (nothing predicted, nothing labelled, or one class only). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
}

/** A disagreement between the rules and the labels, for `--details`. */
export interface Disagreement {
  rule: string;
  scope: Scope;
  type: 'false-positive' | 'false-negative';
  file: string;
  session: string;
  turn: number;
  line: number;
  text: string;
  /** Turn disagreements: the client's last turn before this one, when there is one. */
  previousClient?: PreviousTurn;
}

/** A turn before the one judged: where it is and what was said. */
export interface PreviousTurn {
  turn: number;
  line: number;
  text: string;
}

/** Averages over the turn-level rows. */
export interface Averages {
  micro: { precision: number | null; recall: number | null; f1: number | null };
  macro: { precision: number | null; recall: number | null; f1: number | null };
}

/** One session's agreement counts per rule id, at each level: what a bootstrap resamples. */
export interface SessionCounts {
  turn: Map<string, Confusion>;
  session: Map<string, Confusion>;
}

/** The evaluation of a rule set against labelled transcripts. */
export interface Evaluation {
  sessions: number;
  therapistTurns: number;
  rows: RuleScore[];
  averages: Averages;
  disagreements: Disagreement[];
  /** Labels that name no rule of the rule set, with where they are. */
  unknownLabels: { label: string; file: string; line: number }[];
  /**
   * Labels of rules where they are not measured, with where they are: on a client or other
   * turn, or on the session for a rule with no session measure.
   */
  misplacedLabels: { label: string; file: string; line: number; on: Exclude<Turn['role'], 'therapist'> | 'session' }[];
  /** Each session's own counts, in input order (the rows are their sums). */
  perSession: SessionCounts[];
}

/**
 * Compares the rules' findings with human labels: per therapist turn for turn rules, per
 * session for rules with session measures. A therapist turn without labels counts as
 * labelled with nothing.
 */
export function evaluateRules(transcripts: Transcript[], ruleSet: CompiledRuleSet): Evaluation {
  const turnRules = ruleSet.reported.filter((rule) => rule.match.length > 0).map((rule) => rule.id);
  const sessionRules = ruleSet.reported.filter((rule) => rule.session !== undefined).map((rule) => rule.id);
  const known = new Set(ruleSet.reported.map((rule) => rule.id));
  const perSession: SessionCounts[] = [];
  const disagreements: Disagreement[] = [];
  const unknownLabels: Evaluation['unknownLabels'] = [];
  const misplacedLabels: Evaluation['misplacedLabels'] = [];
  let therapistTurns = 0;
  for (const transcript of transcripts) {
    const turnCounts = new Map(turnRules.map((id) => [id, emptyConfusion()]));
    const sessionCounts = new Map(sessionRules.map((id) => [id, emptyConfusion()]));
    perSession.push({ turn: turnCounts, session: sessionCounts });
    const findings = applyRules(transcript, ruleSet);
    const predictedTurns = new Set(findings.filter((f) => f.scope === 'turn').map((f) => `${f.turn}:${f.rule}`));
    const predictedSession = new Set(findings.filter((f) => f.scope === 'session').map((f) => f.rule));
    for (const label of transcript.labels ?? []) {
      if (!known.has(label)) unknownLabels.push({ label, file: transcript.path, line: transcript.line });
      else if (!sessionRules.includes(label)) misplacedLabels.push({ label, file: transcript.path, line: transcript.line, on: 'session' });
    }
    let previousClient: Turn | undefined;
    for (const turn of transcript.turns) {
      for (const label of turn.labels ?? []) {
        if (!known.has(label)) unknownLabels.push({ label, file: transcript.path, line: turn.line });
        else if (turn.role !== 'therapist') misplacedLabels.push({ label, file: transcript.path, line: turn.line, on: turn.role });
      }
      if (turn.role === 'client') previousClient = turn;
      if (turn.role !== 'therapist') continue;
      therapistTurns++;
      for (const [rule, counts] of turnCounts) {
        const outcome = tally(counts, turn.labels?.includes(rule) === true, predictedTurns.has(`${turn.index}:${rule}`));
        if (outcome) disagreements.push(describeDisagreement(rule, 'turn', outcome, transcript, turn, previousClient));
      }
    }
    for (const [rule, counts] of sessionCounts) {
      const outcome = tally(counts, transcript.labels?.includes(rule) === true, predictedSession.has(rule));
      if (outcome) disagreements.push(describeDisagreement(rule, 'session', outcome, transcript, undefined));
    }
  }
  const { rows, averages } = scoreSessions(perSession, turnRules, sessionRules);
  return { sessions: transcripts.length, therapistTurns, rows, averages, disagreements, unknownLabels, misplacedLabels, perSession };
}

/** A turn that is not the therapist's, as warnings about its labels name it. */
export function describeOtherTurn(role: Exclude<Turn['role'], 'therapist'>): string {
  return role === 'client' ? 'a client turn' : `a turn whose speaker is ${role}`;
}

/**
 * The rows and averages of a set of sessions (a session may come more than once, as in a
 * bootstrap resample): each rule's counts summed over them, then scored.
 */
export function scoreSessions(sessions: readonly SessionCounts[], turnRules: readonly string[], sessionRules: readonly string[]): Pick<Evaluation, 'rows' | 'averages'> {
  const sum = (rule: string, level: keyof SessionCounts): Confusion => {
    const total = emptyConfusion();
    for (const counts of sessions) {
      const here = counts[level].get(rule);
      if (here === undefined) continue;
      total.tp += here.tp;
      total.fp += here.fp;
      total.fn += here.fn;
      total.tn += here.tn;
    }
    return total;
  };
  const rows = [...turnRules.map((rule) => scoreRow(rule, 'turn', sum(rule, 'turn'))), ...sessionRules.map((rule) => scoreRow(rule, 'session', sum(rule, 'session')))];
  return { rows, averages: averageRows(rows.filter((row) => row.scope === 'turn')) };
}

/** Cohen's kappa for a 2×2 table: observed agreement corrected for chance agreement. */
export function cohensKappa({ tp, fp, fn, tn }: Confusion): number | null {
  const n = tp + fp + fn + tn;
  if (n === 0) return null;
  const observed = (tp + tn) / n;
  const chance = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
  return chance === 1 ? null : (observed - chance) / (1 - chance);
}

function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

function tally(counts: Confusion, gold: boolean, predicted: boolean): Disagreement['type'] | undefined {
  if (gold && predicted) counts.tp++;
  else if (predicted) counts.fp++;
  else if (gold) counts.fn++;
  else counts.tn++;
  if (predicted && !gold) return 'false-positive';
  return gold && !predicted ? 'false-negative' : undefined;
}

function describeDisagreement(
  rule: string,
  scope: Scope,
  type: Disagreement['type'],
  transcript: Transcript,
  turn: Turn | undefined,
  previousClient?: Turn,
): Disagreement {
  return {
    rule,
    scope,
    type,
    file: transcript.path,
    session: transcript.id,
    turn: turn?.index ?? 0,
    line: turn?.line ?? transcript.line,
    text: turn?.text ?? '',
    ...(previousClient ? { previousClient: { turn: previousClient.index, line: previousClient.line, text: previousClient.text } } : {}),
  };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function harmonic(precision: number | null, recall: number | null): number | null {
  if (precision === null || recall === null) return null;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

function scoreRow(rule: string, scope: Scope, counts: Confusion): RuleScore {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  return {
    rule,
    scope,
    ...counts,
    gold: counts.tp + counts.fn,
    predicted: counts.tp + counts.fp,
    precision,
    recall,
    f1: harmonic(precision, recall),
    kappa: cohensKappa(counts),
  };
}

/** The mean of the defined values; null when none is. */
export function mean(values: (number | null)[]): number | null {
  const defined = values.filter((value): value is number => value !== null);
  return defined.length === 0 ? null : defined.reduce((sum, value) => sum + value, 0) / defined.length;
}

function averageRows(rows: RuleScore[]): Averages {
  const tp = rows.reduce((sum, row) => sum + row.tp, 0);
  const fp = rows.reduce((sum, row) => sum + row.fp, 0);
  const fn = rows.reduce((sum, row) => sum + row.fn, 0);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    micro: { precision, recall, f1: harmonic(precision, recall) },
    macro: {
      // An undefined precision (nothing predicted) counts as 0 in the macro average.
      precision: mean(rows.map((row) => row.precision ?? (row.gold > 0 ? 0 : null))),
      recall: mean(rows.map((row) => row.recall)),
      f1: mean(rows.map((row) => row.f1 ?? (row.gold > 0 ? 0 : null))),
    },
  };
}
