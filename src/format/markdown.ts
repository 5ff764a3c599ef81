/**
 * The `markdown` format, for a PR comment or `$GITHUB_STEP_SUMMARY`: the count table (wide
 * or transposed, by the same rule as the terminal table, see `layout.ts`), the summary
 * line, the inputs that could not be read and the warnings (when there are any), and a
 * "Pitfalls" section listing each pitfall finding. Every piece of report text is escaped,
 * so an excerpt cannot break the table or inject markup. `details` does not change it (the
 * Pitfalls section is always there, with the labelled pitfalls no longer found); `quiet`
 * keeps only pitfalls and gives `''` when nothing fails the run and every input was read.
 */
import { escapeControlCharacters } from '../errors.js';
import { isFailingFinding } from '../report/gate.js';
import type { Finding, FormatOptions, Formatter, InputProblem, RuleSummary, RunReport, SessionReport } from '../types.js';
import {
  REDACTED,
  describeInputMessage,
  describeInputPlace,
  describeLocation,
  describeRun,
  describeTurns,
  toOneLine,
  formatOverallShare,
  formatSessionShare,
  formatValue,
  isQuietlyClean,
} from './describe.js';
import { assignRuleCodes, chooseLayout } from './layout.js';
import { sortFindings } from '../report/order.js';
import { groupRules } from './order.js';

/** The `markdown` formatter. */
export const markdown: Formatter = {
  name: 'markdown',
  description: 'Markdown tables and a pitfall list, for PR comments and job summaries',
  format: formatMarkdown,
};

/** Renders the report as GitHub-flavoured Markdown ending in a newline. */
export function formatMarkdown(report: RunReport, options: FormatOptions): string {
  if (options.quiet && isQuietlyClean(report, options.failing) && report.problems.length === 0) return '';
  const { techniques, pitfalls } = groupRules(report.rules);
  const rules = options.quiet ? pitfalls : [...techniques, ...pitfalls];
  const sections = ['## reassure', renderCounts(report, rules, !options.quiet), escapeMarkdown(describeRun(report)), renderInputMessages(report), renderPitfalls(report, options.strict === true)];
  return `${sections.filter((section) => section !== '').join('\n\n')}\n`;
}

/** The count table in the layout `chooseLayout` picks; `''` with no session, where it would be all zeros. */
function renderCounts(report: RunReport, rules: readonly RuleSummary[], showShare: boolean): string {
  if (report.sessions.length === 0) return '';
  return chooseLayout(rules, report.sessions) === 'wide' ? renderWide(report, rules, showShare) : renderTransposed(report, rules, showShare);
}

/** A row per rule (Techniques, then Pitfalls, each under a bold group row), a column per session. */
function renderWide(report: RunReport, rules: readonly RuleSummary[], showShare: boolean): string {
  const { techniques, pitfalls } = groupRules(rules);
  const blanks = report.sessions.map(() => '');
  const rows: string[][] = [];
  if (techniques.length > 0) {
    rows.push(['**Techniques**', ...blanks, '']);
    for (const rule of techniques) rows.push(renderRuleRow(report, rule));
  }
  if (pitfalls.length > 0) {
    rows.push(['**Pitfalls**', ...blanks, '']);
    for (const rule of pitfalls) rows.push(renderRuleRow(report, rule));
  }
  if (showShare) {
    rows.push([
      'Reassurance share',
      ...report.sessions.map(formatSessionShare),
      formatOverallShare(report.sessions),
    ]);
  }
  const head = ['Rule', ...report.sessions.map((session) => escapeMarkdown(session.id)), 'Total'];
  return renderTable(head, rows);
}

/** One rule's counts per session and in total, escaped. */
function renderRuleRow(report: RunReport, rule: RuleSummary): string[] {
  return [
    escapeMarkdown(rule.name),
    ...report.sessions.map((session) => renderCount(rule, session.counts[rule.id] ?? 0)),
    renderCount(rule, report.totals.counts[rule.id] ?? 0),
  ];
}

/** A row per session, a column per rule code, a Total row, then a legend of the codes. */
function renderTransposed(report: RunReport, rules: readonly RuleSummary[], showShare: boolean): string {
  const codes = assignRuleCodes(rules);
  const { techniques, pitfalls } = groupRules(rules);
  const ordered = [...techniques, ...pitfalls];
  const share = (value: string): string[] => (showShare ? [value] : []);
  const rows = report.sessions.map((session) => [
    escapeMarkdown(session.id),
    ...ordered.map((rule) => renderCount(rule, session.counts[rule.id] ?? 0)),
    ...share(formatSessionShare(session)),
  ]);
  rows.push([
    '**Total**',
    ...ordered.map((rule) => renderCount(rule, report.totals.counts[rule.id] ?? 0)),
    ...share(formatOverallShare(report.sessions)),
  ]);
  const head = ['Session', ...ordered.map((rule) => codes.get(rule.id) ?? rule.id), ...(showShare ? ['Share'] : [])];
  const legend = (label: string, group: readonly RuleSummary[]): string =>
    `${label}: ${group.map((rule) => `${codes.get(rule.id) ?? rule.id} ${escapeMarkdown(rule.name)}`).join(', ')}`;
  const legends = [
    ...(techniques.length > 0 ? [legend('Techniques', techniques)] : []),
    ...(pitfalls.length > 0 ? [legend('Pitfalls', pitfalls)] : []),
  ];
  return [renderTable(head, rows), legends.join('  \n')].join('\n\n');
}

/** Zero as `·`, pitfall counts above zero in bold. */
function renderCount(rule: RuleSummary, count: number): string {
  if (count === 0) return '·';
  return rule.kind === 'pitfall' ? `**${count}**` : String(count);
}

/** A GFM table, first column left-aligned, the others right-aligned. Cells must be escaped. */
function renderTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  const align = head.map((_, index) => (index === 0 ? ':--' : '--:'));
  return [line(head), line(align), ...rows.map(line)].join('\n');
}

/**
 * The inputs that could not be read, then the warnings, each with its place; `''` when there
 * is none. A redacted report keeps the places and leaves the messages out.
 */
function renderInputMessages(report: RunReport): string {
  if (report.problems.length === 0 && report.warnings.length === 0) return '';
  const item = (kind: 'problem' | 'warning', problem: InputProblem): string =>
    `- ${codeSpan(describeInputPlace(problem))} ${escapeMarkdown(describeInputMessage(problem, kind, report.redacted))}`;
  const items = [...report.problems.map((problem) => item('problem', problem)), ...report.warnings.map((warning) => item('warning', warning))];
  return ['### Problems and warnings', items.join('\n')].join('\n\n');
}

/** Every pitfall finding as a list item, or a line saying there is none. */
function renderPitfalls(report: RunReport, strict: boolean): string {
  const findings = report.sessions
    .flatMap((session) => sortFindings(session.findings, report.rules))
    .filter((finding) => finding.kind === 'pitfall');
  const names = new Map(report.rules.map((rule) => [rule.id, rule.name]));
  const items = [
    ...findings.map((finding) => renderPitfall(finding, names.get(finding.rule) ?? finding.rule, report)),
    ...report.sessions.flatMap((session) => renderMissed(session, names, strict)),
  ];
  return ['### Pitfalls', items.length > 0 ? items.join('\n') : 'No pitfalls found.'].join('\n\n');
}

/** ``- `file:line` turn 2, **Creating false hope** (`false-hope`, labelled, not found)``: the summary's "missed", placed. */
function renderMissed(session: SessionReport, names: ReadonlyMap<string, string>, strict: boolean): string[] {
  return session.missed.map((missed) => {
    const where = missed.scope === 'session' ? 'session' : `turn ${missed.turn}`;
    const marks = ['labelled, not found', ...(strict ? ['fails'] : [])].join(', ');
    const name = escapeMarkdown(names.get(missed.rule) ?? missed.rule);
    return `- ${codeSpan(`${session.file}:${missed.line}`)} ${where}, **${name}** (${codeSpan(missed.rule)}, ${marks})`;
  });
}

/** ``- `file:line` turn 6, **Creating false hope** (`false-hope`, error): excerpt``. */
function renderPitfall(finding: Finding, ruleName: string, report: RunReport): string {
  const marks: string[] = [finding.severity];
  if (isFailingFinding(finding, report.failLevel)) marks.push('fails');
  if (finding.expected === true) marks.push('expected');
  const value = finding.value === undefined ? '' : `, value ${formatValue(finding.value)}`;
  const head =
    `- ${codeSpan(describeLocation(finding))} ${describeTurns(finding)}${value}, ` +
    `**${escapeMarkdown(ruleName)}** (${codeSpan(finding.rule)}, ${marks.join(', ')})`;
  if (report.redacted) return `${head}: ${escapeMarkdown(REDACTED)}`;
  return finding.excerpt === '' ? head : `${head}: “${escapeMarkdown(toOneLine(finding.excerpt))}”`;
}

/** Backslash-escapes the characters that could start markup or break a table cell. */
export function escapeMarkdown(text: string): string {
  return toOneLine(text).replace(/[\\`*_[\]<>|~&#!]/g, '\\$&');
}

/**
 * Wraps text in a code span with a fence longer than any backtick run inside it; control
 * characters (a newline in a file name ends the list item) are written escaped.
 */
export function codeSpan(raw: string): string {
  const text = escapeControlCharacters(raw);
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}
