/**
 * The `json` format: the whole run as one versioned JSON document with a stable key order
 * (described by `schema/report.schema.json`). Machine output is always complete, so the
 * display options (`details`, `quiet`, `color`) do not change it.
 */
import type {
  Finding,
  Formatter,
  InputProblem,
  ReportHead,
  ReportWriter,
  RuleSummary,
  RunReport,
  SessionReport,
} from '../types.js';
import { sortFindings } from '../report/order.js';
import { emptyTail, joinReport, streamJsonArray } from './stream.js';

/** A finding as the JSON report writes it (the session and file are on the session). */
export type JsonFinding = Omit<Finding, 'session' | 'file'>;

/** A session as the JSON report writes it: the session report, findings in their JSON form, no speakers. */
export type JsonSession = Omit<SessionReport, 'findings' | 'suppressed' | 'speakers'> & {
  findings: JsonFinding[];
  suppressed: { finding: JsonFinding; reason: string }[];
};

/** The `json` formatter. */
export const json: Formatter = {
  name: 'json',
  description: 'the full report as one versioned JSON document (schema/report.schema.json)',
  format: formatJson,
  stream: streamJson,
};

/** Renders the report as pretty-printed JSON (2 spaces) with a trailing newline. */
export function formatJson(report: RunReport): string {
  return `${JSON.stringify(toJsonReport(report), null, 2)}\n`;
}

/** Writes the same text as `formatJson`, a session at a time. */
export function streamJson(head: ReportHead): ReportWriter {
  const place = (report: RunReport, items: unknown[]): unknown => ({ ...toJsonReport(report), sessions: items });
  const array = streamJsonArray(place, joinReport(head, [], emptyTail()));
  return {
    start: array.start,
    session: (session) => array.item(toJsonSession(session, head.rules)),
    end: (tail) => array.end(joinReport(head, [], tail)),
  };
}

/** Builds the JSON document: keys in a fixed order, findings sorted, counts in rule order. */
export function toJsonReport(report: RunReport): Record<string, unknown> {
  const { totals } = report;
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    rules: report.rules.map(toJsonRule),
    sessions: report.sessions.map((session) => toJsonSession(session, report.rules)),
    totals: {
      sessions: totals.sessions,
      turns: totals.turns,
      therapistTurns: totals.therapistTurns,
      findings: totals.findings,
      techniques: totals.techniques,
      pitfalls: totals.pitfalls,
      counts: orderCounts(totals.counts, report.rules),
    },
    problems: report.problems.map(toJsonProblem),
    warnings: report.warnings.map(toJsonProblem),
    failLevel: report.failLevel,
    redacted: report.redacted,
  };
}

/** A rule's id, kind, name, severity and scope. */
function toJsonRule(rule: RuleSummary): Record<string, unknown> {
  return { id: rule.id, kind: rule.kind, name: rule.name, severity: rule.severity, scope: rule.scope };
}

/** One session (its therapist and date only when given), its findings and suppressed findings in output order. */
export function toJsonSession(session: SessionReport, rules: readonly RuleSummary[]): JsonSession {
  const reasons = new Map(session.suppressed.map((entry) => [entry.finding, entry.reason]));
  return {
    id: session.id,
    file: session.file,
    format: session.format,
    ...(session.therapist === undefined ? {} : { therapist: session.therapist }),
    ...(session.date === undefined ? {} : { date: session.date }),
    turns: session.turns,
    therapistTurns: session.therapistTurns,
    reassuranceShare: session.reassuranceShare,
    counts: orderCounts(session.counts, rules),
    findings: sortFindings(session.findings, rules).map(toJsonFinding),
    missed: session.missed.map((missed) => ({
      rule: missed.rule,
      scope: missed.scope,
      turn: missed.turn,
      line: missed.line,
    })),
    suppressed: sortFindings([...reasons.keys()], rules).map((finding) => ({
      finding: toJsonFinding(finding),
      reason: reasons.get(finding) ?? '',
    })),
  };
}

/** A finding without its session and file; optional keys only when set. */
export function toJsonFinding(finding: Finding): JsonFinding {
  const out: JsonFinding = {
    rule: finding.rule,
    kind: finding.kind,
    severity: finding.severity,
    scope: finding.scope,
    turn: finding.turn,
    line: finding.line,
    speaker: finding.speaker,
    match: {
      start: finding.match.start,
      end: finding.match.end,
      text: finding.match.text,
      line: finding.match.line,
      column: finding.match.column,
    },
    excerpt: finding.excerpt,
  };
  if (finding.turns !== undefined) out.turns = [...finding.turns];
  if (finding.value !== undefined) out.value = finding.value;
  if (finding.expected === true) out.expected = true;
  if (finding.evidence !== undefined) out.evidence = { ...finding.evidence, features: finding.evidence.features.map((item) => ({ ...item })) };
  return out;
}

/** Every rule id in rule order, zero-filled. */
function orderCounts(counts: Readonly<Record<string, number>>, rules: readonly RuleSummary[]): Record<string, number> {
  return Object.fromEntries(rules.map((rule) => [rule.id, counts[rule.id] ?? 0]));
}

/**
 * `{file, line?, message, redactedMessage?, kind?}`: a warning's kind groups it without
 * reading its message; the redacted form (gone from a redacted report) lets `merge --redact`
 * redact the report later.
 */
export function toJsonProblem(problem: InputProblem): Record<string, unknown> {
  return {
    file: problem.file,
    ...(problem.line === undefined ? {} : { line: problem.line }),
    message: problem.message,
    ...(problem.redactedMessage === undefined ? {} : { redactedMessage: problem.redactedMessage }),
    ...(problem.kind === undefined ? {} : { kind: problem.kind }),
  };
}
