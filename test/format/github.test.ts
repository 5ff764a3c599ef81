import { describe, expect, test } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/format/github.js';
import { redactReport } from '../../src/report/redact.js';
import { expectGolden } from '../helpers/golden.js';
import { buildOddNamesReport, buildReport } from '../fixtures/format/report.js';

/** A workflow command with escaped properties: no raw `,` or `:` inside values, no raw line break. */
const COMMAND =
  /^::(error|warning) file=[^,:\r\n]+,line=[1-9]\d*,col=[1-9]\d*(,endColumn=[1-9]\d*)?,title=[^,:\r\n]+::[^\r\n]*$/;

describe('formatGithub', () => {
  test('matches golden github', async () => {
    await expectGolden(formatGithub(buildReport()), 'format/report.github.txt');
  });

  test.each([
    ['plain', buildReport()],
    ['redacted', redactReport(buildReport())],
    ['fail level never', buildReport({ failLevel: 'never' })],
  ])('emits only well-formed commands (%s)', (_name, report) => {
    const lines = formatGithub({ ...report, problems: [], warnings: [] }).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).toMatch(COMMAND);
  });

  test('emits failing pitfalls as errors, others as warnings, and skips techniques and expected ones', () => {
    const commands = (report: ReturnType<typeof buildReport>): string[] =>
      formatGithub({ ...report, problems: [], warnings: [] })
        .trimEnd()
        .split('\n')
        .map((line) => /^::(\w+) .*title=[^(]*\(([\w-]+)\)::/.exec(line)?.slice(1).join(' ') ?? line);
    expect(commands(buildReport())).toEqual(['error false-hope', 'error over-reliance', 'error invalidation']);
    expect(commands(buildReport({ failLevel: 'error' }))).toEqual([
      'error false-hope',
      'warning over-reliance',
      'warning invalidation',
    ]);
  });

  // --strict exited 1 on a labelled pitfall no longer found with no annotation saying where.
  test('under strict, annotates each labelled pitfall no longer found as an error at its turn', () => {
    const report = { ...buildReport({ failLevel: 'never' }), problems: [], warnings: [] };
    expect(formatGithub(report)).not.toContain('no longer find');
    const missed = formatGithub(report, { strict: true }).trimEnd().split('\n').filter((line) => line.includes('no longer find'));
    expect(missed).toEqual([
      '::error file=samples/intake-01.yaml,line=25,title=Labelled pitfall not found (false-hope)::turn 12 is labelled false-hope, which the rules no longer find',
    ]);
  });

  test('escapes %, and flattens line breaks and control characters in the message', () => {
    const line = formatGithub(buildReport()).trimEnd().split('\n')[4];
    expect(line).toContain(`::turn 11: "Don't worry | it's *only* the zeppelin, 50%25 of it: relax now"`);
  });

  test('is empty when there are no pitfalls, problems or warnings', () => {
    const report = buildReport();
    expect(formatGithub({ ...report, sessions: report.sessions.slice(2), problems: [], warnings: [] })).toBe('');
  });

  // Without them a file that could not be read failed the check with no annotation saying why.
  test('annotates unreadable inputs as errors and warnings as warnings, before the findings', () => {
    const lines = formatGithub(buildReport()).trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      '::error file=samples/broken.yaml,line=3,title=Not audited::expected a mapping with `turns`',
      '::warning file=samples/closing-03.yaml,title=Check this transcript::no client turns found',
    ]);
  });

  test('annotates the redacted message of a warning under --redact', () => {
    const report = buildReport({ warnings: [{ file: 'a.txt', line: 1, message: 'speakers seen: Ann, Bo', redactedMessage: '2 speakers seen' }] });
    expect(formatGithub(redactReport(report))).toContain('::warning file=a.txt,line=1,title=Check this transcript::2 speakers seen\n');
  });

  test.each([
    ['100%', '100%25', '100%25'],
    ['a\r\nb', 'a%0D%0Ab', 'a%0D%0Ab'],
    ['dir/a,b:c.txt', 'dir/a,b:c.txt', 'dir/a%2Cb%3Ac.txt'],
  ])('escapes %j', (input, data, property) => {
    expect(escapeData(input)).toBe(data);
    expect(escapeProperty(input)).toBe(property);
  });

  // GitHub documents %0A for a newline in a property or message: a file name with one does not split its command.
  test('a file name with a newline stays on its command line, escaped', () => {
    const lines = formatGithub(buildOddNamesReport(), { strict: true }).trimEnd().split('\n');
    expect({ commands: lines.every((line) => line.startsWith('::')), escaped: lines.every((line) => line.includes('file=new%0Aline|')) }).toEqual({ commands: true, escaped: true });
  });
});
