/**
 * The words of `reassure diff`: a plain table (one row per session and rule that changed,
 * `--details` lists the findings), JSON for machines, and a self-contained HTML page in
 * the style of the HTML report.
 */
import { escapeControlCharacters } from '../errors.js';
import type { JsonFinding } from '../format/json.js';
import { describeEvidence, describeTurns, pluralize } from '../format/describe.js';
import { measureColumns, padDisplayEnd } from '../format/display-width.js';
import { SCROLL_SCRIPT, STYLE } from '../format/html-assets.js';
import { escapeHtml, wrapScrollable } from '../format/html-markup.js';
import type { ReportDiff, RuleDiff, SessionDiff } from './compare.js';

/** The formats `diff` writes. */
export const DIFF_FORMATS = ['table', 'json', 'html'] as const;
/** A `diff` format name. */
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** The one-line summary: new and resolved findings (pitfalls among them), unchanged, sessions added and removed. */
export function describeDiff(diff: ReportDiff): string {
  const { totals } = diff;
  const parts = [
    `${totals.added} new (${pluralize(totals.addedPitfalls, 'pitfall')})`,
    `${totals.resolved} resolved (${pluralize(totals.resolvedPitfalls, 'pitfall')})`,
    `${totals.unchanged} unchanged`,
  ];
  if (totals.sessionsAdded > 0) parts.push(`${pluralize(totals.sessionsAdded, 'session')} added`);
  if (totals.sessionsRemoved > 0) parts.push(`${pluralize(totals.sessionsRemoved, 'session')} removed`);
  return parts.join(', ');
}

/** The line that says sessions were paired across working folders, when they were. */
export function describeFolderPairing(diff: ReportDiff): string | undefined {
  const pairing = diff.pairedByFile;
  if (pairing === undefined) return undefined;
  const { example } = pairing;
  return `${pluralize(pairing.sessions, 'session')} paired by file across working folders: the ${pairing.madeIn} report was made in ${pairing.folder}/ (${example.old} in the old report is ${example.new} in the new)`;
}

/**
 * The line that says the reports were made with different rules, when they were: without
 * it a rule switched off read as its findings resolved.
 */
export function describeRuleChange(diff: ReportDiff): string | undefined {
  const only = diff.rulesOnlyIn;
  if (only === undefined) return undefined;
  const parts = [
    ...(only.old.length === 0 ? [] : [`rules only in the old report: ${only.old.join(', ')} (switched off or removed: their findings show as resolved)`]),
    ...(only.new.length === 0 ? [] : [`rules only in the new report: ${only.new.join(', ')} (their findings show as new)`]),
  ];
  return parts.join('; ');
}

/** The notes above the summary line: sessions paired across folders, rules on one side only. */
function describeDiffNotes(diff: ReportDiff): string[] {
  return [describeFolderPairing(diff), describeRuleChange(diff)].filter((line): line is string => line !== undefined);
}

/** Rows of sessions and rules where something changed, as aligned text; `details` lists each new and resolved finding. */
export function formatDiffTable(report: ReportDiff, options: { details: boolean }): string {
  const diff = escapeDiffNames(report);
  const header = ['session', 'rule', 'kind', 'old', 'new', '+new', '-resolved', 'unchanged'];
  const rows = changedRows(diff).map(({ session, rule }) => [
    session.status === 'kept' ? session.id : `${session.id} (${session.status})`,
    rule.rule,
    rule.kind,
    String(rule.old),
    String(rule.new),
    String(rule.added.length),
    String(rule.resolved.length),
    String(rule.unchanged),
  ]);
  const lines = [`reassure diff: ${diff.old.file} (reassure ${diff.old.version}) -> ${diff.new.file} (reassure ${diff.new.version})`, ''];
  if (rows.length === 0) lines.push('No finding changed.');
  else lines.push(...alignColumns([header, ...rows], 3));
  if (options.details) {
    for (const { session, rule } of changedRows(diff)) {
      for (const f of rule.added) lines.push(describeChangedFinding('+', session.id, rule.rule, f, diff.redacted));
      for (const f of rule.resolved) lines.push(describeChangedFinding('-', session.id, rule.rule, f, diff.redacted));
    }
  }
  lines.push('', ...describeDiffNotes(diff), describeDiff(diff));
  return `${lines.join('\n')}\n`;
}

/** The diff as JSON: the totals, then per session the rules with findings on either side. */
export function formatDiffJson(diff: ReportDiff): string {
  return `${JSON.stringify({ diffVersion: 1, ...diff }, null, 2)}\n`;
}

/** A self-contained page: the totals, then a table per session of what changed, new findings first. */
export function formatDiffHtml(diff: ReportDiff): string {
  const sections = diff.sessions
    .filter((session) => session.status !== 'kept' || session.rules.some(isChanged))
    .map((session) => renderSessionDiff(diff, session));
  const cards = [
    ['added', 'New findings', diff.totals.added],
    ['addedPitfalls', 'New pitfalls', diff.totals.addedPitfalls],
    ['resolved', 'Resolved', diff.totals.resolved],
    ['resolvedPitfalls', 'Resolved pitfalls', diff.totals.resolvedPitfalls],
    ['unchanged', 'Unchanged', diff.totals.unchanged],
  ]
    .map(([key, label, value]) => `<div data-total="${key}"><dt>${label}</dt><dd>${value}</dd></div>`)
    .join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>reassure diff</title><style>${STYLE}.added td{background:#fbe3d4}.resolved td{background:#dcecf7}.session h2{font-size:1rem;margin:0 0 .3em;border:none;padding:0}</style></head>`,
    '<body><header>',
    '<h1>What changed</h1>',
    `<p class="meta">${escapeHtml(diff.old.file)} (reassure ${escapeHtml(diff.old.version)}) → ${escapeHtml(diff.new.file)} (reassure ${escapeHtml(diff.new.version)}). ${escapeHtml(describeDiff(diff))}.</p>`,
    ...describeDiffNotes(diff).map((line) => `<p class="note">${escapeHtml(line)}.</p>`),
    '</header><main>',
    `<dl class="totals">${cards}</dl>`,
    sections.length === 0 ? '<p class="note">No finding changed.</p>' : sections.join('\n'),
    `</main><script>${SCROLL_SCRIPT}</script></body></html>`,
    '',
  ].join('\n');
}

function renderSessionDiff(diff: ReportDiff, session: SessionDiff): string {
  const name = (id: string): string => diff.rules.find((rule) => rule.id === id)?.name ?? id;
  const counts = session.rules
    .map((rule) => `<tr data-rule="${escapeHtml(rule.rule)}"><td>${escapeHtml(name(rule.rule))}</td><td class="kind-${rule.kind}">${rule.kind}</td><td class="num">${rule.old}</td><td class="num">${rule.new}</td><td class="num">${rule.added.length}</td><td class="num">${rule.resolved.length}</td><td class="num">${rule.unchanged}</td></tr>`)
    .join('');
  const findings = session.rules.flatMap((rule) => [
    ...rule.added.map((f) => renderFinding('added', 'new', name(rule.rule), f, diff.redacted)),
    ...rule.resolved.map((f) => renderFinding('resolved', 'resolved', name(rule.rule), f, diff.redacted)),
  ]);
  return [
    `<section class="session" data-session="${escapeHtml(session.id)}" data-status="${session.status}">`,
    `<h2>${escapeHtml(session.id)}${session.status === 'kept' ? '' : ` <span class="note">(${session.status === 'added' ? 'only in the new report' : 'only in the old report'})</span>`}</h2>`,
    wrapScrollable(`Counts per rule in ${session.id}`, `<table><thead><tr><th>Rule</th><th>Kind</th><th class="num">Old</th><th class="num">New</th><th class="num">New findings</th><th class="num">Resolved</th><th class="num">Unchanged</th></tr></thead><tbody>${counts}</tbody></table>`),
    findings.length === 0 ? '' : wrapScrollable(`New and resolved findings in ${session.id}`, `<table class="findings"><thead><tr><th>Change</th><th class="num">Turn</th><th>Rule</th><th>Therapist said</th></tr></thead><tbody>${findings.join('')}</tbody></table>`),
    '</section>',
  ].join('');
}

function renderFinding(className: string, label: string, rule: string, finding: JsonFinding, redacted: boolean): string {
  return `<tr class="${className}"><td>${label}</td><td class="num">${finding.turns !== undefined && finding.turns.length > 0 ? finding.turns.join(', ') : finding.turn}</td><td class="kind-${finding.kind}">${escapeHtml(rule)}</td><td class="excerpt">${escapeHtml(describeWords(finding, redacted))}</td></tr>`;
}

// A session id, file name or rule id holding a newline or an escape split lines or spoke to the terminal.
function escapeDiffNames(diff: ReportDiff): ReportDiff {
  const side = (report: ReportDiff['old']): ReportDiff['old'] => ({ ...report, file: escapeControlCharacters(report.file) });
  return {
    ...diff,
    old: side(diff.old),
    new: side(diff.new),
    sessions: diff.sessions.map((session) => ({ ...session, id: escapeControlCharacters(session.id), rules: session.rules.map((rule) => ({ ...rule, rule: escapeControlCharacters(rule.rule) })) })),
  };
}

function changedRows(diff: ReportDiff): { session: SessionDiff; rule: RuleDiff }[] {
  return diff.sessions.flatMap((session) => session.rules.filter(isChanged).map((rule) => ({ session, rule })));
}

function isChanged(rule: RuleDiff): boolean {
  return rule.added.length > 0 || rule.resolved.length > 0;
}

// As `audit --details` words it: a session finding's turns and value, not its first turn and nothing.
function describeChangedFinding(sign: '+' | '-', session: string, rule: string, finding: JsonFinding, redacted: boolean): string {
  return `${sign} ${session}  ${describeTurns(finding)}  ${rule}  ${describeWords(finding, redacted)}`.trimEnd();
}

// The excerpt, and a session finding's value; a model's features are words, so never shown here.
function describeWords(finding: JsonFinding, redacted: boolean): string {
  return describeEvidence({ excerpt: finding.excerpt, ...(finding.value === undefined ? {} : { value: finding.value }) }, redacted);
}

function alignColumns(rows: string[][], gap: number): string[] {
  const widths = measureColumns(rows);
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : padDisplayEnd(cell, (widths[column] ?? 0) + gap))).join('').trimEnd());
}
