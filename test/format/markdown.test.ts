import { describe, expect, test } from 'vitest';
import { codeSpan, escapeMarkdown, formatMarkdown } from '../../src/format/markdown.js';
import { redactReport } from '../../src/report/redact.js';
import type { FormatOptions } from '../../src/types.js';
import { expectGolden } from '../helpers/golden.js';
import { assembleReport, buildManySessionsReport, buildReport } from '../fixtures/format/report.js';

const OPTIONS: FormatOptions = { color: false, details: false, quiet: false, failing: true };

/** The number of unescaped `|` in a table line (the cell separators). */
function countSeparators(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}

describe('formatMarkdown', () => {
  test.each([
    ['report.md', buildReport(), OPTIONS],
    ['report-quiet.md', buildReport(), { ...OPTIONS, quiet: true }],
    ['report-many.md', buildManySessionsReport(12), OPTIONS],
  ])('matches golden %s', async (name, report, options) => {
    await expectGolden(formatMarkdown(report, options), `format/${name}`);
  });

  test.each([
    ['3 sessions', buildReport()],
    ['12 sessions', buildManySessionsReport(12)],
  ])('every table row has as many cells as the header (%s)', (_name, report) => {
    const rows = formatMarkdown(report, OPTIONS)
      .split('\n')
      .filter((line) => line.startsWith('|'));
    const header = countSeparators(rows[0] ?? '');
    expect(rows.length).toBeGreaterThan(3);
    for (const row of rows) expect(countSeparators(row)).toBe(header);
  });

  test('lists each pitfall with location, turn, rule and escaped excerpt', () => {
    const output = formatMarkdown(buildReport(), OPTIONS);
    const section = output.slice(output.indexOf('### Pitfalls'));
    expect(section.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- `samples/intake-01.yaml:13` turn 6, **Creating false hope** (`false-hope`, error, fails): “Everything will be "fine", I\'m 100% certain \\<truly\\> \\& forever.”',
      '- `samples/intake-01.yaml:17` turn 8, **Invalidating the experience** (`invalidation`, warning, expected): “Calm down, the harpsichord thing is no big deal.”',
      '- `samples/follow up/02.txt:6` turns 3, 7, 9, value 0.75, **Over-reliance on reassurance** (`over-reliance`, warning, fails): “Yes, you are okay regarding the tangerine plan.”',
      '- `samples/follow up/02.txt:22` turn 11, **Invalidating the experience** (`invalidation`, warning, fails): “Don\'t worry \\| it\'s \\*only\\* the zeppelin, 50% of it: relax now”',
      '- `samples/intake-01.yaml:25` turn 12, **Creating false hope** (`false-hope`, labelled, not found)',
    ]);
  });

  test('quiet drops techniques, and everything when no pitfall fails and every input was read', () => {
    expect(formatMarkdown(buildReport(), { ...OPTIONS, quiet: true })).not.toContain('Providing empathy');
    expect(formatMarkdown(buildReport({ failLevel: 'never', problems: [] }), { ...OPTIONS, quiet: true, failing: false })).toBe('');
    expect(formatMarkdown(buildReport({ failLevel: 'never' }), { ...OPTIONS, quiet: true, failing: false })).toContain('samples/broken.yaml');
    // A gate (--strict, --max-pitfalls) that fails the run with no failing finding still shows the summary.
    expect(formatMarkdown(buildReport({ failLevel: 'never', problems: [] }), { ...OPTIONS, quiet: true, failing: true })).toContain('### Pitfalls');
  });

  // The summary line said "1 missed" and the Pitfalls section "No pitfalls found.": --strict failed the step with no place to look.
  test('lists each labelled pitfall no longer found, marked as failing under --strict', () => {
    const missed = (options: FormatOptions): string[] =>
      formatMarkdown(buildReport(), options)
        .split('\n')
        .filter((line) => line.includes('not found'));
    expect(missed(OPTIONS)).toEqual(['- `samples/intake-01.yaml:25` turn 12, **Creating false hope** (`false-hope`, labelled, not found)']);
    expect(missed({ ...OPTIONS, strict: true })).toEqual(['- `samples/intake-01.yaml:25` turn 12, **Creating false hope** (`false-hope`, labelled, not found, fails)']);
  });

  // A step summary said "No pitfalls found." for a run that could not read a file, or found no therapist.
  test('lists the inputs not audited and the warnings after the summary line', () => {
    const output = formatMarkdown(buildReport(), OPTIONS);
    const section = output.slice(output.indexOf('### Problems and warnings'), output.indexOf('### Pitfalls'));
    expect(section.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- `samples/broken.yaml:3` not audited: expected a mapping with \\`turns\\`',
      '- `samples/closing-03.yaml` warning: no client turns found',
    ]);
    expect(formatMarkdown(buildReport({ problems: [], warnings: [] }), OPTIONS)).not.toContain('### Problems');
  });

  test('with no session, no count table of zeros', () => {
    const output = formatMarkdown(assembleReport([], { problems: [{ file: 'empty/', message: 'no transcript files in directory' }] }), OPTIONS);
    expect(output).not.toContain('| Rule');
    expect(output).toContain('## reassure\n\n0 sessions, 0 therapist turns');
    expect(output).toContain('- `empty/` not audited: no transcript files in directory');
  });

  test('keeps the places of problems and warnings, not their messages, when redacted', () => {
    const output = formatMarkdown(redactReport(buildReport()), OPTIONS);
    expect(output).toContain(
      '- `samples/broken.yaml:3` not audited (message left out by --redact)\n- `samples/closing-03.yaml` warning (message left out by --redact)\n',
    );
    expect(output).not.toContain('no client turns found');
  });

  test.each([
    ['a|b', 'a\\|b'],
    ['*bold* _it_ `code`', '\\*bold\\* \\_it\\_ \\`code\\`'],
    ['<img src=x> & [link](y)', '\\<img src=x\\> \\& \\[link\\](y)'],
    ['two\nlines', 'two lines'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
  });

  test.each([
    ['plain', '`plain`'],
    ['a`b', '``a`b``'],
    ['`edge', '`` `edge ``'],
    ['new\nline\u001b[2J.yaml:4', '`new\\nline\\u001b[2J.yaml:4`'],
  ])('code span %j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  // A file named with a newline ended its list item early; an escape in it spoke to the terminal.
  test('control characters in a file name are written escaped in the places it lists', () => {
    const report = buildReport();
    const rename = (file: string): string => `new\nline\u001b[2J${file}`;
    const sessions = report.sessions.map((session) => ({ ...session, file: rename(session.file), findings: session.findings.map((f) => ({ ...f, file: rename(f.file) })) }));
    const problems = [{ file: 'p\nq.txt', line: 3, message: 'could not be read' }];
    const output = formatMarkdown(assembleReport(sessions, { problems, warnings: [] }), { ...OPTIONS, strict: true });
    const items = output.split('\n').filter((line) => line.startsWith('- '));
    expect({ raw: /\n(line|q\.txt)/.test(output) || output.includes('\u001b'), escaped: items.filter((line) => line.includes('\\n')).length }).toEqual({ raw: false, escaped: items.length });
  });
});

test('a session with no therapist turn has no share: -', () => {
  const [first] = buildReport().sessions;
  if (first === undefined) throw new Error('the fixture has sessions');
  const report = assembleReport([{ ...first, therapistTurns: 0, reassuranceShare: 0, findings: [], suppressed: [], missed: [] }]);
  expect(formatMarkdown(report, OPTIONS)).toContain('| Reassurance share | - | - |');
});
