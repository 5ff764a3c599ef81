/**
 * The HTML report in a real browser: headless Chromium through playwright-core, using the
 * system's Chromium (Debian's `chromium` package; `.ci/run` installs it when missing, and
 * REASSURE_CHROMIUM names another binary). Every request the page makes is counted and
 * refused. Deque's axe-core checks each kind of page against WCAG 2.2 A and AA; the keyboard,
 * narrow-window and live-region tests cover what it cannot see. Writes a screenshot for
 * people to look at: test/golden/html/report.png under `npm run golden`, a temporary file
 * otherwise.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { formatHtml } from '../../src/format/html.js';
import type { JsonSession } from '../../src/format/json.js';
import { buildManySessionsReport } from '../fixtures/format/report.js';
import { runCli } from '../helpers/run-cli.js';

const CHROMIUM = [process.env.REASSURE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
  (candidate): candidate is string => candidate !== undefined && candidate !== '' && existsSync(candidate),
);
const INVENTED = ['Zorvath', 'Quenby', 'Plimbury', 'Snodgrift', 'Vantrell', 'Krellick', 'Grendaline'];
const SCREENSHOT = fileURLToPath(new URL('../golden/html/report.png', import.meta.url));
/** Deque's axe-core engine, injected into each page as a script: its `source` is the whole library. */
const AXE_SOURCE = (createRequire(import.meta.url)('axe-core') as { source: string }).source;
/** axe's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best practices (heading order, landmarks). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const FORMAT_OPTIONS = { color: false, details: false, quiet: false, failing: false };

/** A page opened on a report file, with what it asked the network for and what it logged as errors. */
interface OpenedPage {
  page: Page;
  requests: string[];
  errors: string[];
}

// Generous limits: a busy 2-core machine takes seconds to start a browser; none of this measures speed.
describe.skipIf(CHROMIUM === undefined)('the html report in Chromium', { timeout: 60_000 }, () => {
  let browser: Browser;
  let dir: string;
  let report: { totals: Record<string, number>; sessions: JsonSession[]; rules: { id: string; name: string }[] };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reassure-html-'));
    const inputs = ['samples', 'test/fixtures/html'];
    const plain = await runCli(['audit', ...inputs, '-f', `html=${dir}/report.html`, '-f', `json=${dir}/report.json`]);
    const redacted = await runCli(['audit', ...inputs, '--redact', '-f', `html=${dir}/redacted.html`]);
    // A diff with findings on both sides: the invented-names session removed, panic added.
    const old = await runCli(['audit', 'samples/grief.yaml', ...inputs.slice(1), '-f', `json=${dir}/old.json`]);
    const diff = await runCli(['diff', `${dir}/old.json`, `${dir}/report.json`, '-f', `html=${dir}/diff.html`]);
    expect([plain.code, redacted.code, old.code, diff.code]).toEqual([1, 1, 1, 0]);
    report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as typeof report;
    await writeFile(join(dir, 'many.html'), formatHtml(buildManySessionsReport(1000), FORMAT_OPTIONS));
    // One therapist on 30 dates: more dates than either drawing of a trend has room to write.
    const daily = buildManySessionsReport(30);
    const dated = daily.sessions.map((session, i) => ({ ...session, therapist: 'Dr. Quillfeather', date: `2026-01-${String(i + 1).padStart(2, '0')}` }));
    await writeFile(join(dir, 'trend.html'), formatHtml({ ...daily, sessions: dated }, FORMAT_OPTIONS));
    browser = await chromium.launch({ executablePath: CHROMIUM });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /** Opens a report file in a new window `width` CSS pixels wide; `script: false` as in a browser with JavaScript off. */
  async function open(file: string, width = 1280, options: { script?: boolean; forcedColors?: 'light' | 'dark' } = {}): Promise<OpenedPage> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      javaScriptEnabled: options.script ?? true,
      ...(options.forcedColors === undefined ? {} : { forcedColors: 'active' as const, colorScheme: options.forcedColors }),
    });
    const url = pathToFileURL(join(dir, file)).href;
    const requests: string[] = [];
    const errors: string[] = [];
    await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    const page = await context.newPage();
    page.on('request', (request) => {
      if (request.url() !== url) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    return { page, requests, errors };
  }

  /** What axe-core finds on the open page as it is now: per rule, the elements that fail it. */
  async function findViolations(page: Page): Promise<Record<string, string[]>> {
    await page.evaluate(AXE_SOURCE);
    const found = await page.evaluate(
      async (tags) =>
        (await (globalThis as unknown as { axe: typeof import('axe-core') }).axe.run({ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations,
      AXE_TAGS,
    );
    return Object.fromEntries(found.map((rule) => [rule.id, rule.nodes.map((node) => node.target.join(' '))]));
  }

  // many.html at 320 px is checked after a page turn below; redacted.html differs from report.html only in words.
  test.each([['report.html', 1280], ['report.html', 320], ['redacted.html', 1280], ['many.html', 1280], ['diff.html', 1280], ['diff.html', 320]] as const)('%s %i px wide: no WCAG 2.2 A or AA violation axe-core can find, nor a best-practice one', async (file, width) => {
    const { page, requests } = await open(file, width);
    expect({ violations: await findViolations(page), requests }).toEqual({ violations: {}, requests: [] });
    await page.context().close();
  });

  test('opens with no network request and no console error, and shows the JSON report’s numbers', async () => {
    const { page, requests, errors } = await open('report.html');
    const totals = await page.$$eval('[data-total] dd', (cells) => cells.map((cell) => cell.textContent));
    const counts = await page.$$eval('#page-view table.heat tbody tr', (rows) =>
      rows.map((row) => [row.getAttribute('data-session'), [...row.querySelectorAll('td[data-rule]')].map((cell) => Number(cell.textContent))]),
    );
    expect({ totals: totals.slice(0, 5), counts, requests, errors }).toEqual({
      totals: [report.totals.sessions, report.totals.therapistTurns, report.totals.techniques, report.totals.pitfalls, report.totals.findings].map(String),
      counts: report.sessions.map((session) => [session.id, Object.values(session.counts)]),
      requests: [],
      errors: [],
    });
    await page.context().close();
  });

  test('a click on a timeline mark reveals its finding, its excerpt and the client’s previous turn', async () => {
    const { page, errors } = await open('report.html');
    const card = page.locator('article.session[data-session="invented-names"]');
    // A live region is read out when its text changes only if it was in the accessibility tree before.
    const liveBefore = await card.locator('.detail').evaluate((element) => element.checkVisibility() && element.getAttribute('aria-live'));
    await card.locator('.timeline .mark.pitfall').first().click();
    const finding = report.sessions.find((s) => s.id === 'invented-names')?.findings[0];
    const name = report.rules.find((rule) => rule.id === finding?.rule)?.name;
    const detail = card.locator('.detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    const text = await detail.innerText();
    expect({
      rule: text.includes(name ?? '?'),
      excerpt: text.includes(finding?.excerpt ?? '?'),
      client: /Client, turn 3: “Will I be okay with the Vantrell panel\?/.test(text),
      selectedRow: await card.locator('tr.selected').getAttribute('data-rule'),
      liveBefore,
      errors,
    }).toEqual({ rule: true, excerpt: true, client: true, selectedRow: finding?.rule, liveBefore: 'polite', errors: [] });
    // The screenshot: the heat map and the first session with one of its marks opened.
    const first = page.locator('#page-view article.session').first();
    await first.locator('.timeline .mark').first().click();
    const top = await page.locator('#page-view table.heat').boundingBox();
    const bottom = await first.locator('.detail').boundingBox();
    const path = process.env.UPDATE_GOLDEN === '1' ? SCREENSHOT : join(dir, 'report.png');
    if (top === null || bottom === null) throw new Error('the heat map or the finding detail is not shown');
    // Boxes are relative to the viewport, a full-page clip to the page.
    const scrolled = Number(await page.evaluate('window.scrollY'));
    const clip = { x: 0, y: scrolled + top.y - 12, width: 1280, height: bottom.y + bottom.height - top.y + 24 };
    await page.screenshot({ path, fullPage: true, clip });
    expect((await stat(path)).size).toBeGreaterThan(10_000);
    await page.context().close();
  });

  test.each([1280, 320])('%i px wide: the keyboard reaches every control, mark and scrolling table, each with a visible focus ring, and Enter or Space opens a mark', async (width) => {
    const { page, errors } = await open('report.html', width);
    const interactive = await page.$$eval('a[href], button, select, summary, [tabindex="0"]', (elements) => elements.filter((e) => e.checkVisibility()).length);
    const stops: { mark: boolean; ring: string }[] = [];
    for (let i = 0; i < interactive + 5 && stops.length < interactive; i++) {
      await page.keyboard.press('Tab');
      // Nothing is pushed when Tab leaves the page's controls for the browser's own.
      stops.push(
        ...(await page.$$eval(':focus', (elements) =>
          elements.map((element) => {
            const style = element.ownerDocument.defaultView.getComputedStyle(element);
            return { mark: element.matches('.mark'), ring: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? element.outerHTML.slice(0, 80) : 'ring' };
          }),
        )),
      );
    }
    const card = page.locator('article.session[data-session="invented-names"]');
    await card.locator('.mark').first().focus();
    await page.keyboard.press('Enter');
    const byEnter = await card.locator('.mark.selected').getAttribute('data-finding');
    await card.locator('.mark').nth(1).focus();
    await page.keyboard.press(' ');
    const bySpace = await card.locator('.mark.selected').getAttribute('data-finding');
    expect({
      stops: stops.length,
      rings: [...new Set(stops.map((stop) => stop.ring))],
      marks: stops.some((stop) => stop.mark),
      byEnter,
      bySpace,
      detail: await card.locator('.detail').isVisible(),
      // The opened finding and the selected row are checked too.
      violations: await findViolations(page),
      errors,
    }).toEqual({ stops: interactive, rings: ['ring'], marks: true, byEnter: 'f-5-0', bySpace: 'f-5-1', detail: true, violations: {}, errors: [] });
    await page.context().close();
  });

  // WCAG 2.5.8: a target under 24 px needs room around it, or another control that does the same.
  test('every timeline mark has a Show button of 24 px or more in its findings row, which opens it too', async () => {
    const { page, errors } = await open('report.html');
    const marks = await page.$$eval('#page-view .mark[role=button]', (elements) =>
      elements.map((mark) => {
        const box = mark.getBoundingClientRect();
        const button = mark.closest('.session').querySelector(`button.show[data-finding="${mark.getAttribute('data-finding')}"]`)?.getBoundingClientRect();
        return { small: box.width < 24 || box.height < 24, button: button !== undefined && button.width >= 24 && button.height >= 24 };
      }),
    );
    const card = page.locator('article.session[data-session="invented-names"]');
    await card.locator('button.show').nth(1).click();
    expect({
      someSmall: marks.some((mark) => mark.small),
      withoutButton: marks.filter((mark) => !mark.button).length,
      selected: await card.locator('.mark.selected').getAttribute('data-finding'),
      detail: await card.locator('.detail').innerText(),
      errors,
    }).toEqual({ someSmall: true, withoutButton: 0, selected: 'f-5-1', detail: expect.stringContaining('Creating false hope pitfall · turn 4') as string, errors: [] });
    await page.context().close();
  });

  // 320 CSS pixels is a 1280-pixel window at 400% zoom (WCAG 1.4.10): tables scroll in their own boxes.
  test.each(['report.html', 'diff.html'])('%s at 320 px wide: the page does not scroll sideways', async (file) => {
    const { page } = await open(file, 320);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBe(320);
    await page.context().close();
  });

  /** Of the table boxes shown: how many scroll, and the names of those that are a tab stop and named region when they do not scroll, or not when they do. */
  function inspectScrollBoxes(page: Page): Promise<{ scrolling: number; wrong: string[] }> {
    return page.$$eval('.scroll', (boxes) => {
      const shown = boxes.filter((box) => box.checkVisibility());
      const scrolls = (box: (typeof boxes)[number]): boolean => box.scrollWidth > box.clientWidth;
      const region = (box: (typeof boxes)[number]): boolean => box.getAttribute('tabindex') === '0' && box.getAttribute('role') === 'region' && (box.getAttribute('aria-label') ?? '') !== '';
      return {
        scrolling: shown.filter(scrolls).length,
        wrong: shown.filter((box) => scrolls(box) !== region(box)).map((box) => box.getAttribute('data-label') ?? box.getAttribute('aria-label') ?? box.outerHTML.slice(0, 60)),
      };
    });
  }

  // WCAG 2.1.1 (axe's scrollable-region-focusable): a box that scrolls takes focus, so arrow keys scroll it; one that fits is no tab stop.
  test.each(['report.html', 'diff.html'])('%s: a table’s box is a tab stop only while it scrolls, also after the window narrows and widens again', async (file) => {
    const { page, errors } = await open(file);
    const wide = await inspectScrollBoxes(page);
    await page.setViewportSize({ width: 320, height: 900 });
    await expect.poll(() => inspectScrollBoxes(page).then((boxes) => boxes.wrong)).toEqual([]);
    const narrow = await inspectScrollBoxes(page);
    const box = page.locator('.scroll[tabindex="0"]').first();
    await box.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowRight');
    const scrolled = await box.evaluate((element) => element.scrollLeft);
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect.poll(() => inspectScrollBoxes(page).then((boxes) => boxes.wrong)).toEqual([]);
    expect({ wide, narrow: narrow.scrolling > 1, scrolled: scrolled > 0, again: await inspectScrollBoxes(page), errors }).toEqual({
      wide: { scrolling: 0, wrong: [] },
      narrow: true,
      scrolled: true,
      again: { scrolling: 0, wrong: [] },
      errors: [],
    });
    await page.context().close();
  });

  test.each(['report.html', 'diff.html'])('%s without JavaScript: every table is shown, in a box a keyboard can scroll', async (file) => {
    const { page } = await open(file, 320, { script: false });
    const boxes = await page.$$eval('.scroll', (elements) =>
      elements.filter((box) => box.checkVisibility()).map((box) => ({ rows: box.querySelectorAll('tbody tr').length > 0, region: box.getAttribute('tabindex') === '0' && box.getAttribute('role') === 'region' })),
    );
    expect({ some: boxes.length > 1, all: [...new Set(boxes.map((box) => JSON.stringify(box)))] }).toEqual({ some: true, all: [JSON.stringify({ rows: true, region: true })] });
    await page.context().close();
  });

  // WCAG 1.4.4 and 1.4.10: a chart scaled down to a narrow window shrank its 11-unit text to 5 px.
  test.each([320, 700, 1280])('trend charts %i px wide: their text is 12 px or more as shown, inside the chart, no label over another', async (width) => {
    const measured: Record<string, unknown> = {};
    for (const file of ['report.html', 'trend.html']) {
      const { page } = await open(file, width);
      measured[file] = await page.$$eval('svg.trend', (charts) => {
        const shown = charts.filter((chart) => chart.checkVisibility());
        const texts = shown.flatMap((chart) => [...chart.querySelectorAll('text')].map((text) => ({ text, chart: chart.getBoundingClientRect() })));
        const sizes = texts.map(({ text }) => Number.parseFloat(text.ownerDocument.defaultView.getComputedStyle(text).fontSize) * text.getScreenCTM().a);
        const boxes = texts.map(({ text, chart }) => ({ name: text.textContent, box: text.getBoundingClientRect(), chart }));
        const outside = boxes.filter(({ box, chart }) => box.left < chart.left - 1 || box.right > chart.right + 1 || box.top < chart.top - 1 || box.bottom > chart.bottom + 1);
        const overlapping = boxes.filter(({ box }, i) =>
          boxes.some((other, j) => j !== i && box.left < other.box.right && other.box.left < box.right && box.top < other.box.bottom && other.box.top < box.bottom),
        );
        return { charts: shown.length > 0, smallest: Math.round(Math.min(...sizes) * 10) / 10 >= 12 ? 'at least 12' : Math.min(...sizes), outside: outside.map((b) => b.name), overlapping: overlapping.map((b) => b.name) };
      });
      await page.context().close();
    }
    const fine = { charts: true, smallest: 'at least 12', outside: [], overlapping: [] };
    expect(measured).toEqual({ 'report.html': fine, 'trend.html': fine });
  });

  /**
   * In forced colours, how far what tells each thing apart stands out from the system's
   * Canvas (the contrast ratio of the least visible one), and whether every heat map cell's
   * bar follows its count.
   */
  function inspectForcedColors(page: Page): Promise<Record<string, number | boolean>> {
    return page.$eval('body', (body) => {
      const view = body.ownerDocument.defaultView;
      type Style = Record<'backgroundColor' | 'backgroundImage' | 'backgroundSize' | 'fill' | 'stroke' | 'outlineStyle' | 'outlineColor', string>;
      const style = (element: unknown): Style => view.getComputedStyle(element);
      const probe = body.ownerDocument.createElement('div');
      probe.style.backgroundColor = 'Canvas';
      body.append(probe);
      const canvas = style(probe).backgroundColor;
      probe.remove();
      const luminance = (colour: string): number => {
        const [r = 0, g = 0, b = 0] = (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map((value: string) => {
          const c = Number(value) / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
      };
      const contrast = (colour: string): number => {
        const [light, dark] = [Math.max(luminance(colour), luminance(canvas)), Math.min(luminance(colour), luminance(canvas))];
        return Math.round(((light + 0.05) / (dark + 0.05)) * 10) / 10;
      };
      const least = (selector: string, property: 'fill' | 'stroke'): number => Math.min(...[...body.querySelectorAll(selector)].map((element) => contrast(style(element)[property])));
      const selected = body.querySelector('#page-view .mark.selected');
      const other = body.querySelector(`#page-view .mark.${selected.classList.contains('pitfall') ? 'pitfall' : 'technique'}:not(.selected):not(.intended):not(.suppressed)`);
      const row = body.querySelector('#page-view tr.selected');
      const focused = body.ownerDocument.activeElement;
      const cells = [...body.querySelectorAll('#page-view .heat td.cell')].map((cell) => ({ count: Number(cell.textContent), bar: style(cell).backgroundImage.includes('gradient') ? Number(/[\d.]+/.exec(style(cell).backgroundSize)?.[0]) : 0 }));
      return {
        ticks: least('#page-view .timeline .axis, #page-view .timeline [class^="tick-"]', 'stroke'),
        marks: least('#page-view .mark.found, .legend .mark:not(.intended):not(.suppressed)', 'fill'),
        hollowMarks: least('#page-view .mark.intended, #page-view .mark.suppressed, .legend .mark.intended, .legend .mark.suppressed', 'stroke'),
        selectedMark: contrast(style(selected).fill),
        selectedApart: style(selected).fill !== style(other).fill,
        focusRing: style(focused).outlineStyle === 'none' ? 0 : contrast(style(focused).outlineColor),
        focusIsMark: focused.matches('.mark:not(.selected)'),
        selectedRow: style(row).outlineStyle === 'none' ? 0 : contrast(style(row).outlineColor),
        heatBars: cells.length > 0 && cells.every((cell) => cell.bar > 0 === cell.count > 0),
        trendText: least('svg.trend text', 'fill'),
        trendLines: least('svg.trend .line', 'stroke'),
      };
    });
  }

  // Windows High Contrast: colours the page sets on SVG are kept, so black on a black Canvas vanished; backgrounds are dropped.
  test.each(['dark', 'light'] as const)('in %s forced colours the heat map, marks, ticks, the selected mark and row, and the focus ring still show', async (scheme) => {
    const { page, errors } = await open('report.html', 1280, { forcedColors: scheme });
    const card = page.locator('article.session[data-session="invented-names"]');
    await card.locator('.timeline .mark.pitfall').first().click();
    // Focus from the keyboard, so :focus-visible draws the ring.
    await card.locator('.timeline .mark').nth(2).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    const seen = await inspectForcedColors(page);
    await card.screenshot({ path: join(dir, `forced-${scheme}.png`) });
    const least = (names: string[], floor: number): string[] => names.filter((name) => !(Number(seen[name]) >= floor)).map((name) => `${name}: ${String(seen[name])}`);
    expect({
      // WCAG 1.4.11 and 1.4.3: graphics that carry meaning 3:1, text 4.5:1.
      belowThree: least(['ticks', 'marks', 'hollowMarks', 'selectedMark', 'focusRing', 'selectedRow', 'trendLines'], 3),
      belowFourHalf: least(['trendText'], 4.5),
      selectedApart: seen.selectedApart,
      focusIsMark: seen.focusIsMark,
      heatBars: seen.heatBars,
      errors,
    }).toEqual({ belowThree: [], belowFourHalf: [], selectedApart: true, focusIsMark: true, heatBars: true, errors: [] });
    await page.context().close();
  });

  // WCAG 1.4.1 at 400% zoom: a timeline scaled down to 300 px drew its marks 3 px wide, where circle and triangle look alike.
  test.each([320, 1280])('timeline marks %i px wide keep their size, 8 px or more each way', async (width) => {
    const { page } = await open('report.html', width);
    const sizes = await page.$$eval('#page-view .timeline .mark', (marks) =>
      marks.map((mark) => {
        const box = mark.querySelector(':scope > :not(title):not(.span)').getBoundingClientRect();
        return Math.min(box.width, box.height);
      }),
    );
    expect({ marks: sizes.length > 20, smallest: Math.min(...sizes) >= 8 ? 'at least 8' : Math.min(...sizes) }).toEqual({ marks: true, smallest: 'at least 8' });
    await page.context().close();
  });

  // At 320 px the findings table was squeezed to the window, its excerpts a word or two a line and rows 200 px tall.
  test('at 320 px wide the findings list’s excerpts wrap at 150 px or more, their table scrolling sideways instead', async () => {
    const { page } = await open('report.html', 320);
    const widths = await page.$$eval('#page-view .findings td.excerpt', (cells) => cells.filter((cell) => cell.textContent !== '').map((cell) => cell.getBoundingClientRect().width));
    expect({ cells: widths.length > 20, narrowest: Math.min(...widths) >= 150 ? 'at least 150' : Math.min(...widths) }).toEqual({ cells: true, narrowest: 'at least 150' });
    await page.context().close();
  });

  test('filters the findings list by rule, kind and session', async () => {
    const { page } = await open('report.html');
    const visibleRules = (): Promise<string[]> =>
      page.$$eval('#page-view .findings tbody tr:not([hidden])', (rows) => [...new Set(rows.map((row) => row.getAttribute('data-rule') ?? ''))]);
    await page.selectOption('#filter-rule', 'false-hope');
    const byRule = await visibleRules();
    await page.selectOption('#filter-rule', '');
    await page.selectOption('#filter-kind', 'technique');
    const byKind = await page.$$eval('#page-view .findings tbody tr:not([hidden])', (rows) => [...new Set(rows.map((row) => row.getAttribute('data-kind')))]);
    await page.selectOption('#filter-session', { label: 'grief' });
    const sessions = await page.$$eval('#page-view article.session:not([hidden])', (cards) => cards.map((card) => card.getAttribute('data-session')));
    expect({ byRule, byKind, sessions }).toEqual({ byRule: ['false-hope'], byKind: ['technique'], sessions: ['grief'] });
    await page.context().close();
  });

  test('redacted: no transcript word in the page text, its attributes or its markup', async () => {
    const { page, requests, errors } = await open('redacted.html');
    const text = await page.locator('body').innerText();
    const attributes = await page.$$eval('*', (elements) => elements.flatMap((element) => [...element.attributes].map((attribute) => attribute.value)).join('\n'));
    const markup = await page.content();
    const leaks = (haystack: string): string[] => INVENTED.filter((word) => haystack.includes(word));
    expect({ text: leaks(text), attributes: leaks(attributes), markup: leaks(markup), requests, errors }).toEqual({
      text: [],
      attributes: [],
      markup: [],
      requests: [],
      errors: [],
    });
    const unredacted = await readFile(join(dir, 'report.html'), 'utf8');
    expect(leaks(unredacted)).toEqual(expect.arrayContaining(['Zorvath', 'Quenby', 'Vantrell', 'Krellick', 'Grendaline']));
    await page.context().close();
  });

  test('a thousand sessions at 320 px from the keyboard: Next turns the page, a Show button opens a finding, and axe-core still finds nothing', async () => {
    const { page, errors } = await open('many.html', 320);
    await page.locator('button[data-go="1"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('status').innerText()).toBe('Sessions 26–50 of 1000');
    // Tab from the pager into the new page of sessions, to its first Show button.
    let reached = false;
    for (let i = 0; i < 300 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.locator('#page-view button.show').first().evaluate((button) => button === button.ownerDocument.activeElement);
    }
    await page.keyboard.press('Enter');
    await expect.poll(() => inspectScrollBoxes(page).then((boxes) => boxes.wrong)).toEqual([]);
    const boxes = await inspectScrollBoxes(page);
    expect({
      reached,
      opened: await page.locator('#page-view .detail').first().innerText(),
      scrolling: boxes.scrolling > 1,
      violations: await findViolations(page),
      errors,
    }).toEqual({ reached: true, opened: expect.stringContaining('turn') as string, scrolling: true, violations: {}, errors: [] });
    await page.context().close();
  });

  test('a thousand sessions: one page of them in the document, the others a click away', async () => {
    const { page, errors } = await open('many.html');
    const nodes = await page.locator('*').count();
    await page.click('button[data-go="1"]');
    // A status, so screen readers say which sessions a turn of the page brought.
    const info = await page.getByRole('status').innerText();
    const first = await page.locator('#page-view article.session').first().getAttribute('data-session');
    expect({ fewNodes: nodes < 20_000, info, first, errors }).toEqual({
      fewNodes: true,
      info: 'Sessions 26–50 of 1000',
      first: 'group-week-26',
      errors: [],
    });
    await page.context().close();
  });
});
