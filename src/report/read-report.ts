/**
 * Reading partial reports back for `reassure merge`: a `json` report (one document) or
 * `jsonl` lines (a session or a warning per line, read as they arrive). What comes back is the
 * sessions in their report form, so a merged run's totals are summed exactly as a single
 * run's are. A report that is not one of these is a one-line error naming its line.
 */
import { ReassureError } from '../errors.js';
import { parseObjectLine } from '../ingest/read-lines.js';
import { WARNING_KINDS } from '../types.js';
import type { Finding, InputProblem, SessionReport, WarningKind } from '../types.js';
import { REPORT_SCHEMA_VERSION } from './run-report.js';

/** A piece of a partial report: a whole `json` report, or one `jsonl` line. */
export interface ReportPart {
  /** The rule ids the report was made with (from `rules`, or a line's `counts`); none from a `jsonl` warning line. */
  ruleIds?: string[];
  sessions: SessionReport[];
  problems: InputProblem[];
  warnings: InputProblem[];
  redacted: boolean;
}

/** One input line with its 1-based number. */
interface Line {
  text: string;
  line: number;
}

/** Reads a report's lines: one part per `jsonl` line, or one part for a `json` document. */
export async function* readReportParts(lines: AsyncIterable<Line>, file: string): AsyncGenerator<ReportPart> {
  const held: string[] = [];
  let document = false;
  for await (const { text, line } of lines) {
    if (document) {
      held.push(text);
      continue;
    }
    if (text.trim() === '') continue;
    const value = parseObjectLine(text);
    if (value === undefined) {
      // A pretty-printed `json` report: its first line is not a whole object.
      document = true;
      held.push(text);
      continue;
    }
    yield Array.isArray(value.sessions) ? readJsonReport(text, file) : readJsonlLine(value, { file, line });
  }
  if (document) yield readJsonReport(held.join('\n'), file);
}

// A line without a `type` is a session, as every line was before warnings had lines of their own.
function readJsonlLine(value: Record<string, unknown>, where: { file: string; line: number }): ReportPart {
  checkSchemaVersion(value.schemaVersion, where);
  const redacted = value.redacted === true;
  if (value.type === 'warning') return { sessions: [], problems: [], warnings: [readProblem(value, where)], redacted };
  if (value.type !== undefined && value.type !== 'session') {
    throw new ReassureError(`not a reassure report line (got type ${JSON.stringify(value.type)}, expected "session" or "warning")`, where);
  }
  const session = readSession(value, where);
  return { ruleIds: Object.keys(session.counts), sessions: [session], problems: [], warnings: [], redacted };
}

function readJsonReport(text: string, file: string): ReportPart {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReassureError(`not a JSON or JSON Lines report: ${(error as Error).message}`, { file });
  }
  const report = asObject(value, 'a report object', { file });
  checkSchemaVersion(report.schemaVersion, { file });
  const sessions = asArray(report.sessions, 'sessions', { file }).map((session) => readSession(asObject(session, 'a session object', { file }), { file }));
  const rules = asArray(report.rules, 'rules', { file }).map((rule) => String(asObject(rule, 'a rule object', { file }).id));
  return {
    ruleIds: rules,
    sessions,
    problems: asArray(report.problems ?? [], 'problems', { file }).map((problem) => readProblem(asObject(problem, 'a problem object', { file }), { file })),
    warnings: asArray(report.warnings ?? [], 'warnings', { file }).map((warning) => readProblem(asObject(warning, 'a warning object', { file }), { file })),
    redacted: report.redacted === true,
  };
}

/** A session of a report as the `SessionReport` it was written from (speakers are not in reports). */
function readSession(value: Record<string, unknown>, where: { file: string; line?: number }): SessionReport {
  const id = asString(value.id, 'id', where);
  const file = asString(value.file, 'file', where);
  const attach = (finding: unknown): Finding => ({ ...(asObject(finding, 'a finding object', where) as Omit<Finding, 'session' | 'file'>), session: id, file });
  const counts = asObject(value.counts, 'counts', where);
  return {
    id,
    file,
    format: asString(value.format, 'format', where),
    turns: asNumber(value.turns, 'turns', where),
    therapistTurns: asNumber(value.therapistTurns, 'therapistTurns', where),
    reassuranceShare: asNumber(value.reassuranceShare, 'reassuranceShare', where),
    counts: Object.fromEntries(Object.entries(counts).map(([rule, count]) => [rule, asNumber(count, `counts.${rule}`, where)])),
    findings: asArray(value.findings, 'findings', where).map(attach),
    speakers: [],
    missed: asArray(value.missed ?? [], 'missed', where) as SessionReport['missed'],
    suppressed: asArray(value.suppressed ?? [], 'suppressed', where).map((entry) => {
      const suppression = asObject(entry, 'a suppressed finding', where);
      return { finding: attach(suppression.finding), reason: asString(suppression.reason, 'reason', where) };
    }),
  };
}

/** A problem or warning as a report writes it; a `kind` this version does not know is left out. */
function readProblem(value: Record<string, unknown>, where: { file: string; line?: number }): InputProblem {
  const problem: InputProblem = { file: asString(value.file, 'file', where), message: asString(value.message, 'message', where) };
  if (value.line !== undefined) problem.line = asNumber(value.line, 'line', where);
  if (isWarningKind(value.kind)) problem.kind = value.kind;
  return problem;
}

function isWarningKind(value: unknown): value is WarningKind {
  return (WARNING_KINDS as readonly unknown[]).includes(value);
}

function checkSchemaVersion(version: unknown, where: { file: string; line?: number }): void {
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new ReassureError(`not a reassure report of this version (got schemaVersion ${JSON.stringify(version) ?? 'none'}, expected ${REPORT_SCHEMA_VERSION})`, where);
  }
}

function asObject(value: unknown, what: string, where: { file: string; line?: number }): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new ReassureError(`not a reassure report (got ${describe(value)}, expected ${what})`, where);
}

function asArray(value: unknown, key: string, where: { file: string; line?: number }): unknown[] {
  if (Array.isArray(value)) return value;
  throw new ReassureError(`not a reassure report (got ${describe(value)} for ${key}, expected a list)`, where);
}

function asString(value: unknown, key: string, where: { file: string; line?: number }): string {
  if (typeof value === 'string') return value;
  throw new ReassureError(`not a reassure report (got ${describe(value)} for ${key}, expected a string)`, where);
}

function asNumber(value: unknown, key: string, where: { file: string; line?: number }): number {
  if (typeof value === 'number') return value;
  throw new ReassureError(`not a reassure report (got ${describe(value)} for ${key}, expected a number)`, where);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return value === null ? 'null' : `a ${typeof value}`;
}
