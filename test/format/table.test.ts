import { stripVTControlCharacters } from 'node:util';
import { describe, expect, test } from 'vitest';
import { MAX_LISTED_SESSIONS, formatTable } from '../../src/format/table.js';
import type { FormatOptions } from '../../src/types.js';
import { expectGolden } from '../helpers/golden.js';
import { assembleReport, buildManySessionsReport, buildReport } from '../fixtures/format/report.js';

const PLAIN: FormatOptions = { color: false, details: false, quiet: false, failing: true };
/** Widest line, ignoring ANSI escapes. */
function widest(text: string): number {
  return Math.max(...stripVTControlCharacters(text).split('\n').map((line) => line.length));
}

/** Whether the text carries ANSI escapes. */
function hasAnsi(text: string): boolean {
  return stripVTControlCharacters(text) !== text;
}

describe('formatTable', () => {
  test.each([
    ['table.txt', buildReport(), PLAIN],
    ['table-details.txt', buildReport(), { ...PLAIN, details: true }],
    ['table-quiet.txt', buildReport(), { ...PLAIN, quiet: true, details: true }],
    ['table-many.txt', buildManySessionsReport(12), PLAIN],
    ['table-redacted-details.txt', buildReport({ redacted: true }), { ...PLAIN, details: true }],
    ['table-summary.txt', buildManySessionsReport(MAX_LISTED_SESSIONS + 1), PLAIN],
  ])('matches golden %s', async (name, report, options) => {
    await expectGolden(formatTable(report, options), `format/${name}`);
  });

  test.each([1, 3, 4, 5, 12])('fits 100 columns with %i sessions', (count) => {
    const output = formatTable(buildManySessionsReport(count), PLAIN);
    expect(widest(output)).toBeLessThanOrEqual(100);
  });

  test.each([
    [MAX_LISTED_SESSIONS, MAX_LISTED_SESSIONS],
    [MAX_LISTED_SESSIONS + 1, 20],
  ])('with %i sessions lists %i of them', (count, listed) => {
    const output = formatTable(buildManySessionsReport(count), PLAIN);
    expect(output.split('\n').filter((line) => line.includes('group-week-'))).toHaveLength(listed);
  });

  test('switches to the transposed layout with a legend for many sessions', () => {
    const output = formatTable(buildManySessionsReport(12), PLAIN);
    expect(output).toContain('EMP = Providing empathy');
    expect(output).toContain('FH = Creating false hope');
    expect(output.split('\n').filter((line) => line.includes('group-week-'))).toHaveLength(12);
  });

  test('keeps rules as rows for a few sessions, techniques before pitfalls, the share last', () => {
    const output = formatTable(buildReport(), PLAIN);
    const order = ['Techniques', 'Providing empathy', 'Pitfalls', 'Creating false hope', 'Reassurance share'];
    const positions = order.map((text) => output.indexOf(text));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('has no ANSI escapes without colour and some with it', () => {
    expect(hasAnsi(formatTable(buildReport(), { ...PLAIN, details: true }))).toBe(false);
    expect(hasAnsi(formatTable(buildReport(), { ...PLAIN, color: true }))).toBe(true);
  });

  // A session id with a newline split its row in two; one with an escape sequence spoke to the terminal.
  test('control characters in a session id or file name are written escaped', () => {
    const report = buildReport();
    const [first] = report.sessions;
    if (!first) throw new Error('the fixture has sessions');
    const sessions = [{ ...first, id: 'new\nline\u001b[2J', file: 'new\nline.txt' }, ...report.sessions.slice(1)];
    const output = formatTable(assembleReport(sessions), { ...PLAIN, details: true });
    expect({ raw: output.includes('\u001b') || output.includes('new\nline'), escaped: output.includes('new\\nline\\u001b[2J') && output.includes('new\\nline.txt') }).toEqual({ raw: false, escaped: true });
  });

  test('quiet hides techniques and prints nothing when nothing fails the run', () => {
    const quiet = formatTable(buildReport(), { ...PLAIN, quiet: true });
    expect(quiet).not.toContain('Providing empathy');
    expect(quiet).toContain('Creating false hope');
    expect(formatTable(buildReport({ failLevel: 'never' }), { ...PLAIN, quiet: true, failing: false })).toBe('');
  });

  // `--quiet --strict` (or `--max-pitfalls`) exited 1 with an empty table: the missed label it failed on was never shown.
  test('quiet shows the pitfalls and the missed labels when a gate fails the run with no failing finding', () => {
    const quiet = formatTable(buildReport({ failLevel: 'never' }), { ...PLAIN, quiet: true, details: true, failing: true });
    expect(quiet).toContain('Creating false hope');
    expect(quiet).toContain('samples/intake-01.yaml:25  turn 12  false-hope  (missed: labelled but not found)');
  });

  // README: under --strict "a --quiet table shows where"; without --details it showed only "1 missed".
  test('quiet --strict lists the missed labels it fails on, once, with or without details', () => {
    const line = 'samples/intake-01.yaml:25  turn 12  false-hope  (missed: labelled but not found)';
    const count = (text: string): number => text.split('\n').filter((row) => row.trim() === line).length;
    const report = buildReport({ failLevel: 'never' });
    expect(count(formatTable(report, { ...PLAIN, quiet: true, failing: true, strict: true }))).toBe(1);
    expect(count(formatTable(report, { ...PLAIN, quiet: true, failing: true, strict: true, details: true }))).toBe(1);
    // A missed label fails nothing without --strict: the quiet table of a --max-pitfalls gate leaves it out.
    expect(count(formatTable(report, { ...PLAIN, quiet: true, failing: true }))).toBe(0);
  });

  // An empty folder or a missing path printed a table of zeros over the line that said why.
  test('with no session, only the summary line', () => {
    expect(formatTable(assembleReport([]), PLAIN)).toBe('0 sessions, 0 therapist turns, 0 findings, 0 pitfalls (0 failing at fail level warning)\n');
  });

  test('summary line counts sessions, turns, findings, failing pitfalls, expected and suppressed', () => {
    const lines = formatTable(buildReport(), PLAIN).trimEnd().split('\n');
    expect(lines.at(-1)).toBe(
      '3 sessions, 16 therapist turns, 10 findings, 4 pitfalls (3 failing at fail level warning), 1 expected, 1 suppressed, 1 missed',
    );
  });

  // A session where no therapist turn was found (a misspelt --therapist) read as a 0% share,
  // the same as a therapist who never reassured.
  test('a session with no therapist turn has no share: -, and its details say why', () => {
    const [first] = buildReport().sessions;
    if (first === undefined) throw new Error('the fixture has sessions');
    const report = assembleReport([{ ...first, therapistTurns: 0, reassuranceShare: 0, findings: [], suppressed: [], missed: [] }]);
    const output = formatTable(report, { ...PLAIN, details: true });
    expect(output).toMatch(/Reassurance share +│ +- │ +- │/);
    expect(output).toContain(`${first.id} (${first.file}): no therapist turn found`);
  });

  test('details list findings in turn order with session-scope turns and markers', () => {
    const output = formatTable(buildReport(), { ...PLAIN, details: true });
    expect(output).toContain('reassurance: 50% of therapist turns');
    expect(output).toContain('samples/follow up/02.txt:6  turns 3, 7, 9  over-reliance  value 0.75');
    expect(output).toContain('invalidation  "Calm down, the harpsichord thing is no big deal."  (expected)');
    expect(output).toContain('(suppressed: quoting a relative on purpose)');
    expect(output).toContain('samples/intake-01.yaml:25  turn 12  false-hope  (missed');
    expect(output.indexOf('turn 2  empathy')).toBeLessThan(output.indexOf('turn 6  false-hope'));
  });
});
