import { describe, expect, test } from 'vitest';
import { PAGE_SIZE, formatHtml } from '../../src/format/html.js';
import { redactReport } from '../../src/report/redact.js';
import type { FormatOptions } from '../../src/types.js';
import { buildManySessionsReport, buildOddNamesReport, buildReport } from '../fixtures/format/report.js';

const OPTIONS: FormatOptions = { color: false, details: false, quiet: false, failing: true };

/** Every value of `attribute` in the markup, in order. */
function collectAttribute(markup: string, attribute: string): string[] {
  return [...markup.matchAll(new RegExp(`${attribute}="([^"]*)"`, 'g'))].map((match) => match[1] ?? '');
}

describe('html format', () => {
  test('is self-contained: a policy forbids requests, and nothing points outside the file', () => {
    const page = formatHtml(buildReport(), OPTIONS);
    expect(page).toContain(`content="default-src 'none';`);
    expect({
      sources: /\ssrc=/.test(page),
      links: collectAttribute(page, 'href').filter((href) => !href.startsWith('#')),
      cssUrls: /url\(/.test(page),
      imports: /@import/.test(page),
    }).toEqual({ sources: false, links: [], cssUrls: false, imports: false });
  });

  test('draws one timeline mark per finding and suppressed finding, each revealing a row of the findings list, which has a Show button', () => {
    const report = buildReport();
    const page = formatHtml(report, OPTIONS);
    const view = page.slice(page.indexOf('<div id="page-view">'), page.indexOf('<template data-page='));
    const ids = (element: RegExp): string[] => [...view.matchAll(element)].map((match) => match[1] ?? '');
    const marks = ids(/<g class="mark [^"]*" tabindex="0" role="button" data-finding="([^"]*)"/g);
    const rows = ids(/<tr data-finding="([^"]*)"/g);
    const buttons = ids(/<button type="button" class="show" data-finding="([^"]*)"/g);
    const expected = report.sessions.reduce((sum, s) => sum + s.findings.length + s.suppressed.length, 0);
    expect({ marks: marks.length, unrevealed: marks.filter((id) => !rows.includes(id)), buttons }).toEqual({ marks: expected, unrevealed: [], buttons: rows });
  });

  // A one-turn session read `1 turns, 1 therapist turns`.
  test("a session's facts and timeline count turns in the singular when there is one", () => {
    const report = buildReport();
    const [first] = report.sessions;
    if (first === undefined) throw new Error('the fixture has sessions');
    const page = formatHtml({ ...report, sessions: [{ ...first, turns: 1, therapistTurns: 1 }] }, OPTIONS);
    expect(page).toContain('1 turn, 1 therapist turn ·');
    expect(page).toMatch(/aria-label="Timeline of [^:]+: 1 turn, /);
  });

  test('a session with no therapist turn has no share: -', () => {
    const [first] = buildReport().sessions;
    if (first === undefined) throw new Error('the fixture has sessions');
    const page = formatHtml({ ...buildReport(), sessions: [{ ...first, therapistTurns: 0, reassuranceShare: 0 }] }, OPTIONS);
    expect(page).toContain('<td class="num" data-share>-</td>');
    expect(page).toContain('reassurance share -</p>');
  });

  test('shows the totals and every session × rule count', () => {
    const report = buildReport();
    const page = formatHtml(report, OPTIONS);
    const totals = Object.fromEntries([...page.matchAll(/data-total="(\w+)"><dt>[^<]*<\/dt><dd>([^<]*)<\/dd>/g)].map((m) => [m[1], m[2]]));
    expect(totals).toEqual({
      sessions: String(report.totals.sessions),
      therapistTurns: String(report.totals.therapistTurns),
      techniques: String(report.totals.techniques),
      pitfalls: String(report.totals.pitfalls),
      findings: String(report.totals.findings),
      reassuranceShare: expect.stringMatching(/^\d+%$/),
    });
    const view = page.slice(page.indexOf('<div id="page-view">'), page.indexOf('<template data-page='));
    const cells = [...view.matchAll(/data-rule="([\w-]+)" title="[^"]*">(\d+)<\/td>/g)].map((m) => Number(m[2]));
    expect(cells).toEqual(report.sessions.flatMap((s) => report.rules.map((rule) => s.counts[rule.id] ?? 0)));
  });

  test('escapes transcript text', () => {
    const page = formatHtml(buildReport(), OPTIONS);
    expect(page).toContain('I&#39;m 100% certain &lt;truly&gt; &amp; forever.');
    expect(page).not.toContain('<truly>');
  });

  test.each([
    { sessions: 3, pages: 1 },
    { sessions: PAGE_SIZE, pages: 1 },
    { sessions: PAGE_SIZE + 1, pages: 2 },
    { sessions: 1000, pages: 40 },
  ])('$sessions sessions come in $pages page(s), only the first drawn in the view', ({ sessions, pages }) => {
    const page = formatHtml(buildManySessionsReport(sessions), OPTIONS);
    const view = page.slice(page.indexOf('<div id="page-view">'), page.indexOf('<template data-page='));
    expect({
      templates: (page.match(/<template data-page=/g) ?? []).length,
      cardsInView: (view.match(/<article class="session"/g) ?? []).length,
    }).toEqual({ templates: pages, cardsInView: Math.min(sessions, PAGE_SIZE) });
  });

  test('draws a trend per therapist with a point per date, and says so when no session has both', () => {
    const page = formatHtml(buildReport(), OPTIONS);
    expect(collectAttribute(page, 'data-therapist')).toEqual(['Dr. Quillfeather']);
    expect(page).toMatch(/<td>2026-01-05<\/td><td class="num">1<\/td>/);
    expect(page).toMatch(/<td>2026-02-09<\/td><td class="num">1<\/td>/);
    expect(formatHtml(buildManySessionsReport(2), OPTIONS)).toContain('No trend: no session carries both a therapist and a date');
  });

  test('marks intended, suppressed and missed findings as such', () => {
    const page = formatHtml(buildReport(), OPTIONS);
    const statuses = collectAttribute(page.slice(0, page.indexOf('<template data-page=')), 'data-status');
    expect(statuses.filter((s) => s !== 'found').sort()).toEqual(['intended', 'missed', 'suppressed']);
    expect(page).toContain('suppressed: quoting a relative on purpose');
  });

  test('redacted: leaves out excerpts, client turns, names and warning messages, and says it is redacted', () => {
    const page = formatHtml(redactReport(buildReport()), OPTIONS);
    expect({
      notice: page.includes('Redacted: no transcript words are in this file.'),
      placeholder: page.includes('[redacted]'),
      therapist: collectAttribute(page, 'data-therapist'),
      warnings: page.includes('no client turns found'),
    }).toEqual({ notice: true, placeholder: true, therapist: ['therapist 1'], warnings: false });
  });

  // HTML escapes by construction: markup in a session id or file name is text, and no escape reaches the page raw.
  test('a session id or file name with control characters and markup is escaped', () => {
    const page = formatHtml(buildOddNamesReport(), OPTIONS);
    expect({ markup: page.includes('<b>'), escape: page.includes('\u001b'), text: page.includes('&lt;b&gt;') }).toEqual({ markup: false, escape: false, text: true });
  });
});
