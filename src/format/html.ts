/**
 * The `html` format: one self-contained page for supervisors and trainers. An overview
 * (totals, a sessions × rules heat map with techniques against pitfalls per session), a
 * trend per therapist across dates, and per session a timeline along its turns whose marks
 * reveal their finding, with the findings list beside it. Inline CSS, SVG and a small
 * script; a Content-Security-Policy forbids every network request. Sessions come in pages
 * of {@link PAGE_SIZE} held in inert templates, so a thousand sessions open and scroll
 * smoothly. It shows everything, whatever `--details` or `--quiet` say.
 */
import type { Expectation, Finding, FormatOptions, Formatter, RuleSummary, RunReport, SessionReport } from '../types.js';
import { REDACTED, describeHiddenMessages, describeRun, describeTurns, formatOverallShare, formatSessionShare, formatValue, pluralize } from './describe.js';
import { SCRIPT, SCROLL_SCRIPT, STYLE } from './html-assets.js';
import { drawMarkSymbols, drawStackedBar, drawTimeline, drawTrend, type TimelineMark, type TrendPoint } from './html-charts.js';
import { PALETTE, drawMarkShape, escapeHtml, tag, wrapScrollable } from './html-markup.js';
import { assignRuleCodes } from './layout.js';

/** Sessions per page of the sessions section. */
export const PAGE_SIZE = 25;

/** Forbids every request: the page uses only what is inline. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** The `html` formatter. */
export const html: Formatter = {
  name: 'html',
  description: 'one self-contained HTML page (overview, timelines, trends, findings) that opens offline',
  format: formatHtml,
};

/** One row of a session's findings list: a finding, a suppressed finding, or a labelled pitfall not found. */
interface FindingRow {
  id: string;
  rule: string;
  kind: 'technique' | 'pitfall';
  status: 'found' | 'intended' | 'suppressed' | 'missed';
  turn: number;
  finding?: Finding;
  reason?: string;
}

/** What every part of the page needs to know about the run. */
interface PageContext {
  report: RunReport;
  rules: Map<string, RuleSummary>;
  codes: Map<string, string>;
  /** Per rule, the highest count in any session (heat map intensity). */
  maxCounts: Map<string, number>;
  /** The highest techniques + pitfalls of any session (bar scale). */
  maxFindings: number;
}

/** Renders the whole report as one HTML document. */
export function formatHtml(report: RunReport, options: FormatOptions): string {
  const context = createContext(report);
  const pages = paginate(report.sessions);
  const body = [
    renderHeader(report, options),
    '<nav aria-label="Contents"><a href="#overview">Overview</a><a href="#trends">Trends</a><a href="#sessions">Sessions and findings</a></nav>',
    '<main>',
    renderOverview(context),
    renderTrends(report),
    renderSessions(context, pages),
    '</main>',
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>reassure report: ${pluralize(report.totals.sessions, 'session')}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    drawMarkSymbols(),
    ...body,
    `<script>${SCROLL_SCRIPT}${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function createContext(report: RunReport): PageContext {
  const maxCounts = new Map(report.rules.map((rule) => [rule.id, Math.max(0, ...report.sessions.map((s) => s.counts[rule.id] ?? 0))]));
  const maxFindings = Math.max(0, ...report.sessions.map((s) => sumKind(s, report.rules, 'technique') + sumKind(s, report.rules, 'pitfall')));
  return { report, rules: new Map(report.rules.map((rule) => [rule.id, rule])), codes: assignRuleCodes(report.rules), maxCounts, maxFindings };
}

function paginate(sessions: readonly SessionReport[]): SessionReport[][] {
  const pages: SessionReport[][] = [];
  for (let start = 0; start < sessions.length; start += PAGE_SIZE) pages.push(sessions.slice(start, start + PAGE_SIZE));
  return pages;
}

function renderHeader(report: RunReport, options: FormatOptions): string {
  const verdict = options.failing ? 'The run fails its gates.' : 'The run passes its gates.';
  const redacted = report.redacted ? ' Redacted: no transcript words are in this file.' : '';
  return [
    '<header>',
    '<h1>Reassurance audit</h1>',
    `<p class="meta">${escapeHtml(describeRun(report))}.</p>`,
    `<p class="meta">${verdict}${redacted} Written by ${escapeHtml(report.tool.name)} ${escapeHtml(report.tool.version)}; fail level ${escapeHtml(report.failLevel)}.</p>`,
    '</header>',
  ].join('\n');
}

function renderOverview(context: PageContext): string {
  const { report } = context;
  const { totals } = report;
  const cards: [string, string, string][] = [
    ['sessions', 'Sessions', String(totals.sessions)],
    ['therapistTurns', 'Therapist turns', String(totals.therapistTurns)],
    ['techniques', 'Techniques', String(totals.techniques)],
    ['pitfalls', 'Pitfalls', String(totals.pitfalls)],
    ['findings', 'Findings', String(totals.findings)],
    ['reassuranceShare', 'Reassurance share', formatOverallShare(report.sessions)],
  ];
  const totalsList = cards.map(([key, label, value]) => `<div data-total="${key}"><dt>${label}</dt><dd>${value}</dd></div>`).join('');
  const ruleRows = report.rules
    .map((rule) => {
      const sessions = report.sessions.filter((s) => (s.counts[rule.id] ?? 0) > 0).length;
      return `<tr data-rule="${escapeHtml(rule.id)}"><td>${escapeHtml(rule.name)} <span class="note">(${escapeHtml(context.codes.get(rule.id) ?? rule.id)})</span></td><td class="kind-${rule.kind}">${rule.kind}</td><td class="num" data-count>${totals.counts[rule.id] ?? 0}</td><td class="num">${sessions}</td></tr>`;
    })
    .join('');
  return [
    '<section id="overview">',
    '<h2>Overview</h2>',
    `<dl class="totals">${totalsList}</dl>`,
    renderLegend(),
    '<h3>Findings per rule</h3>',
    wrapScrollable('Findings per rule', `<table class="rules"><thead><tr><th>Rule</th><th>Kind</th><th class="num">Findings</th><th class="num">Sessions with any</th></tr></thead><tbody>${ruleRows}</tbody></table>`),
    renderProblems(report),
    '</section>',
  ].join('\n');
}

function renderLegend(): string {
  const swatch = (kind: 'technique' | 'pitfall' | 'session', extra = ''): string => drawSwatch(kind, 16, extra);
  return [
    '<div class="legend" role="group" aria-label="Legend">',
    `<span>${swatch('technique')} technique (blue circle)</span>`,
    `<span>${swatch('pitfall')} pitfall (vermillion triangle)</span>`,
    `<span>${swatch('session')} session finding (diamond; its turns underlined)</span>`,
    `<span>${swatch('pitfall', 'intended')} hollow: intended (labelled) example</span>`,
    `<span>${swatch('technique', 'suppressed')} dashed: suppressed, with its reason</span>`,
    '<span>Timeline ticks: tall dark = therapist turn, short light = client turn</span>',
    '</div>',
  ].join('');
}

/** A mark's shape in its colour, `size` pixels square, for beside words that name its kind; hidden from screen readers. */
function drawSwatch(kind: 'technique' | 'pitfall' | 'session', size: number, extra = ''): string {
  const classes = ['swatch', 'mark', kind === 'session' ? 'pitfall' : kind, extra].filter(Boolean).join(' ');
  return `<svg width="${size}" height="${size}" viewBox="0 0 16 16" aria-hidden="true"><g class="${classes}" fill="${kind === 'technique' ? PALETTE.technique : PALETTE.pitfall}">${drawMarkShape(kind, 8, 8, 6)}</g></svg>`;
}

// Messages are kept out of redacted reports: a warning may name the speakers it saw.
function renderProblems(report: RunReport): string {
  const all = [...report.problems.map((p) => ({ ...p, kind: 'problem' })), ...report.warnings.map((p) => ({ ...p, kind: 'warning' }))];
  if (all.length === 0) return '';
  if (report.redacted) {
    return `<p class="note">${describeHiddenMessages(report)}</p>`;
  }
  const items = all.map((p) => `<li>${p.kind}: ${escapeHtml(p.file)}${p.line === undefined ? '' : `:${p.line}`}: ${escapeHtml(p.message)}</li>`).join('');
  return `<h3>Problems and warnings</h3><ul class="problems">${items}</ul>`;
}

function renderTrends(report: RunReport): string {
  const byTherapist = groupTrends(report);
  const intro =
    '<p class="note">Techniques (solid blue line, circles) and pitfalls (dashed vermillion line, triangles) per 10 therapist turns, per therapist across session dates (sessions on one date are added up).</p>';
  if (byTherapist.size === 0) {
    return '<section id="trends"><h2>Trends</h2><p class="note">No trend: no session carries both a therapist and a date (<code>therapist:</code> and <code>date:</code> in a YAML transcript).</p></section>';
  }
  const charts = [...byTherapist].map(([therapist, points]) => {
    const label = `Trend for ${therapist}: techniques and pitfalls per 10 therapist turns over ${pluralize(points.length, 'date')}`;
    const rows = points
      .map((p) => `<tr><td>${escapeHtml(p.date)}</td><td class="num">${p.sessions}</td><td class="num">${formatValue(p.techniques)}</td><td class="num">${formatValue(p.pitfalls)}</td></tr>`)
      .join('');
    return [
      `<div class="trend-block" data-therapist="${escapeHtml(therapist)}">`,
      `<h3>${escapeHtml(therapist)}</h3>`,
      drawTrend(points, label, 'wide'),
      drawTrend(points, label, 'narrow'),
      `<details><summary>The numbers</summary>${wrapScrollable(`Trend numbers for ${therapist}`, `<table><thead><tr><th>Date</th><th class="num">Sessions</th><th class="num">Techniques / 10 turns</th><th class="num">Pitfalls / 10 turns</th></tr></thead><tbody>${rows}</tbody></table>`)}</details>`,
      '</div>',
    ].join('');
  });
  return ['<section id="trends">', '<h2>Trends</h2>', intro, ...charts, '</section>'].join('\n');
}

/** Per therapist (in name order), a point per date (in date order) of sessions that carry both. */
function groupTrends(report: RunReport): Map<string, TrendPoint[]> {
  const sums = new Map<string, Map<string, { sessions: number; turns: number; techniques: number; pitfalls: number }>>();
  for (const session of report.sessions) {
    if (session.therapist === undefined || session.date === undefined || session.therapistTurns === 0) continue;
    const dates = sums.get(session.therapist) ?? new Map();
    const sum = dates.get(session.date) ?? { sessions: 0, turns: 0, techniques: 0, pitfalls: 0 };
    sum.sessions++;
    sum.turns += session.therapistTurns;
    sum.techniques += sumKind(session, report.rules, 'technique');
    sum.pitfalls += sumKind(session, report.rules, 'pitfall');
    dates.set(session.date, sum);
    sums.set(session.therapist, dates);
  }
  const trends = new Map<string, TrendPoint[]>();
  for (const therapist of [...sums.keys()].sort()) {
    const dates = sums.get(therapist) ?? new Map();
    const points = [...dates.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([date, s]) => ({ date, sessions: s.sessions, techniques: (s.techniques * 10) / s.turns, pitfalls: (s.pitfalls * 10) / s.turns }));
    trends.set(therapist, points);
  }
  return trends;
}

function renderSessions(context: PageContext, pages: SessionReport[][]): string {
  const { report } = context;
  const count = report.sessions.length;
  const labels = pages.map((page, p) => `Sessions ${p * PAGE_SIZE + 1}–${p * PAGE_SIZE + page.length} of ${count}`);
  const rendered = pages.map((page, p) => renderPage(context, page, p * PAGE_SIZE));
  const pageOptions = labels.map((label, p) => `<option value="${p + 1}">${escapeHtml(label)}</option>`).join('');
  const sessionOptions = report.sessions
    .map((s, i) => `<option value="${i}" data-page="${Math.floor(i / PAGE_SIZE) + 1}">${escapeHtml(s.id)}</option>`)
    .join('');
  const ruleOptions = report.rules.map((rule) => `<option value="${escapeHtml(rule.id)}">${escapeHtml(rule.name)}</option>`).join('');
  const pager =
    pages.length > 1
      ? `<div class="pager"><button type="button" data-go="-1">Previous</button><label>Page <select id="page-select">${pageOptions}</select></label><button type="button" data-go="1">Next</button><span id="page-info" role="status">${escapeHtml(labels[0] ?? '')}</span></div>`
      : '';
  const filters = [
    '<div class="filters" role="search">',
    `<label>Rule <select id="filter-rule"><option value="">all rules</option>${ruleOptions}</select></label>`,
    '<label>Kind <select id="filter-kind"><option value="">all</option><option value="technique">techniques</option><option value="pitfall">pitfalls</option><option value="intended">intended (labelled)</option><option value="suppressed">suppressed</option><option value="missed">missed (labelled, not found)</option></select></label>',
    `<label>Session <select id="filter-session"><option value="">all sessions</option>${sessionOptions}</select></label>`,
    '</div>',
  ].join('');
  const templates = rendered.map((markup, p) => `<template data-page="${p + 1}" data-label="${escapeHtml(labels[p] ?? '')}">${markup}</template>`);
  return [
    '<section id="sessions">',
    '<h2>Sessions and findings</h2>',
    '<p class="note">Counts per session and rule (darker is more, relative to the session with the most); below, each session along its turns: click or press Enter on a mark to read its finding with the client’s previous turn.</p>',
    pager,
    filters,
    `<div id="page-view">${rendered[0] ?? '<p class="note">No sessions.</p>'}</div>`,
    ...templates,
    '</section>',
  ].join('\n');
}

function renderPage(context: PageContext, sessions: SessionReport[], offset: number): string {
  return [renderHeatMap(context, sessions, offset), ...sessions.map((session, i) => renderSession(context, session, offset + i))].join('\n');
}

function renderHeatMap(context: PageContext, sessions: SessionReport[], offset: number): string {
  const { report, codes } = context;
  const heads = report.rules
    .map((rule) => `<th class="code ${rule.kind}" scope="col">${drawSwatch(rule.kind, 12)}<abbr title="${escapeHtml(`${rule.name} (${rule.kind})`)}">${escapeHtml(codes.get(rule.id) ?? rule.id)}</abbr></th>`)
    .join('');
  const rows = sessions.map((session, i) => {
    const cells = report.rules
      .map((rule) => {
        const count = session.counts[rule.id] ?? 0;
        const intensity = (context.maxCounts.get(rule.id) ?? 0) === 0 ? 0 : count / (context.maxCounts.get(rule.id) ?? 1);
        const classes = ['cell', rule.kind, count === 0 ? 'zero' : intensity > 0.55 ? 'strong' : ''].filter(Boolean).join(' ');
        const title = `${session.id}: ${count} ${rule.name}`;
        return `<td class="${classes}" style="--i:${(intensity * 0.85).toFixed(2)}" data-rule="${escapeHtml(rule.id)}" title="${escapeHtml(title)}">${count}</td>`;
      })
      .join('');
    const techniques = sumKind(session, report.rules, 'technique');
    const pitfalls = sumKind(session, report.rules, 'pitfall');
    return [
      `<tr data-session="${escapeHtml(session.id)}" data-session-index="${offset + i}">`,
      `<th scope="row"><a href="#session-${offset + i}">${escapeHtml(session.id)}</a></th>`,
      `<td title="${escapeHtml(session.therapist ?? '')}">${escapeHtml(session.date ?? '')}</td>`,
      cells,
      `<td>${drawStackedBar(techniques, pitfalls, context.maxFindings)} <span class="note">${techniques} · ${pitfalls}</span></td>`,
      `<td class="num" data-share>${formatSessionShare(session)}</td>`,
      '</tr>',
    ].join('');
  });
  return wrapScrollable('Findings per session and rule', [
    '<table class="heat">',
    `<caption class="note">Findings per session and rule (codes as in Findings per rule, or hover for the rule's name; techniques blue with a circle, pitfalls vermillion with a triangle)</caption>`,
    `<thead><tr><th scope="col">Session</th><th scope="col">Date</th>${heads}<th scope="col">Techniques · pitfalls</th><th scope="col" class="num"><abbr title="Reassurance share: therapist turns with any finding">Share</abbr></th></tr></thead>`,
    `<tbody>${rows.join('')}</tbody></table>`,
  ].join(''));
}

function renderSession(context: PageContext, session: SessionReport, index: number): string {
  const rows = listRows(context, session, index);
  const marks: TimelineMark[] = rows.flatMap((row) =>
    row.finding === undefined || row.status === 'missed'
      ? []
      : [{ id: row.id, rule: row.rule, kind: row.kind, turn: row.turn, turns: row.finding.turns, status: row.status, label: describeMark(context, row) }],
  );
  const facts = [
    escapeHtml(session.file),
    `${pluralize(session.turns, 'turn')}, ${pluralize(session.therapistTurns, 'therapist turn')}`,
    session.therapist === undefined ? '' : `therapist ${escapeHtml(session.therapist)}`,
    session.date === undefined ? '' : escapeHtml(session.date),
    `reassurance share ${formatSessionShare(session)}`,
  ].filter(Boolean);
  const label = `Timeline of ${session.id}: ${pluralize(session.turns, 'turn')}, ${pluralize(marks.length, 'marked finding')}`;
  return [
    `<article class="session" id="session-${index}" data-session-index="${index}" data-session="${escapeHtml(session.id)}">`,
    `<h3>${escapeHtml(session.id)}</h3>`,
    `<p class="meta">${facts.join(' · ')}</p>`,
    drawTimeline(session.turns, session.turnRoles, marks, label),
    `<div class="axis-labels" aria-hidden="true"><span>turn 1</span><span>turn ${session.turns}</span></div>`,
    '<div class="detail" aria-live="polite"></div>',
    rows.length === 0 ? '<p class="note">No findings in this session.</p>' : wrapScrollable(`Findings in ${session.id}`, renderFindings(context, rows)),
    '</article>',
  ].join('\n');
}

function listRows(context: PageContext, session: SessionReport, index: number): FindingRow[] {
  const kindOf = (rule: string): 'technique' | 'pitfall' => context.rules.get(rule)?.kind ?? 'pitfall';
  const rows: Omit<FindingRow, 'id'>[] = [
    ...session.findings.map((finding) => ({ rule: finding.rule, kind: finding.kind, status: finding.expected === true ? ('intended' as const) : ('found' as const), turn: finding.turn, finding })),
    ...session.suppressed.map(({ finding, reason }) => ({ rule: finding.rule, kind: finding.kind, status: 'suppressed' as const, turn: finding.turn, finding, reason })),
    ...session.missed.map((missed: Expectation) => ({ rule: missed.rule, kind: kindOf(missed.rule), status: 'missed' as const, turn: missed.turn })),
  ];
  return rows
    .sort((a, b) => a.turn - b.turn)
    .map((row, k) => ({ ...row, id: `f-${index}-${k}` }));
}

function describeMark(context: PageContext, row: FindingRow): string {
  const name = context.rules.get(row.rule)?.name ?? row.rule;
  const where = row.finding === undefined ? `turn ${row.turn}` : describeTurns(row.finding);
  const status = row.status === 'intended' ? ', intended' : row.status === 'suppressed' ? ', suppressed' : '';
  return `${where}: ${name} (${row.kind}${status})`;
}

function renderFindings(context: PageContext, rows: FindingRow[]): string {
  const redacted = context.report.redacted;
  const body = rows.map((row) => {
    const rule = context.rules.get(row.rule);
    const f = row.finding;
    const status = describeStatus(row);
    const therapistSaid = f === undefined ? '' : quote(f.excerpt, redacted, f.value);
    const clientSaid = f?.clientBefore === undefined ? '' : `turn ${f.clientBefore.turn}: ${quote(f.clientBefore.excerpt, redacted)}`;
    const where = f === undefined ? `${row.turn === 0 ? 'session' : `turn ${row.turn}`}` : `${describeTurns(f)}, line ${f.match.line}`;
    const detail = [
      `<p><strong>${escapeHtml(rule?.name ?? row.rule)}</strong> <span class="kind-${row.kind}">${row.kind}</span>${status === '' ? '' : ` · ${status}`} · ${where}</p>`,
      clientSaid === '' ? '' : `<p>Client, ${clientSaid}</p>`,
      f === undefined ? '' : `<p>${escapeHtml(f.speaker)}: ${therapistSaid}</p>`,
      rule === undefined ? '' : `<p class="note">${escapeHtml(rule.description)}</p>`,
    ].join('');
    return [
      `<tr data-finding="${row.id}" data-rule="${escapeHtml(row.rule)}" data-kind="${row.kind}" data-status="${row.status}" data-turn="${row.turn}">`,
      `<td class="num">${renderShowButton(context, row)}</td>`,
      `<td>${escapeHtml(rule?.name ?? row.rule)}</td>`,
      `<td class="kind-${row.kind}">${row.kind}</td>`,
      `<td class="status">${status}</td>`,
      `<td class="excerpt">${therapistSaid}</td>`,
      `<td class="excerpt">${clientSaid}</td>`,
      `<template>${detail}</template>`,
      '</tr>',
    ].join('');
  });
  return `<table class="findings"><thead><tr><th class="num">Turn</th><th>Rule</th><th>Kind</th><th>Status</th><th>Therapist said</th><th>Client’s previous turn</th></tr></thead><tbody>${body.join('')}</tbody></table>`;
}

// Marks can be under 24 px, or closer than that (WCAG 2.5.8): the row's turn opens its finding too.
function renderShowButton(context: PageContext, row: FindingRow): string {
  return tag('button', { type: 'button', class: 'show', 'data-finding': row.id, 'aria-label': `Show ${describeMark(context, row)}` }, row.turn === 0 ? '–' : String(row.turn));
}

function describeStatus(row: FindingRow): string {
  if (row.status === 'intended') return 'intended (labelled)';
  if (row.status === 'suppressed') return `suppressed: ${escapeHtml(row.reason ?? '')}`;
  if (row.status === 'missed') return 'missed: labelled, not found';
  return '';
}

function quote(text: string, redacted: boolean, value?: number): string {
  const measured = value === undefined ? '' : `value ${formatValue(value)} `;
  if (redacted) return `${measured}${REDACTED}`;
  return text === '' ? measured.trim() : `${measured}“${escapeHtml(text)}”`;
}

function sumKind(session: SessionReport, rules: readonly RuleSummary[], kind: 'technique' | 'pitfall'): number {
  return rules.filter((rule) => rule.kind === kind).reduce((sum, rule) => sum + (session.counts[rule.id] ?? 0), 0);
}
