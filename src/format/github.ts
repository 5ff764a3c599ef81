/**
 * The `github` format: GitHub Actions workflow commands, one annotation per line, shown on
 * the pull request diff. Only pitfalls are emitted: techniques are good practice, and a
 * `::notice` on every empathic sentence would bury the pitfalls on a PR. Expected
 * (labelled) and suppressed findings are left out too: annotations are for what to fix.
 * Pitfalls that fail the run are `::error`, the others `::warning`. Inputs that could not be
 * read (the run exits 2) come first as `::error`, and warnings (no therapist found, …) as
 * `::warning`, so a pull request shows why a file was not audited, not just a red check.
 * With `--strict`, a labelled pitfall no longer found fails the run, so it is an `::error`
 * at its turn.
 */
import { isFailingFinding } from '../report/gate.js';
import type { Finding, FormatOptions, Formatter, InputProblem, RunReport } from '../types.js';
import { describeMissed, describeTurns, findEndColumn, toOneLine, formatValue } from './describe.js';
import { sortFindings } from '../report/order.js';

/** The `github` formatter. */
export const github: Formatter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error/::warning) for pitfalls',
  format: formatGithub,
};

/** Renders one workflow command per input problem, warning and pitfall finding (and missed one under `strict`); `''` when there is none. */
export function formatGithub(report: RunReport, options: Pick<FormatOptions, 'strict'> = {}): string {
  const names = new Map(report.rules.map((rule) => [rule.id, rule.name]));
  const findings = report.sessions
    .flatMap((session) => sortFindings(session.findings, report.rules))
    .filter((finding) => finding.kind === 'pitfall' && finding.expected !== true)
    .map((finding) => renderCommand(finding, names.get(finding.rule) ?? finding.rule, report));
  const problems = report.problems.map((problem) => renderInputCommand('error', 'Not audited', problem));
  const warnings = report.warnings.map((warning) => renderInputCommand('warning', 'Check this transcript', warning));
  const missed = options.strict !== true ? [] : report.sessions.flatMap((session) =>
    session.missed.map((expectation) =>
      renderWorkflowCommand('error', [['file', session.file], ['line', String(expectation.line)], ['title', `Labelled pitfall not found (${expectation.rule})`]], describeMissed(expectation)),
    ),
  );
  return [...problems, ...warnings, ...findings, ...missed].map((line) => `${line}\n`).join('');
}

/** `::error file=F,line=L,title=T::message` for a file the run could not read, or a warning about one. */
function renderInputCommand(command: 'error' | 'warning', title: string, problem: InputProblem): string {
  const properties: [string, string][] = [
    ['file', problem.file],
    ...(problem.line === undefined ? [] : [['line', String(problem.line)] as [string, string]]),
    ['title', title],
  ];
  return renderWorkflowCommand(command, properties, toOneLine(problem.message));
}

/** `::command key=value,…::message`, values and message escaped. */
function renderWorkflowCommand(command: 'error' | 'warning', properties: readonly [string, string][], message: string): string {
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${command} ${list}::${escapeData(message)}`;
}

/** `::warning file=F,line=L,col=C,endColumn=E,title=T::message`. */
function renderCommand(finding: Finding, ruleName: string, report: RunReport): string {
  const command = isFailingFinding(finding, report.failLevel) ? 'error' : 'warning';
  const endColumn = findEndColumn(finding);
  const properties: [string, string][] = [
    ['file', finding.file],
    ['line', String(finding.match.line)],
    ['col', String(finding.match.column)],
    ...(endColumn === undefined ? [] : [['endColumn', String(endColumn)] as [string, string]]),
    ['title', `${ruleName} (${finding.rule})`],
  ];
  return renderWorkflowCommand(command, properties, describeAnnotation(finding, report.redacted));
}

/** `turn 6: "excerpt"`, with the value of session-scope findings; position only when redacted. */
function describeAnnotation(finding: Finding, redacted: boolean): string {
  const value = finding.value === undefined ? '' : ` (value ${formatValue(finding.value)})`;
  const head = `${describeTurns(finding)}${value}`;
  return redacted || finding.excerpt === '' ? head : `${head}: "${toOneLine(finding.excerpt)}"`;
}

/** Escapes a command's message: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: as data, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
