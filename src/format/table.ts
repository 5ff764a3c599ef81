/**
 * The default format: a count table for the terminal, a one-line summary and, with
 * `details`, every finding under its session. Layout (wide vs transposed for many
 * sessions) is decided in `layout.ts`. Colour only when `options.color`, through a
 * private chalk instance, so output never depends on terminal detection.
 */
import Table from 'cli-table3';
import { Chalk, type ChalkInstance } from 'chalk';
import { escapeControlCharacters } from '../errors.js';
import { isFailingFinding } from '../report/gate.js';
import type { Finding, FormatOptions, Formatter, RuleSummary, RunReport, SessionReport } from '../types.js';
import {
  isQuietlyClean,
  describeEvidence,
  describeLocation,
  describeRun,
  describeTurns,
  formatOverallShare,
  formatPercent,
  formatSessionShare,
} from './describe.js';
import { MAX_WIDTH, assignRuleCodes, chooseLayout } from './layout.js';
import { sortFindings } from '../report/order.js';
import { groupRules } from './order.js';
import { meetsFailLevel } from '../report/gate.js';

/** Widest session id column in the transposed table; longer ids are cut with `…`. */
const MAX_SESSION_ID_WIDTH = 30;
/**
 * Past this many sessions the table is a summary (totals and the sessions with the most
 * pitfalls): a table of thousands of rows is unread, and cli-table3 lays it out in time
 * quadratic in its rows.
 */
export const MAX_LISTED_SESSIONS = 200;
/** How many sessions a summary lists. */
const SUMMARY_SESSIONS = 20;

/** Table cells: plain strings or cli-table3 cell objects. */
type Cell = Table.Cell;

/** What the renderers need besides the report. */
interface Context {
  report: RunReport;
  options: FormatOptions;
  paint: ChalkInstance;
}

/** The `table` formatter. */
export const table: Formatter = {
  name: 'table',
  description: 'counts per rule and session as a terminal table, with a summary line (default)',
  format: formatTable,
};

/**
 * Renders the report as a terminal table. With `quiet`: pitfalls only, and `''` when
 * nothing fails the run (no pitfall finding, no `--max-pitfalls` or `--strict` gate). With no
 * session, the summary line alone.
 */
export function formatTable(report: RunReport, options: FormatOptions): string {
  if (options.quiet && isQuietlyClean(report, options.failing)) return '';
  // A session id or file name holding a newline or an escape split rows or spoke to the terminal.
  const sessions = report.sessions.map((session) => ({ ...session, id: escapeControlCharacters(session.id), file: escapeControlCharacters(session.file) }));
  const context: Context = { report: { ...report, sessions }, options, paint: new Chalk({ level: options.color ? 1 : 0 }) };
  // With no session the table is all zeros and pushes the reason (on stderr) off the screen.
  const blocks = report.sessions.length === 0 ? [] : [renderCounts(context)];
  if (options.details) blocks.push(...sessions.map((session) => renderSessionDetails(context, session)));
  // `--quiet --strict` failed on a labelled pitfall no longer found and showed only a count of it.
  else if (options.quiet && options.strict === true) {
    const missed = sessions.flatMap((session) => session.missed.map((expectation) => renderMissedLine(session, expectation)));
    if (missed.length > 0) blocks.push(missed.join('\n'));
  }
  blocks.push(describeRun(report));
  return `${blocks.join('\n\n')}\n`;
}

/** The rules shown: all, or pitfalls only when quiet. */
function selectRules(context: Context): RuleSummary[] {
  const { techniques, pitfalls } = groupRules(context.report.rules);
  return context.options.quiet ? pitfalls : [...techniques, ...pitfalls];
}

/** The count table in the layout `chooseLayout` picks. */
function renderCounts(context: Context): string {
  const rules = selectRules(context);
  return chooseLayout(rules, context.report.sessions) === 'wide'
    ? renderWide(context, rules)
    : renderTransposed(context, rules);
}

/**
 * Creates a compact table (no lines between body rows) with no colours of its own.
 * cli-table3 renders cell objects (with `colSpan`) in `head`, but types `head` as
 * `string[]`; hence the cast.
 */
function createTable(head: Cell[], colWidths?: (number | null)[]): Table.Table {
  return new Table({
    head: head as string[],
    ...(colWidths === undefined ? {} : { colWidths }),
    style: { head: [], border: [], compact: true },
  });
}

/** A row per rule, grouped under Techniques and Pitfalls; a column per session plus Total. */
function renderWide(context: Context, rules: readonly RuleSummary[]): string {
  const { report, paint } = context;
  const width = report.sessions.length + 2;
  const out = createTable([paint.bold('Rule'), ...report.sessions.map((s) => paint.bold(s.id)), paint.bold('Total')]);
  const { techniques, pitfalls } = groupRules(rules);
  if (techniques.length > 0) {
    out.push([{ colSpan: width, content: paint.bold('Techniques') }]);
    for (const rule of techniques) out.push(renderWideRuleRow(context, rule));
  }
  if (pitfalls.length > 0) {
    out.push([{ colSpan: width, content: paint.bold('Pitfalls') }]);
    for (const rule of pitfalls) out.push(renderWideRuleRow(context, rule));
  }
  // The share covers techniques and pitfalls alike, so it closes the table (not in --quiet).
  if (techniques.length > 0) {
    out.push([
      'Reassurance share',
      ...report.sessions.map((s) => alignRight(formatSessionShare(s))),
      alignRight(formatOverallShare(report.sessions)),
    ]);
  }
  return out.toString();
}

/** One rule's counts per session and in total. */
function renderWideRuleRow(context: Context, rule: RuleSummary): Cell[] {
  const { report } = context;
  return [
    rule.name,
    ...report.sessions.map((session) => renderCount(context, rule, session.counts[rule.id] ?? 0)),
    renderCount(context, rule, report.totals.counts[rule.id] ?? 0),
  ];
}

/**
 * A row per session, a column per rule under its short code (techniques, then pitfalls,
 * under spanning group headers), the reassurance share, a Total row and a legend. Past
 * `MAX_LISTED_SESSIONS` sessions it is a summary instead: the Total row first, then the
 * sessions with the most pitfalls, and a line saying how many are not shown.
 */
function renderTransposed(context: Context, rules: readonly RuleSummary[]): string {
  const { report, paint, options } = context;
  const codes = assignRuleCodes(rules);
  const { techniques, pitfalls } = groupRules(rules);
  const summarized = report.sessions.length > MAX_LISTED_SESSIONS;
  const listed = summarized ? selectMostPitfalls(report.sessions, pitfalls, SUMMARY_SESSIONS) : report.sessions;
  const showShare = !options.quiet;
  const idWidth = Math.min(MAX_SESSION_ID_WIDTH, Math.max('Session'.length, ...listed.map((s) => s.id.length)));
  const groupHead: Cell[] = [''];
  if (techniques.length > 0) groupHead.push({ colSpan: techniques.length, content: paint.bold('Techniques') });
  if (pitfalls.length > 0) groupHead.push({ colSpan: pitfalls.length, content: paint.bold('Pitfalls') });
  if (showShare) groupHead.push('');
  const out = createTable(groupHead, [idWidth + 2]);
  const ordered = [...techniques, ...pitfalls];
  out.push([
    paint.bold('Session'),
    ...ordered.map((rule) => paint.bold(codes.get(rule.id) ?? rule.id)),
    ...(showShare ? [paint.bold('Share')] : []),
  ]);
  const totalRow = [
    paint.bold('Total'),
    ...ordered.map((rule) => renderCount(context, rule, report.totals.counts[rule.id] ?? 0)),
    ...(showShare ? [alignRight(formatOverallShare(report.sessions))] : []),
  ];
  if (summarized) out.push(totalRow);
  for (const session of listed) {
    out.push([
      session.id,
      ...ordered.map((rule) => renderCount(context, rule, session.counts[rule.id] ?? 0)),
      ...(showShare ? [alignRight(formatSessionShare(session))] : []),
    ]);
  }
  if (!summarized) out.push(totalRow);
  const legend = wrapWords(
    ordered.map((rule) => `${codes.get(rule.id) ?? rule.id} = ${rule.name}`),
    '; ',
    MAX_WIDTH,
  );
  const hidden = report.sessions.length - listed.length;
  const note = summarized
    ? [
        '',
        ...wrapWords(
          `Total of all ${report.sessions.length} sessions, then the ${listed.length} with the most pitfalls; ${hidden} more not shown (--format json, jsonl or --details lists every session).`.split(' '),
          ' ',
          MAX_WIDTH,
        ),
      ]
    : [];
  return [out.toString(), ...legend, ...note].join('\n');
}

/** The `count` sessions with the most pitfall findings, then the most findings; ties keep report order. */
function selectMostPitfalls(sessions: readonly SessionReport[], pitfalls: readonly RuleSummary[], count: number): SessionReport[] {
  const pitfallCount = (session: SessionReport): number => pitfalls.reduce((sum, rule) => sum + (session.counts[rule.id] ?? 0), 0);
  const ranked = sessions.map((session, index) => ({ session, index, pitfalls: pitfallCount(session), findings: session.findings.length }));
  ranked.sort((a, b) => b.pitfalls - a.pitfalls || b.findings - a.findings || a.index - b.index);
  return ranked.slice(0, count).map((entry) => entry.session);
}

/**
 * A count cell: zero as a dim `·`; pitfall counts above zero highlighted (red when the
 * rule's severity fails the run, yellow otherwise).
 */
function renderCount(context: Context, rule: RuleSummary, count: number): Cell {
  const { paint, report } = context;
  if (count === 0) return alignRight(paint.dim('·'));
  if (rule.kind === 'technique') return alignRight(String(count));
  const colour = meetsFailLevel(rule.severity, report.failLevel) ? paint.red.bold : paint.yellow.bold;
  return alignRight(colour(String(count)));
}

/** A right-aligned cell. */
function alignRight(content: string): Cell {
  return { content, hAlign: 'right' };
}

/** Joins items with a separator into lines no wider than `width` (an item is never split). */
function wrapWords(items: readonly string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const candidate = line === '' ? item : `${line}${separator}${item}`;
    if (line !== '' && candidate.length > width) {
      lines.push(`${line}${separator.trimEnd()}`);
      line = item;
    } else {
      line = candidate;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * One session's findings, one per line (`file:line  turn N  rule  "excerpt"`), expected
 * ones marked, then suppressed findings with their reasons and missed expectations.
 */
function renderSessionDetails(context: Context, session: SessionReport): string {
  const { report, options, paint } = context;
  const keep = (finding: Finding): boolean => !options.quiet || finding.kind === 'pitfall';
  const lines = [
    `${paint.bold(session.id)} (${session.file}): ${session.therapistTurns === 0 ? 'no therapist turn found' : `reassurance: ${formatPercent(session.reassuranceShare)} of therapist turns`}`,
  ];
  const findings = sortFindings(session.findings.filter(keep), report.rules);
  for (const finding of findings) lines.push(`  ${renderFindingLine(context, finding)}`);
  if (findings.length === 0) lines.push('  no findings');
  const suppressed = session.suppressed.filter((entry) => keep(entry.finding));
  const byFinding = new Map(suppressed.map((entry) => [entry.finding, entry.reason]));
  for (const finding of sortFindings([...byFinding.keys()], report.rules)) {
    const reason = byFinding.get(finding) ?? '';
    lines.push(paint.dim(`  ${renderFindingLine(context, finding, false)}  (suppressed: ${reason})`));
  }
  for (const missed of session.missed) lines.push(`  ${renderMissedLine(session, missed)}`);
  return lines.join('\n');
}

/** `file:line  turn N  rule  (missed: labelled but not found)`. */
function renderMissedLine(session: SessionReport, missed: SessionReport['missed'][number]): string {
  return `${session.file}:${missed.line}  turn ${missed.turn}  ${missed.rule}  (missed: labelled but not found)`;
}

/** `file:line  turn N  rule  "excerpt"`, marked `(expected)` when labelled as intended. */
function renderFindingLine(context: Context, finding: Finding, highlight = true): string {
  const { report, paint } = context;
  const failing = highlight && isFailingFinding(finding, report.failLevel);
  const rule = failing ? paint.red.bold(finding.rule) : finding.rule;
  const parts = [describeLocation(finding), describeTurns(finding), rule];
  const evidence = describeEvidence(finding, report.redacted);
  if (evidence !== '') parts.push(evidence);
  if (finding.expected === true) parts.push('(expected)');
  return parts.join('  ');
}
