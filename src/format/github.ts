/**
 * The `github` format: GitHub Actions workflow commands, one annotation per line, shown on
 * the pull request diff. Only pitfalls are emitted: techniques are good practice, and a
 * `::notice` on every empathic sentence would bury the pitfalls on a PR. Expected
 * (labelled) and suppressed findings are left out too: annotations are for what to fix.
 * Pitfalls that fail the run are `::error`, the others `::warning`.
 */
import { isFailingFinding } from '../report/gate.js';
import type { Finding, Formatter, RunReport } from '../types.js';
import { describeTurns, findEndColumn, toOneLine, formatValue } from './describe.js';
import { sortFindings } from '../report/order.js';

/** The `github` formatter. */
export const github: Formatter = {
  name: 'github',
  description: 'GitHub Actions annotations (::error/::warning) for pitfalls',
  format: formatGithub,
};

/** Renders one workflow command per pitfall finding; `''` when there is none. */
export function formatGithub(report: RunReport): string {
  const names = new Map(report.rules.map((rule) => [rule.id, rule.name]));
  return report.sessions
    .flatMap((session) => sortFindings(session.findings, report.rules))
    .filter((finding) => finding.kind === 'pitfall' && finding.expected !== true)
    .map((finding) => `${renderCommand(finding, names.get(finding.rule) ?? finding.rule, report)}\n`)
    .join('');
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
  const list = properties.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',');
  return `::${command} ${list}::${escapeData(describeAnnotation(finding, report.redacted))}`;
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
