import type { LocatedProblem } from '../errors.js';
import { deriveSessionId } from '../ingest/assemble.js';
import { RULE_IDS, type Scope, type Transcript, type Turn } from '../types.js';
import { BOOTSTRAP, forEachResample, percentileInterval, type BootstrapOptions, type Interval } from './bootstrap.js';
import { cohensKappa, describeOtherTurn, mean, type Confusion } from './evaluate.js';
import { quote } from './format-eval.js';

/** One session as two coders labelled it: the same turns, each coder's labels. */
export interface CodedPair {
  first: Transcript;
  second: Transcript;
}

/** Sessions paired by id, and what could not be paired or compared. */
export interface Pairing {
  pairs: CodedPair[];
  /** Sessions found in one set only, with the set they are in. */
  unpaired: { transcript: Transcript; side: 'first' | 'second' }[];
  /** Pairs left out because their therapist turns differ (count or text), with where. */
  mismatched: LocatedProblem[];
}

/**
 * How two coders agree on one id at one scope. `both`, `firstOnly`, `secondOnly` and
 * `neither` count therapist turns (or sessions) by who gave the label.
 */
export interface AgreementRow {
  id: string;
  scope: Scope;
  first: number;
  second: number;
  both: number;
  firstOnly: number;
  secondOnly: number;
  neither: number;
  /** Positive agreement, 2·both / (first + second): null when neither coder gave the id. */
  agreement: number | null;
  /** Cohen's kappa over every therapist turn (or session); null where undefined. */
  kappa: number | null;
}

/** A turn (or session) that one coder labelled with an id and the other did not. */
export interface CoderDisagreement {
  id: string;
  scope: Scope;
  /** Which coder gave the label. */
  by: 'first' | 'second';
  /** The first coder's file and the line of the turn (or session) there. */
  file: string;
  session: string;
  turn: number;
  line: number;
  /** The second coder's file and the line of the same turn (or session) there. */
  secondFile: string;
  secondLine: number;
  text: string;
}

/** Averages over the turn rows: micro pools the counts, macro averages the defined rows. */
export interface AgreementAverages {
  micro: { agreement: number | null; kappa: number | null };
  macro: { agreement: number | null; kappa: number | null };
}

/** Two coders' agreement on a set of sessions, per id and averaged. */
export interface Agreement {
  sessions: number;
  therapistTurns: number;
  rows: AgreementRow[];
  averages: AgreementAverages;
  disagreements: CoderDisagreement[];
  /** Each session's counts per row key (`scope:id`), in pair order: what a bootstrap resamples. */
  perSession: Map<string, Confusion>[];
}

/**
 * Pairs the sessions of two coders by session id. A pair is compared only when both files
 * hold the same therapist turns, in the same order, with the same text (spaces aside):
 * labels are compared turn by turn, so any other difference would compare different turns.
 */
export function pairSessions(first: readonly Transcript[], second: readonly Transcript[]): Pairing {
  const pairing: Pairing = { pairs: [], unpaired: [], mismatched: [] };
  const repeated = new Set([...findRepeatedIds(first, 'first', pairing.mismatched), ...findRepeatedIds(second, 'second', pairing.mismatched)]);
  const byId = new Map(second.map((transcript) => [transcript.id, transcript]));
  const firstIds = new Set(first.map((transcript) => transcript.id));
  for (const transcript of first) {
    if (repeated.has(transcript.id)) continue;
    const other = byId.get(transcript.id);
    if (other === undefined) {
      pairing.unpaired.push({ transcript, side: 'first' });
      continue;
    }
    const problem = compareTurns(transcript, other);
    if (problem) pairing.mismatched.push(problem);
    else pairing.pairs.push({ first: transcript, second: other });
  }
  for (const transcript of second) if (!firstIds.has(transcript.id) && !repeated.has(transcript.id)) pairing.unpaired.push({ transcript, side: 'second' });
  return pairing;
}

// A session id twice in one set has no single partner: each repeat is a problem, and the id is left out on both sides.
function findRepeatedIds(transcripts: readonly Transcript[], side: 'first' | 'second', problems: LocatedProblem[]): string[] {
  const seen = new Map<string, Transcript>();
  const repeated: string[] = [];
  for (const transcript of transcripts) {
    const earlier = seen.get(transcript.id);
    if (earlier === undefined) {
      seen.set(transcript.id, transcript);
      continue;
    }
    repeated.push(transcript.id);
    problems.push({
      message: `session "${transcript.id}" is in the ${side} set twice (${earlier.path}:${earlier.line} and here); sessions are paired by id, so it is left out`,
      file: transcript.path,
      line: transcript.line,
    });
  }
  return repeated;
}

/**
 * Agreement per id between two coders over paired sessions: every codebook id at turn level
 * and `over-reliance` at session level (zero-filled), then any other id either coder used.
 */
export function measureAgreement(pairs: readonly CodedPair[]): Agreement {
  const keys = listRowKeys(pairs);
  const turnKeys = keys.filter((key) => key.scope === 'turn');
  const sessionKeys = keys.filter((key) => key.scope === 'session');
  const perSession: Map<string, Confusion>[] = [];
  const disagreements: CoderDisagreement[] = [];
  let therapistTurns = 0;
  for (const { first, second } of pairs) {
    const counts = new Map(keys.map((key) => [rowKey(key), { tp: 0, fp: 0, fn: 0, tn: 0 }]));
    perSession.push(counts);
    const secondTurns = therapistTurnsOf(second);
    therapistTurnsOf(first).forEach((turn, i) => {
      therapistTurns++;
      const other = secondTurns[i];
      for (const key of turnKeys) {
        const by = tally(counts.get(rowKey(key)), turn.labels?.includes(key.id) === true, other?.labels?.includes(key.id) === true);
        if (by) disagreements.push({ id: key.id, scope: 'turn', by, file: first.path, session: first.id, turn: turn.index, line: turn.line, secondFile: second.path, secondLine: other?.line ?? second.line, text: turn.text });
      }
    });
    for (const key of sessionKeys) {
      const by = tally(counts.get(rowKey(key)), first.labels?.includes(key.id) === true, second.labels?.includes(key.id) === true);
      if (by) disagreements.push({ id: key.id, scope: 'session', by, file: first.path, session: first.id, turn: 0, line: first.line, secondFile: second.path, secondLine: second.line, text: '' });
    }
  }
  return { sessions: pairs.length, therapistTurns, ...scoreAgreement(perSession, keys), disagreements, perSession };
}

/** Rows and averages of a set of sessions' counts (a session may come twice, as in a bootstrap). */
export function scoreAgreement(sessions: readonly Map<string, Confusion>[], keys: readonly { id: string; scope: Scope }[]): Pick<Agreement, 'rows' | 'averages'> {
  const rows = keys.map(({ id, scope }) => {
    const total = { tp: 0, fp: 0, fn: 0, tn: 0 };
    for (const counts of sessions) {
      const here = counts.get(rowKey({ id, scope }));
      if (here) for (const cell of ['tp', 'fp', 'fn', 'tn'] as const) total[cell] += here[cell];
    }
    return toRow(id, scope, total);
  });
  const turnRows = rows.filter((row) => row.scope === 'turn');
  const pooled = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const row of turnRows) {
    pooled.tp += row.both;
    pooled.fn += row.firstOnly;
    pooled.fp += row.secondOnly;
    pooled.tn += row.neither;
  }
  return {
    rows,
    averages: {
      micro: { agreement: positiveAgreement(pooled), kappa: cohensKappa(pooled) },
      macro: { agreement: mean(turnRows.map((row) => row.agreement)), kappa: mean(turnRows.map((row) => row.kappa)) },
    },
  };
}

/** The key of a row in per-session counts. */
export function rowKey({ id, scope }: { id: string; scope: Scope }): string {
  return `${scope}:${id}`;
}

function compareTurns(first: Transcript, second: Transcript): LocatedProblem | undefined {
  const [a, b] = [therapistTurnsOf(first), therapistTurnsOf(second)];
  const where = `session "${first.id}" (${first.path} and ${second.path})`;
  if (a.length !== b.length) {
    return { message: `${where}: ${a.length} therapist turns in the first, ${b.length} in the second; left out`, file: second.path, line: second.line };
  }
  const differ = a.findIndex((turn, i) => squash(turn.text) !== squash(b[i]?.text ?? ''));
  if (differ === -1) return undefined;
  const turn = b[differ] as Turn;
  return { message: `${where}: therapist turn ${turn.index} has other text than in the first; left out`, file: second.path, line: turn.line };
}

function therapistTurnsOf(transcript: Transcript): Turn[] {
  return transcript.turns.filter((turn) => turn.role === 'therapist');
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// The codebook's ids first, in its order, then the others either coder used, sorted.
function listRowKeys(pairs: readonly CodedPair[]): { id: string; scope: Scope }[] {
  const used = { turn: new Set<string>(), session: new Set<string>(['over-reliance']) };
  for (const { first, second } of pairs) {
    for (const transcript of [first, second]) {
      for (const label of transcript.labels ?? []) used.session.add(label);
      for (const turn of therapistTurnsOf(transcript)) for (const label of turn.labels ?? []) used.turn.add(label);
    }
  }
  const codebook: readonly string[] = RULE_IDS;
  const order = (ids: Iterable<string>): string[] => [...ids].filter((id) => !codebook.includes(id)).sort();
  return [
    ...[...codebook, ...order(used.turn)].map((id) => ({ id, scope: 'turn' as const })),
    ...[...codebook.filter((id) => used.session.has(id)), ...order(used.session)].map((id) => ({ id, scope: 'session' as const })),
  ];
}

// The first coder's labels stand where a rule evaluation has the gold ones; the result is symmetric.
function tally(counts: Confusion | undefined, first: boolean, second: boolean): CoderDisagreement['by'] | undefined {
  if (!counts) return undefined;
  if (first && second) counts.tp++;
  else if (second) counts.fp++;
  else if (first) counts.fn++;
  else counts.tn++;
  if (first === second) return undefined;
  return first ? 'first' : 'second';
}

function toRow(id: string, scope: Scope, counts: Confusion): AgreementRow {
  return {
    id,
    scope,
    first: counts.tp + counts.fn,
    second: counts.tp + counts.fp,
    both: counts.tp,
    firstOnly: counts.fn,
    secondOnly: counts.fp,
    neither: counts.tn,
    agreement: positiveAgreement(counts),
    kappa: cohensKappa(counts),
  };
}

function positiveAgreement({ tp, fp, fn }: Confusion): number | null {
  const given = 2 * tp + fp + fn;
  return given === 0 ? null : (2 * tp) / given;
}

/** 95% intervals of each agreement and kappa (per row, micro and macro), resampling sessions. */
export interface AgreementIntervals {
  level: number;
  replicates: number;
  seed: number;
  rows: { agreement: Interval | null; kappa: Interval | null }[];
  micro: { agreement: Interval | null; kappa: Interval | null };
  macro: { agreement: Interval | null; kappa: Interval | null };
}

/**
 * Percentile bootstrap intervals over sessions (the unit coders label, as in
 * `eval --intervals`): each draw is scored exactly as the table is.
 */
export function bootstrapAgreement(agreement: Pick<Agreement, 'rows' | 'perSession'>, options: BootstrapOptions = {}): AgreementIntervals {
  const keys = agreement.rows.map(({ id, scope }) => ({ id, scope }));
  const pair = (): { agreement: number[]; kappa: number[] } => ({ agreement: [], kappa: [] });
  const draws = { rows: keys.map(pair), micro: pair(), macro: pair() };
  const push = (into: { agreement: number[]; kappa: number[] }, scores: { agreement: number | null; kappa: number | null }): void => {
    if (scores.agreement !== null) into.agreement.push(scores.agreement);
    if (scores.kappa !== null) into.kappa.push(scores.kappa);
  };
  const sample = new Array<Map<string, Confusion>>(agreement.perSession.length);
  const { replicates, seed } = forEachResample(agreement.perSession.length, options, (indices) => {
    indices.forEach((index, i) => (sample[i] = agreement.perSession[index] as Map<string, Confusion>));
    const scored = scoreAgreement(sample, keys);
    scored.rows.forEach((row, i) => draws.rows[i] && push(draws.rows[i], row));
    push(draws.micro, scored.averages.micro);
    push(draws.macro, scored.averages.macro);
  });
  const toIntervals = (values: { agreement: number[]; kappa: number[] }): { agreement: Interval | null; kappa: Interval | null } => ({
    agreement: percentileInterval(values.agreement, BOOTSTRAP.level),
    kappa: percentileInterval(values.kappa, BOOTSTRAP.level),
  });
  return { level: BOOTSTRAP.level, replicates, seed, rows: draws.rows.map(toIntervals), micro: toIntervals(draws.micro), macro: toIntervals(draws.macro) };
}

/**
 * Sessions with no id of their own (CSV, text, subtitles; YAML without `session:`) are
 * named by their file's path, which differs between two coders' folders: such ids are taken
 * relative to the folder all of one set's files share, so `alice/s1.csv` pairs with
 * `bob/s1.csv`. Ids the files give are kept.
 */
export function rebasePathIds(transcripts: readonly Transcript[]): Transcript[] {
  const files = transcripts.map((transcript) => transcript.path).filter((file) => file !== '-');
  const root = findCommonFolder(files);
  return transcripts.map((transcript) => {
    const fromPath = deriveSessionId(transcript.path, 0, 1);
    const derived = transcript.path !== '-' && (transcript.id === fromPath || transcript.id.startsWith(`${fromPath}#`));
    return derived ? { ...transcript, id: transcript.id.slice(root.length) } : transcript;
  });
}

// The folder (with its trailing slash) that holds every file, '' when they share none.
function findCommonFolder(files: readonly string[]): string {
  const [first, ...rest] = files.map((file) => file.split('/').slice(0, -1));
  if (first === undefined) return '';
  let length = first.length;
  for (const parts of rest) {
    let same = 0;
    while (same < length && parts[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, length).map((part) => `${part}/`).join('');
}

/** Labels on client and other turns, one warning each: agreement is measured on therapist turns only. */
export function findUncomparedLabels(transcripts: readonly Transcript[]): LocatedProblem[] {
  return transcripts.flatMap((transcript) =>
    transcript.turns
      .flatMap(({ role, labels = [], line }) =>
        role === 'therapist'
          ? []
          : labels.map((label) => ({ file: transcript.path, line, message: `warning: label ${quote(label)} is on ${describeOtherTurn(role)}; only therapist turns are compared` })),
      ),
  );
}
