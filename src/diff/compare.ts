/**
 * `reassure diff`: what changed between two JSON reports of the same transcripts (after a
 * rule change) or of one programme's sessions (after a training cycle). Per session and
 * rule, findings are paired old to new; unpaired new ones are *new*, unpaired old ones
 * *resolved*, pairs *unchanged*. Pairing tries, in order: the same turn and the same words,
 * the same words anywhere in the session (the transcript was edited and turns moved), the
 * same turn (a redacted report has no words).
 */
import path from 'node:path';
import { ReassureError } from '../errors.js';
import { TRANSCRIPT_EXTENSIONS } from '../ingest/formats.js';
import { describeJsonError, withoutByteOrderMark } from '../ingest/parse-json.js';
import type { JsonFinding } from '../format/json.js';
import { meetsFailLevel } from '../report/gate.js';
import { redactFinding } from '../report/redact.js';
import { findReportProblem, reportDefinition } from '../report/report-schema.js';
import type { JsonSchema } from '../rules/schema-check.js';
import { FAIL_LEVELS, type FailLevel, type RuleKind } from '../types.js';

/** What `diff` reads of a JSON report (schema version 1). */
export interface DiffInput {
  /** The file it was read from, as the user named it. */
  file: string;
  tool: { name: string; version: string };
  rules: { id: string; kind: RuleKind; name: string }[];
  sessions: { id: string; file: string; findings: JsonFinding[] }[];
  failLevel: FailLevel;
  redacted: boolean;
}

/** One rule in one session: the counts on both sides and the findings that came and went. */
export interface RuleDiff {
  rule: string;
  kind: RuleKind;
  old: number;
  new: number;
  added: JsonFinding[];
  resolved: JsonFinding[];
  unchanged: number;
}

/** One session: in both reports (`kept`), only the new one (`added`) or only the old one (`removed`). */
export interface SessionDiff {
  id: string;
  file: string;
  status: 'kept' | 'added' | 'removed';
  /** Rules with a finding on either side, in rule order. */
  rules: RuleDiff[];
}

/** Sums over every session. */
export interface DiffTotals {
  added: number;
  resolved: number;
  unchanged: number;
  addedPitfalls: number;
  resolvedPitfalls: number;
  sessionsAdded: number;
  sessionsRemoved: number;
}

/**
 * Sessions paired although their paths differ: one report was made in a subfolder of the
 * other's working folder, so the same files have other relative paths (and path ids).
 */
export interface FolderPairing {
  /** How many sessions were paired so. */
  sessions: number;
  /** Which report was made in the subfolder. */
  madeIn: 'old' | 'new';
  /** The subfolder, relative to the other report's working folder, e.g. `transcripts`. */
  folder: string;
  /** One pair, as an example: the old report's file and the new one's. */
  example: { old: string; new: string };
}

/** The whole comparison. */
export interface ReportDiff {
  old: { file: string; version: string };
  new: { file: string; version: string };
  rules: { id: string; kind: RuleKind; name: string }[];
  sessions: SessionDiff[];
  totals: DiffTotals;
  /** Either report was redacted: no words were compared, and none are shown. */
  redacted: boolean;
  /** The new report's fail level, which `--fail-on-new` applies. */
  failLevel: FailLevel;
  /** Set when sessions were paired across working folders. */
  pairedByFile?: FolderPairing;
  /**
   * Set when the reports were made with different rules (one switched off, added or
   * renamed): the ids each report alone has, whose findings all show as resolved or new.
   */
  rulesOnlyIn?: { old: string[]; new: string[] };
}

/** Compares two reports; sessions in the new report's order, then those only in the old one. */
export function compareReports(before: DiffInput, after: DiffInput): ReportDiff {
  const rules = mergeRules(before.rules, after.rules);
  const partners = pairSessions(before.sessions, after.sessions);
  const pairedOld = new Set(partners.values());
  const pairing = pairAcrossFolders(
    before.sessions.filter((session) => !pairedOld.has(session)),
    after.sessions.filter((session) => !partners.has(session)),
  );
  for (const [session, old] of pairing?.partners ?? []) partners.set(session, old);
  const paired = new Set(partners.values());
  const pairs = [
    ...after.sessions.map((session) => ({ id: session.id, file: session.file, old: partners.get(session), new: session })),
    ...before.sessions.filter((session) => !paired.has(session)).map((session) => ({ id: session.id, file: session.file, old: session, new: undefined })),
  ];
  const sessions = pairs.map((pair): SessionDiff => ({
    id: pair.id,
    file: pair.file,
    status: pair.old === undefined ? 'added' : pair.new === undefined ? 'removed' : 'kept',
    rules: rules
      .map((rule) => compareRule(rule, pair.old?.findings ?? [], pair.new?.findings ?? []))
      .filter((diff) => diff.old > 0 || diff.new > 0),
  }));
  return {
    old: { file: before.file, version: before.tool.version },
    new: { file: after.file, version: after.tool.version },
    rules,
    sessions,
    totals: sumTotals(sessions),
    redacted: before.redacted || after.redacted,
    failLevel: after.failLevel,
    ...(pairing === undefined ? {} : { pairedByFile: pairing.summary }),
    ...findRulesOnlyIn(before.rules, after.rules),
  };
}

/** The rule ids only one report has, when there are any. */
function findRulesOnlyIn(before: readonly { id: string }[], after: readonly { id: string }[]): Pick<ReportDiff, 'rulesOnlyIn'> {
  const onlyIn = (these: readonly { id: string }[], others: readonly { id: string }[]): string[] =>
    these.map((rule) => rule.id).filter((id) => !others.some((other) => other.id === id));
  const old = onlyIn(before, after);
  const added = onlyIn(after, before);
  return old.length === 0 && added.length === 0 ? {} : { rulesOnlyIn: { old, new: added } };
}

/**
 * `diff --redact`: the comparison (made with the words, which pair findings best) without a
 * transcript word: the findings listed keep their places and rule, and their speaker is
 * `therapist`, as rules judge therapist turns (a JSON report has no speaker roles).
 */
export function redactDiff(diff: ReportDiff): ReportDiff {
  const redact = (finding: JsonFinding): JsonFinding => redactFinding(finding, 'therapist');
  const sessions = diff.sessions.map((session) => ({
    ...session,
    rules: session.rules.map((rule) => ({ ...rule, added: rule.added.map(redact), resolved: rule.resolved.map(redact) })),
  }));
  return { ...diff, sessions, redacted: true };
}

/** The new findings that fail `--fail-on-new`: pitfalls at or above the new report's fail level, not intended. */
export function findFailingNew(diff: ReportDiff): JsonFinding[] {
  return diff.sessions.flatMap((session) =>
    session.rules.flatMap((rule) => rule.added.filter((f) => f.kind === 'pitfall' && f.expected !== true && meetsFailLevel(f.severity, diff.failLevel))),
  );
}

type DiffSession = DiffInput['sessions'][number];

// Each new session's old partner, one to one: the same id and file first (a file's sessions
// in the order listed), then the same id (a renamed file). Sessions of one id left over pair in
// order of their files, so that the order each report lists them in decides nothing.
function pairSessions(before: readonly DiffSession[], after: readonly DiffSession[]): Map<DiffSession, DiffSession> {
  const byId = new Map<string, DiffSession[]>();
  for (const session of before) byId.set(session.id, [...(byId.get(session.id) ?? []), session]);
  const partners = new Map<DiffSession, DiffSession>();
  const take = (session: DiffSession, fits: (candidate: DiffSession) => boolean): void => {
    const waiting = byId.get(session.id);
    const index = waiting?.findIndex(fits) ?? -1;
    const [old] = index === -1 ? [] : (waiting?.splice(index, 1) ?? []);
    if (old !== undefined) partners.set(session, old);
  };
  for (const session of after) take(session, (candidate) => candidate.file === session.file);
  for (const waiting of byId.values()) waiting.sort(compareFiles);
  for (const session of [...after].sort(compareFiles)) if (!partners.has(session)) take(session, () => true);
  return partners;
}

function compareFiles(a: DiffSession, b: DiffSession): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** The ids more than one session of a report has, each with how many, in the order first listed. */
export function findRepeatedIds(sessions: readonly { id: string }[]): { id: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const { id } of sessions) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([id, count]) => ({ id, count }));
}

/**
 * Pairs sessions left over on both sides whose ids are their paths (`audit transcripts/a.txt`
 * in the project, `audit a.txt` in transcripts/): the working folders differ by one
 * subfolder, found from the sessions whose path is a trailing part of another's. Under that
 * one subfolder every left-over path must move to exactly the other's path and id. When two
 * subfolders would each pair sessions, the reports do not say which is true: none is used.
 */
function pairAcrossFolders(before: readonly DiffSession[], after: readonly DiffSession[]): { partners: Map<DiffSession, DiffSession>; summary: FolderPairing } | undefined {
  const found: { madeIn: 'old' | 'new'; folder: string; partners: Map<DiffSession, DiffSession> }[] = [];
  for (const [outer, inner, madeIn] of [[before, after, 'new'], [after, before, 'old']] as const) {
    const place = placeFinder(outer, inner);
    for (const [folder, listed] of listSubfolders(outer, inner)) {
      const partners = pairInSubfolder(place, listed, folder);
      if (partners.size > 0) found.push({ madeIn, folder, partners: madeIn === 'new' ? partners : invert(partners) });
      // Two subfolders that each pair sessions: none is used, so the rest need not be tried.
      if (found.length > 1) return undefined;
    }
  }
  const [only] = found;
  if (only === undefined) return undefined;
  const [[session, old] = []] = only.partners;
  if (session === undefined || old === undefined) return undefined;
  return { partners: only.partners, summary: { sessions: only.partners.size, madeIn: only.madeIn, folder: only.folder, example: { old: old.file, new: session.file } } };
}

/**
 * The subfolders `outer`'s paths would be seen from for one of `inner`'s to be their trailing
 * part, in order, each with the `outer` sessions below it whose trailing part that is.
 */
function listSubfolders(outer: readonly DiffSession[], inner: readonly DiffSession[]): Map<string, DiffSession[]> {
  const innerFiles = new Set(inner.map((session) => session.file));
  const folders = new Map<string, DiffSession[]>();
  for (const session of outer) {
    const { file } = session;
    for (let slash = file.indexOf('/'); slash !== -1; slash = file.indexOf('/', slash + 1)) {
      const folder = file.slice(0, slash);
      if (innerFiles.has(file.slice(slash + 1)) && !folder.split('/').some((part) => part === '..' || part === '.' || part === '')) {
        folders.set(folder, [...(folders.get(folder) ?? []), session]);
      }
    }
  }
  return new Map([...folders].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Finds the sessions of `outer` that a path could pair under a subfolder, and the `inner` session at a place. */
interface PlaceFinder {
  /** The `inner` session with this id and file. */
  at: (id: string, file: string) => DiffSession | undefined;
  /** `outer` sessions outside `folder` whose path, seen from it, is an `inner` one that starts with `..`. */
  outside: (folder: string) => DiffSession[];
  /** `outer` sessions in their order there. */
  inOrder: (sessions: readonly DiffSession[]) => DiffSession[];
}

function placeFinder(outer: readonly DiffSession[], inner: readonly DiffSession[]): PlaceFinder {
  const byPlace = new Map(inner.map((session) => [`${session.id}\u0000${session.file}`, session]));
  const upward = inner.filter((session) => session.file.startsWith('../')).map((session) => session.file);
  const byFile = new Map<string, DiffSession[]>();
  if (upward.length > 0) for (const session of outer) byFile.set(session.file, [...(byFile.get(session.file) ?? []), session]);
  const order = new Map(outer.map((session, index) => [session, index]));
  // A path with `.`, `..` or `//` inside is not where joining leads: such a session is always tried.
  const odd = outer.filter((session) => !/^(?:\.\.\/)*(?:[^/]+\/)*[^/]+$/.test(session.file) || /(?:^|\/)\.\.?(?:\/|$)/.test(session.file.replace(/^(?:\.\.\/)+/, '')));
  return {
    at: (id, file) => byPlace.get(`${id}\u0000${file}`),
    outside: (folder) => [...upward.flatMap((file) => byFile.get(path.posix.join(folder, file)) ?? []), ...odd],
    inOrder: (sessions) => [...new Set(sessions)].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0)),
  };
}

// `outer`'s sessions (key: `inner`'s partner) whose path and id, seen from `folder`, are an
// `inner` session's: those below the folder it was listed for, and those outside it that an
// `inner` path leading up (`../b.txt`) names; no other can pair.
function pairInSubfolder(place: PlaceFinder, listed: readonly DiffSession[], folder: string): Map<DiffSession, DiffSession> {
  const partners = new Map<DiffSession, DiffSession>();
  for (const session of place.inOrder([...listed, ...place.outside(folder)])) {
    const partner = place.at(seenFrom(folder, session.id), seenFrom(folder, session.file));
    if (partner !== undefined && !partners.has(partner)) partners.set(partner, session);
  }
  return partners;
}

function invert(partners: Map<DiffSession, DiffSession>): Map<DiffSession, DiffSession> {
  return new Map([...partners].map(([key, value]) => [value, key]));
}

/** A relative path as seen from `folder` (a subfolder of where it is relative to): `transcripts/a.txt` → `a.txt`, `b.txt` → `../b.txt`. */
export function seenFrom(folder: string, file: string): string {
  const down = folder.split('/');
  const parts = file.split('/');
  let shared = 0;
  while (shared < down.length && shared < parts.length - 1 && down[shared] === parts[shared]) shared++;
  return [...Array<string>(down.length - shared).fill('..'), ...parts.slice(shared)].join('/');
}

function mergeRules(before: DiffInput['rules'], after: DiffInput['rules']): DiffInput['rules'] {
  const ids = new Set(after.map((rule) => rule.id));
  return [...after, ...before.filter((rule) => !ids.has(rule.id))];
}

function compareRule(rule: DiffInput['rules'][number], before: JsonFinding[], after: JsonFinding[]): RuleDiff {
  const olds = before.filter((f) => f.rule === rule.id);
  const news = after.filter((f) => f.rule === rule.id);
  const keys: ((f: JsonFinding) => string | undefined)[] = [
    (f) => `${f.turn}|${f.excerpt}|${f.match.text}`,
    (f) => (f.excerpt === '' ? undefined : `${f.excerpt}|${f.match.text}`),
    (f) => String(f.turn),
  ];
  let unchanged = 0;
  let restOld = olds;
  let restNew = news;
  for (const key of keys) {
    const paired = pairBy(restOld, restNew, key);
    unchanged += paired.count;
    restOld = paired.old;
    restNew = paired.new;
  }
  return { rule: rule.id, kind: rule.kind, old: olds.length, new: news.length, added: restNew, resolved: restOld, unchanged };
}

// Pairs findings with equal keys, one to one, in order; returns what is left on each side.
function pairBy(before: JsonFinding[], after: JsonFinding[], key: (f: JsonFinding) => string | undefined): { count: number; old: JsonFinding[]; new: JsonFinding[] } {
  const waiting = new Map<string, JsonFinding[]>();
  for (const f of before) {
    const k = key(f);
    if (k !== undefined) waiting.set(k, [...(waiting.get(k) ?? []), f]);
  }
  const used = new Set<JsonFinding>();
  const leftNew: JsonFinding[] = [];
  for (const f of after) {
    const k = key(f);
    const match = k === undefined ? undefined : waiting.get(k)?.shift();
    if (match === undefined) leftNew.push(f);
    else used.add(match);
  }
  return { count: used.size, old: before.filter((f) => !used.has(f)), new: leftNew };
}

function sumTotals(sessions: SessionDiff[]): DiffTotals {
  const rules = sessions.flatMap((session) => session.rules);
  const pitfalls = rules.filter((rule) => rule.kind === 'pitfall');
  return {
    added: rules.reduce((sum, rule) => sum + rule.added.length, 0),
    resolved: rules.reduce((sum, rule) => sum + rule.resolved.length, 0),
    unchanged: rules.reduce((sum, rule) => sum + rule.unchanged, 0),
    addedPitfalls: pitfalls.reduce((sum, rule) => sum + rule.added.length, 0),
    resolvedPitfalls: pitfalls.reduce((sum, rule) => sum + rule.resolved.length, 0),
    sessionsAdded: sessions.filter((session) => session.status === 'added').length,
    sessionsRemoved: sessions.filter((session) => session.status === 'removed').length,
  };
}

// The parts of a report that pairing, `--fail-on-new` and the formats read: an edited or
// foreign report fails here, not deep in a comparison. `tool` and `failLevel` may be left out.
const DIFF_INPUT: JsonSchema = {
  type: 'object',
  properties: {
    tool: reportDefinition('tool'),
    rules: { type: 'array', items: reportDefinition('rule') },
    sessions: {
      type: 'array',
      items: { type: 'object', required: ['id', 'file', 'findings'], properties: { id: { type: 'string' }, file: { type: 'string' }, findings: { type: 'array', items: reportDefinition('finding') } } },
    },
    failLevel: { enum: [...FAIL_LEVELS] },
    redacted: { type: 'boolean' },
  },
};

/**
 * Reads a JSON report for `diff`, checking the parts it uses. A file that is not one is a
 * `ReassureError` naming it (and the line and column of a JSON syntax error, without the
 * character there with `redact`).
 */
export function parseDiffInput(written: string, file: string, redact = false): DiffInput {
  const text = withoutByteOrderMark(written);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    if (isJsonlRecord(parseFirstLine(text))) throw new ReassureError(describeJsonlInput(file), { file });
    // A transcript given for a report read as a JSON syntax error at its first character.
    if (TRANSCRIPT_ONLY_EXTENSIONS.has(path.extname(file).toLowerCase())) {
      throw new ReassureError('a transcript, not a report: diff compares two JSON reports, written by `reassure audit PATHS -o NAME.json`', { file });
    }
    // The place comes from our own scan: V8's message may lack a position and quote the text.
    const { message, redactedMessage, line, column } = describeJsonError(error, text);
    throw new ReassureError(redact ? redactedMessage : message, { file, ...(line === undefined ? {} : { line, column }) });
  }
  const report = data as Partial<DiffInput> & { schemaVersion?: unknown };
  if (isJsonlRecord(data)) throw new ReassureError(describeJsonlInput(file), { file });
  if (typeof report !== 'object' || report === null || report.schemaVersion !== 1 || !Array.isArray(report.sessions) || !Array.isArray(report.rules)) {
    throw new ReassureError('not a reassure JSON report (got no schemaVersion 1 with rules and sessions, expected the output of audit --format json)', { file });
  }
  const problem = findReportProblem(report, DIFF_INPUT);
  if (problem !== undefined) throw new ReassureError(`not a reassure JSON report: ${problem}`, { file });
  return {
    file,
    tool: report.tool ?? { name: 'reassure', version: '?' },
    rules: report.rules,
    sessions: report.sessions,
    failLevel: report.failLevel ?? 'warning',
    redacted: report.redacted === true,
  };
}

// Transcript extensions no JSON report has (a `.json` transcript is named by the shape check).
const TRANSCRIPT_ONLY_EXTENSIONS = new Set(TRANSCRIPT_EXTENSIONS.filter((extension) => !['.json', '.jsonl', '.ndjson'].includes(extension)));

/** The first line of the text as JSON, or `undefined`. */
function parseFirstLine(text: string): unknown {
  const [first = ''] = text.split('\n', 1);
  try {
    return JSON.parse(first);
  } catch {
    return undefined;
  }
}

/** Whether a value is a line of a `--format jsonl` report: a session (findings, not sessions), a problem or a warning. */
function isJsonlRecord(value: unknown): boolean {
  const line = value as { schemaVersion?: unknown; findings?: unknown; type?: unknown } | null | undefined;
  return typeof line === 'object' && line !== null && line.schemaVersion === 1 && (Array.isArray(line.findings) || line.type === 'problem' || line.type === 'warning');
}

// merge reads jsonl reports and writes a json one: the way from what the user has to what diff reads.
function describeJsonlInput(file: string): string {
  return `a jsonl report; diff reads json reports: \`reassure merge ${file} --format json -o OUT.json\` turns it into one`;
}

