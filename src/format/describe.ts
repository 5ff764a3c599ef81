/**
 * Wording shared by the human-readable formats (table, markdown, junit, sarif, github):
 * one place that turns numbers and findings into words.
 */
import { isFailingFinding, type Gates } from '../report/gate.js';
import type { Expectation, Finding, FindingEvidence, InputProblem, RunReport, SessionReport } from '../types.js';

/** Shown instead of transcript text when the report is redacted. */
export const REDACTED = '[redacted]';

/** Formats a share in [0, 1] as a whole percentage: `0.4` → `40%`. */
export function formatPercent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Formats a measured value with at most two decimals: `0.756` → `0.76`. */
export function formatValue(value: number): string {
  return String(Number(value.toFixed(2)));
}

/** `1 session`, `3 sessions`. */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** A session's reassurance share, or `-` when it has no therapist turn to take a share of. */
export function formatSessionShare(session: Pick<SessionReport, 'reassuranceShare' | 'therapistTurns'>): string {
  return session.therapistTurns === 0 ? '-' : formatPercent(session.reassuranceShare);
}

/** The reassurance share over all sessions, or `-` when none has a therapist turn. */
export function formatOverallShare(sessions: readonly SessionReport[]): string {
  return sessions.some((session) => session.therapistTurns > 0) ? formatPercent(computeOverallShare(sessions)) : '-';
}

/** Therapist turns that reassure (any turn finding) over all sessions, as a share of all therapist turns. */
export function computeOverallShare(sessions: readonly SessionReport[]): number {
  const therapistTurns = sessions.reduce((sum, session) => sum + session.therapistTurns, 0);
  if (therapistTurns === 0) return 0;
  const reassured = sessions.reduce((sum, session) => sum + session.reassuranceShare * session.therapistTurns, 0);
  return reassured / therapistTurns;
}

/** `turn 2 is labelled false-hope, which the rules no longer find` (a missed expectation, no transcript words). */
export function describeMissed(missed: Expectation): string {
  const where = missed.scope === 'session' ? 'the session' : `turn ${missed.turn}`;
  return `${where} is labelled ${missed.rule}, which the rules no longer find`;
}

/** Whether a quiet table or summary has nothing to show: no pitfall fails the run and no gate does. */
export function isQuietlyClean(report: RunReport, failing: boolean): boolean {
  return !failing && countFailingPitfalls(report) === 0;
}

/** How many pitfall findings of the run fail it. */
export function countFailingPitfalls(report: RunReport): number {
  return report.sessions.reduce(
    (sum, session) => sum + session.findings.filter((finding) => isFailingFinding(finding, report.failLevel)).length,
    0,
  );
}

/**
 * The one-line run summary: sessions, therapist turns, findings, pitfalls and how many
 * fail, then expected / suppressed / missed counts when non-zero.
 */
export function describeRun(report: RunReport): string {
  const { totals, failLevel } = report;
  const findings = report.sessions.flatMap((session) => session.findings);
  const expected = findings.filter((finding) => finding.expected === true).length;
  const suppressed = report.sessions.reduce((sum, session) => sum + session.suppressed.length, 0);
  const missed = report.sessions.reduce((sum, session) => sum + session.missed.length, 0);
  const verdict =
    failLevel === 'never'
      ? 'fail level never'
      : `${countFailingPitfalls(report)} failing at fail level ${failLevel}`;
  const parts = [
    pluralize(totals.sessions, 'session'),
    pluralize(totals.therapistTurns, 'therapist turn'),
    pluralize(totals.findings, 'finding'),
    `${pluralize(totals.pitfalls, 'pitfall')} (${verdict})`,
  ];
  if (expected > 0) parts.push(`${expected} expected`);
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  if (missed > 0) parts.push(`${missed} missed`);
  return parts.join(', ');
}

/**
 * An input problem (`not audited: message`) or warning (`warning: message`); a redacted
 * report leaves the message out, as the HTML page does.
 */
export function describeInputMessage(problem: InputProblem, kind: 'problem' | 'warning', redacted: boolean): string {
  const label = kind === 'problem' ? 'not audited' : 'warning';
  return redacted ? `${label} (message left out by --redact)` : `${label}: ${problem.message}`;
}

/** `file:line`, or `file` when the problem has no line. */
export function describeInputPlace(problem: InputProblem): string {
  return problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
}

/** What a redacted report says instead of its input problems' and warnings' messages. */
export function describeHiddenMessages(report: RunReport): string {
  return `${pluralize(report.problems.length, 'input problem')} and ${pluralize(report.warnings.length, 'warning')}; their messages are left out of a redacted report.`;
}

/**
 * Why `--max-pitfalls` or `--strict` fails the run, a line each (none when they pass): the
 * summary line speaks of the fail level only, so a run failed by a gate said nothing of why.
 */
export function describeGateFailures(seen: { unexpectedPitfalls: number; missed: boolean }, gates: Gates): string[] {
  const lines: string[] = [];
  if (gates.maxPitfalls !== undefined && seen.unexpectedPitfalls > gates.maxPitfalls) {
    lines.push(`max-pitfalls: ${pluralize(seen.unexpectedPitfalls, 'pitfall finding')} not labelled as intended, more than ${gates.maxPitfalls}; the run fails`);
  }
  if (gates.strict === true && seen.missed) lines.push('strict: a labelled pitfall is no longer found (see "missed"); the run fails');
  return lines;
}

/** The note after a run whose every output went to a file: `wrote report.html and run.sarif`. */
export function describeWrittenFiles(files: readonly string[]): string {
  const last = files.at(-1) ?? '';
  return `wrote ${files.length > 1 ? `${files.slice(0, -1).join(', ')} and ${last}` : last}`;
}

/** `turn 4`, or for a session-scope finding with contributing turns `turns 3, 7, 9`. */
export function describeTurns(finding: Pick<Finding, 'turn' | 'turns'>): string {
  return finding.turns !== undefined && finding.turns.length > 0
    ? `turns ${finding.turns.join(', ')}`
    : `turn ${finding.turn}`;
}

/** `path/file.yaml:12`: where the match is, so an editor can jump to it. */
export function describeLocation(finding: Finding): string {
  return `${finding.file}:${finding.match.line}`;
}

/**
 * What a finding says, for one line: `"excerpt"`, the measured value of a session-scope
 * finding, or `[redacted]` when the transcript text was left out.
 */
export function describeEvidence(finding: Pick<Finding, 'value' | 'excerpt' | 'evidence'>, redacted: boolean): string {
  const parts: string[] = [];
  if (finding.value !== undefined) parts.push(`value ${formatValue(finding.value)}`);
  if (redacted) parts.push(REDACTED);
  else if (finding.excerpt !== '') parts.push(`"${toOneLine(finding.excerpt)}"`);
  if (finding.evidence !== undefined) parts.push(`(${describeModelEvidence(finding.evidence)})`);
  return parts.join('  ');
}

/** `model 0.83 >= 0.50: tough +2.00, rule:empathy +1.50`: a model finding's score and features. */
export function describeModelEvidence(evidence: FindingEvidence): string {
  const head = `model ${evidence.score.toFixed(2)} >= ${evidence.threshold.toFixed(2)}`;
  if (evidence.features.length === 0) return head;
  const sign = (weight: number): string => (weight >= 0 ? `+${weight.toFixed(2)}` : weight.toFixed(2));
  return `${head}: ${evidence.features.map((item) => `${toOneLine(item.feature)} ${sign(item.weight)}`).join(', ')}`;
}

/**
 * Control characters other than whitespace (C0, DEL, C1): never useful in output, and in a
 * terminal an excerpt carrying ESC could restyle or rewrite the screen.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** Removes control characters and collapses whitespace (line breaks included) to one space. */
export function toOneLine(text: string): string {
  return text.replace(CONTROL, '').replace(/\s+/g, ' ').trim();
}

/**
 * The exclusive end column of a finding's match, when it can be known: the match is
 * non-empty and contains no line break (a finding does not say where a match that spans
 * a source line break ends).
 */
export function findEndColumn(finding: Finding): number | undefined {
  const length = finding.match.end - finding.match.start;
  return length > 0 && !/[\r\n]/.test(finding.match.text) ? finding.match.column + length : undefined;
}
