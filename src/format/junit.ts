/**
 * The `junit` format: JUnit XML for CI test reporters. A `<testsuite>` per session (named
 * after its file), a `<testcase>` per rule; a rule fails its test case when the session has
 * pitfall findings of it at or above the fail level (not expected ones), or, with `--strict`,
 * a turn labelled with it that the rules no longer find. Techniques never fail. An input that could not be read comes first, as a suite whose one test case is in
 * error. Warnings fail nothing: each is a line of the `<system-err>` of its file's first
 * suite, or of a suite of no tests for a file that has none. No timestamps or durations, so
 * the output is deterministic.
 */
import { SEVERITIES } from '../types.js';
import { isFailingFinding } from '../report/gate.js';
import type { Expectation, Finding, FormatOptions, Formatter, InputProblem, RuleSummary, RunReport, SessionReport, Severity } from '../types.js';
import { describeMissed, describeEvidence, describeInputMessage, describeInputPlace, describeLocation, describeTurns, pluralize } from './describe.js';
import { sortFindings } from '../report/order.js';

/** The `junit` formatter. */
export const junit: Formatter = {
  name: 'junit',
  description: 'JUnit XML: a test suite per session, a test case per rule',
  format: formatJunit,
};

/** Renders the report as a JUnit XML document with a trailing newline. */
export function formatJunit(report: RunReport, options: Pick<FormatOptions, 'strict'> = {}): string {
  const warnings = placeWarnings(report);
  const suites = report.sessions.map((session) => renderSuite(report, session, warnings.get(session) ?? [], options.strict === true));
  const failures = suites.reduce((sum, suite) => sum + suite.failures, 0);
  const tests = report.rules.length * report.sessions.length + report.problems.length;
  const errors = report.problems.length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${escapeXmlAttribute(report.tool.name)}" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...report.problems.map((problem) => renderProblemSuite(problem, warnings.get(problem) ?? [], report.redacted)),
    ...[...warnings].flatMap(([owner, list]) => (typeof owner === 'string' ? [renderWarningSuite(owner, list, report.redacted)] : [])),
    ...suites.map((suite) => suite.xml),
    '</testsuites>',
    '',
  ].join('\n');
}

/**
 * Each warning under the first suite of its file (an input not audited, else a session), or
 * under its file's name when no suite has that file, in the order the warnings came.
 */
function placeWarnings(report: RunReport): Map<InputProblem | SessionReport | string, InputProblem[]> {
  const owners = new Map<string, InputProblem | SessionReport>();
  for (const owner of [...report.problems, ...report.sessions]) if (!owners.has(owner.file)) owners.set(owner.file, owner);
  const placed = new Map<InputProblem | SessionReport | string, InputProblem[]>();
  for (const warning of report.warnings) {
    const owner = owners.get(warning.file) ?? warning.file;
    placed.set(owner, [...(placed.get(owner) ?? []), warning]);
  }
  return placed;
}

/**
 * An input that could not be read, as a suite of one test case in error: without it a CI
 * test view showed only the files that were audited, and a run that exited 2 looked green.
 */
function renderProblemSuite(problem: InputProblem, warnings: readonly InputProblem[], redacted: boolean): string {
  const message = `${describeInputPlace(problem)}: ${describeInputMessage(problem, 'problem', redacted)}`;
  return [
    `  <testsuite name="${escapeXmlAttribute(problem.file)}" tests="1" failures="0" errors="1" skipped="0">`,
    `    <testcase classname="${escapeXmlAttribute(problem.file)}" name="read">`,
    `      <error message="${escapeXmlAttribute(message)}" type="input"/>`,
    '    </testcase>',
    ...renderSystemErr(warnings, redacted),
    '  </testsuite>',
  ].join('\n');
}

/** Warnings about a file that has no suite (standard input that was empty), in a suite of no tests. */
function renderWarningSuite(file: string, warnings: readonly InputProblem[], redacted: boolean): string {
  return [
    `  <testsuite name="${escapeXmlAttribute(file)}" tests="0" failures="0" errors="0" skipped="0">`,
    ...renderSystemErr(warnings, redacted),
    '  </testsuite>',
  ].join('\n');
}

/** `<system-err>` with a `file:line: warning: message` line per warning; nothing when there is none. */
function renderSystemErr(warnings: readonly InputProblem[], redacted: boolean): string[] {
  if (warnings.length === 0) return [];
  const lines = warnings.map((warning) => `${describeInputPlace(warning)}: ${describeInputMessage(warning, 'warning', redacted)}`);
  return [`    <system-err>${escapeXmlText(lines.join('\n'))}</system-err>`];
}

/** One session's `<testsuite>` and how many of its test cases fail. */
function renderSuite(report: RunReport, session: SessionReport, warnings: readonly InputProblem[], strict: boolean): { xml: string; failures: number } {
  const failing = sortFindings(
    session.findings.filter((finding) => isFailingFinding(finding, report.failLevel)),
    report.rules,
  );
  // Under --strict a labelled pitfall no longer found fails the run, so it fails its test case.
  const missed = strict ? session.missed : [];
  const cases = report.rules.map((rule) =>
    renderCase(report, session, rule, {
      findings: failing.filter((finding) => finding.rule === rule.id),
      missed: missed.filter((expectation) => expectation.rule === rule.id),
    }),
  );
  const failures = cases.filter((testCase) => testCase.failed).length;
  const head =
    `  <testsuite name="${escapeXmlAttribute(session.file)}" tests="${report.rules.length}"` +
    ` failures="${failures}" errors="0" skipped="0">`;
  return {
    xml: [head, ...cases.map((testCase) => testCase.xml), ...renderSystemErr(warnings, report.redacted), '  </testsuite>'].join('\n'),
    failures,
  };
}

/** One rule's `<testcase>`, with a `<failure>` listing its failing findings and missed labels. */
function renderCase(
  report: RunReport,
  session: SessionReport,
  rule: RuleSummary,
  failing: { findings: readonly Finding[]; missed: readonly Expectation[] },
): { xml: string; failed: boolean } {
  const open = `    <testcase classname="${escapeXmlAttribute(session.id)}" name="${escapeXmlAttribute(rule.id)}"`;
  const { findings, missed } = failing;
  if (findings.length === 0 && missed.length === 0) return { xml: `${open}/>`, failed: false };
  const reasons = [
    ...(findings.length === 0 ? [] : [`${pluralize(findings.length, 'finding')} at or above ${report.failLevel}`]),
    ...(missed.length === 0 ? [] : [`${pluralize(missed.length, 'labelled turn')} no longer found (--strict)`]),
  ];
  const message = `${rule.name}: ${reasons.join('; ')}`;
  const body = [
    ...findings.map((finding) => describeFailure(finding, report.redacted)),
    ...missed.map((expectation) => `${session.file}:${expectation.line}  ${describeMissed(expectation)}`),
  ].join('\n');
  const type = findings.length === 0 ? rule.severity : highestSeverity(findings);
  return {
    xml: [
      `${open}>`,
      `      <failure message="${escapeXmlAttribute(message)}" type="${type}">${escapeXmlText(body)}</failure>`,
      '    </testcase>',
    ].join('\n'),
    failed: true,
  };
}

/** `file:line  turn N  "excerpt"`. */
function describeFailure(finding: Finding, redacted: boolean): string {
  const parts = [describeLocation(finding), describeTurns(finding)];
  const evidence = describeEvidence(finding, redacted);
  if (evidence !== '') parts.push(evidence);
  return parts.join('  ');
}

/** The most serious severity among the findings. */
function highestSeverity(findings: readonly Finding[]): Severity {
  return findings.reduce<Severity>(
    (highest, finding) => (SEVERITIES.indexOf(finding.severity) > SEVERITIES.indexOf(highest) ? finding.severity : highest),
    'info',
  );
}

/** Characters XML 1.0 does not allow anywhere (controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const ILLEGAL_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Removes characters XML 1.0 does not allow. */
export function stripIllegalXml(text: string): string {
  return text.replace(ILLEGAL_XML, '');
}

/** Escapes text content: illegal characters removed, `&`, `<`, `>` as entities. */
export function escapeXmlText(text: string): string {
  return stripIllegalXml(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes a double-quoted attribute value, keeping tabs and line breaks as character references. */
export function escapeXmlAttribute(text: string): string {
  return escapeXmlText(text)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}
