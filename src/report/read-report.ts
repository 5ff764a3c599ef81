/**
 * Reading partial reports back for `reassure merge`: a `json` report (one document) or
 * `jsonl` lines (a session, an input problem or a warning per line, read as they arrive). What comes back is the
 * sessions in their report form, so a merged run's totals are summed exactly as a single
 * run's are. A report that is not one of these, or holds a field of the wrong shape, is a
 * one-line error naming its line (and the field).
 */
import { ReassureError } from '../errors.js';
import { describeJsonError } from '../ingest/parse-json.js';
import { parseObjectLine } from '../ingest/read-lines.js';
import { WARNING_KINDS } from '../types.js';
import type { Finding, InputProblem, SessionReport, WarningKind } from '../types.js';
import type { JsonFinding, JsonSession } from '../format/json.js';
import { findReportProblem, reportDefinition } from './report-schema.js';
import { REPORT_SCHEMA_VERSION } from './run-report.js';

/** A piece of a partial report: a whole `json` report, or one `jsonl` line. */
export interface ReportPart {
  /** The rule ids the report was made with (from `rules`, or a line's `counts`); none from a `jsonl` problem or warning line. */
  ruleIds?: string[];
  sessions: SessionReport[];
  problems: InputProblem[];
  warnings: InputProblem[];
  redacted: boolean;
  /** The line a `jsonl` part was read from. */
  line?: number;
}

/** One input line with its 1-based number. */
interface Line {
  text: string;
  line: number;
}

/** Where a part was read: the file, and the line of a `jsonl` part. */
interface Where {
  file: string;
  line?: number;
}

/**
 * Reads a report's lines: one part per `jsonl` line, or one part for a `json` document.
 * With `redact`, a JSON syntax error does not name the character it stops at (a report
 * that is not redacted holds transcript text).
 */
export async function* readReportParts(lines: AsyncIterable<Line>, file: string, redact = false): AsyncGenerator<ReportPart> {
  const held: string[] = [];
  let documentLine: number | undefined;
  let jsonl = false;
  for await (const { text, line } of lines) {
    if (documentLine !== undefined) {
      held.push(text);
      continue;
    }
    if (text.trim() === '') continue;
    const value = parseObjectLine(text);
    if (value === undefined) {
      // A line after whole ones is a JSON Lines line cut short or garbled, not a document's start.
      if (jsonl) failOnLine(text, { file, line }, redact);
      // A pretty-printed `json` report: its first line is not a whole object.
      documentLine = line;
      held.push(text);
      continue;
    }
    jsonl = true;
    yield Array.isArray(value.sessions) ? readJsonReport(text, { file, line }, redact) : readJsonlLine(value, { file, line });
  }
  if (documentLine !== undefined) yield readJsonReport(held.join('\n'), { file, line: documentLine }, redact);
}

// A line that is not a whole object: cut short, garbled, or JSON of another kind.
function failOnLine(text: string, where: Where, redact: boolean): never {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const described = describeJsonError(error, text);
    const column = described.column === undefined ? {} : { column: described.column };
    throw new ReassureError(`not a JSON Lines report line: ${redact ? described.redactedMessage : described.message}`, { ...where, ...column });
  }
  return asObject(value, 'a session object', where) as never;
}

// A line without a `type` is a session, as every line was before warnings had lines of their own.
function readJsonlLine(value: Record<string, unknown>, where: Where): ReportPart {
  checkSchemaVersion(value.schemaVersion, where);
  const redacted = value.redacted === true;
  if (value.type === 'problem') return { sessions: [], problems: [readProblem(value, '', where)], warnings: [], redacted, line: where.line };
  if (value.type === 'warning') return { sessions: [], problems: [], warnings: [readProblem(value, '', where)], redacted, line: where.line };
  if (value.type !== undefined && value.type !== 'session') {
    throw new ReassureError(`not a reassure report line (got type ${JSON.stringify(value.type)}, expected "session", "problem" or "warning")`, where);
  }
  const session = readSession(value, '', where);
  return { ruleIds: Object.keys(session.counts), sessions: [session], problems: [], warnings: [], redacted, line: where.line };
}

// `where.line` is the document's first line: positions in the text are counted from it.
function readJsonReport(text: string, where: Where, redact: boolean): ReportPart {
  const { file } = where;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const described = describeJsonError(error, text);
    // The line is counted from the document's first line.
    const place = described.line === undefined ? {} : { line: (where.line ?? 1) + described.line - 1, column: described.column };
    throw new ReassureError(`not a JSON or JSON Lines report: ${redact ? described.redactedMessage : described.message}`, { file, ...place });
  }
  const report = asObject(value, 'a report object', { file });
  checkSchemaVersion(report.schemaVersion, { file });
  const rules = checkRuleList(report.rules, file);
  return {
    ruleIds: rules.map((rule) => (rule as { id: string }).id),
    sessions: asArray(report.sessions, 'sessions', { file }).map((session, index) => readSession(session, `sessions[${index}]`, { file })),
    problems: asArray(report.problems ?? [], 'problems', { file }).map((problem, index) => readProblem(problem, `problems[${index}]`, { file })),
    warnings: asArray(report.warnings ?? [], 'warnings', { file }).map((warning, index) => readProblem(warning, `warnings[${index}]`, { file })),
    redacted: report.redacted === true,
  };
}

function checkRuleList(value: unknown, file: string): unknown[] {
  const items = asArray(value, 'rules', { file });
  items.forEach((item, index) => failOn(findReportProblem(item, reportDefinition('rule'), `rules[${index}]`), { file }));
  return items;
}

/** A session of a report as the `SessionReport` it was written from (speakers are not in reports). */
function readSession(value: unknown, path: string, where: Where): SessionReport {
  const object = asObject(value, 'a session object', where);
  // Reports of an earlier version may leave out what nothing was missed or suppressed.
  const written = { ...object, missed: object.missed ?? [], suppressed: object.suppressed ?? [] };
  failOn(findReportProblem(written, reportDefinition('session'), path), where);
  const session = written as unknown as JsonSession;
  const attach = (finding: JsonFinding): Finding => ({ ...finding, session: session.id, file: session.file });
  return {
    id: session.id,
    file: session.file,
    format: session.format,
    ...(session.therapist === undefined ? {} : { therapist: session.therapist }),
    ...(session.date === undefined ? {} : { date: session.date }),
    turns: session.turns,
    therapistTurns: session.therapistTurns,
    reassuranceShare: session.reassuranceShare,
    counts: session.counts,
    findings: session.findings.map(attach),
    speakers: [],
    missed: session.missed,
    suppressed: session.suppressed.map((entry) => ({ finding: attach(entry.finding), reason: entry.reason })),
  };
}

/** A problem or warning as a report writes it; a `kind` this version does not know is left out. */
function readProblem(value: unknown, path: string, where: Where): InputProblem {
  const object = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  // The kind is checked apart, so that a later version's kinds are read (and left out).
  const { kind, ...rest } = object ?? {};
  failOn(findReportProblem(object === undefined ? value : rest, reportDefinition('problem'), path), where);
  const written = rest as { file: string; line?: number; message: string; redactedMessage?: string };
  return {
    file: written.file,
    ...(written.line === undefined ? {} : { line: written.line }),
    message: written.message,
    ...(written.redactedMessage === undefined ? {} : { redactedMessage: written.redactedMessage }),
    ...(isWarningKind(kind) ? { kind } : {}),
  };
}

function isWarningKind(value: unknown): value is WarningKind {
  return (WARNING_KINDS as readonly unknown[]).includes(value);
}

function failOn(problem: string | undefined, where: Where): void {
  if (problem !== undefined) throw new ReassureError(`not a reassure report: ${problem}`, where);
}

function checkSchemaVersion(version: unknown, where: Where): void {
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new ReassureError(`not a reassure report of this version (got schemaVersion ${JSON.stringify(version) ?? 'none'}, expected ${REPORT_SCHEMA_VERSION})`, where);
  }
}

function asObject(value: unknown, what: string, where: Where): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ReassureError(`not a reassure report (got ${describe(value)}, expected ${what})`, where);
}

function asArray(value: unknown, key: string, where: Where): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ReassureError(`not a reassure report (got ${describe(value)} for ${key}, expected a list)`, where);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}
