import { describe, expect, test } from 'vitest';
import { escapeXmlAttribute, escapeXmlText, formatJunit } from '../../src/format/junit.js';
import { redactReport } from '../../src/report/redact.js';
import { expectGolden } from '../helpers/golden.js';
import { buildOddNamesReport, buildReport } from '../fixtures/format/report.js';
import { childrenNamed, parseXml } from '../fixtures/format/xml-parse.js';

describe('formatJunit', () => {
  test('matches golden junit', async () => {
    await expectGolden(formatJunit(buildReport()), 'format/report.junit.xml');
  });

  test('parses back to a suite per session and a case per rule', () => {
    const root = parseXml(formatJunit(buildReport({ problems: [] })));
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toEqual({ name: 'reassure', tests: '30', failures: '3', errors: '0' });
    const suites = childrenNamed(root, 'testsuite');
    expect(suites.map((suite) => [suite.attributes.name, suite.attributes.tests, suite.attributes.failures])).toEqual([
      ['samples/intake-01.yaml', '10', '1'],
      ['samples/follow up/02.txt', '10', '2'],
      ['samples/closing-03.yaml', '10', '0'],
    ]);
    const cases = suites.flatMap((suite) => childrenNamed(suite, 'testcase'));
    expect(cases).toHaveLength(30);
    const failed = cases.filter((testCase) => childrenNamed(testCase, 'failure').length > 0);
    expect(failed.map((testCase) => [testCase.attributes.classname, testCase.attributes.name])).toEqual([
      ['intake-01', 'false-hope'],
      ['follow-up-02', 'over-reliance'],
      ['follow-up-02', 'invalidation'],
    ]);
  });

  // A file that could not be read was in no suite: the test view showed only what was audited.
  test('an input that could not be read is a suite of one test case in error, first', () => {
    const root = parseXml(formatJunit(buildReport()));
    expect(root.attributes).toEqual({ name: 'reassure', tests: '31', failures: '3', errors: '1' });
    const [first] = childrenNamed(root, 'testsuite');
    expect(first?.attributes).toEqual({ name: 'samples/broken.yaml', tests: '1', failures: '0', errors: '1', skipped: '0' });
    const errors = childrenNamed(first ?? root, 'testcase').flatMap((testCase) => childrenNamed(testCase, 'error'));
    expect(errors.map((error) => error.attributes)).toEqual([{ message: 'samples/broken.yaml:3: not audited: expected a mapping with `turns`', type: 'input' }]);
    expect(formatJunit(redactReport(buildReport()))).toContain('message="samples/broken.yaml:3: not audited (message left out by --redact)"');
  });

  // Warnings (no therapist turn found, a repeated id) were in every other report but this one.
  describe('warnings', () => {
    const warnings = [
      { file: 'samples/closing-03.yaml', message: 'no client turns found', kind: 'no-client-turn' as const },
      { file: 'samples/follow up/02.txt', line: 1, message: 'no therapist turn found; speakers seen: Glimmerwick, Marisol', redactedMessage: 'no therapist turn found; 2 speakers seen (names left out by --redact)', kind: 'no-therapist-turn' as const },
      { file: 'samples/closing-03.yaml', message: 'session id "closing-03" is also the id of a session in <elsewhere> & co', kind: 'duplicate-session-id' as const },
      { file: 'samples/broken.yaml', message: 'read as Windows-1252: not valid UTF-8', kind: 'windows-1252' as const },
      { file: '-', message: 'standard input is empty: no session to audit', kind: 'empty-input' as const },
    ];
    /** Each suite's name, tests, failures and errors, and its `<system-err>` text when it has one. */
    const summarise = (xml: string): unknown[] =>
      childrenNamed(parseXml(xml), 'testsuite').map((suite) => {
        const [err] = childrenNamed(suite, 'system-err');
        const { name, tests, failures, errors } = suite.attributes;
        return err === undefined ? [name, tests, failures, errors] : [name, tests, failures, errors, err.text];
      });

    test("are lines of the system-err of their file's first suite, or of a suite of no tests, and fail nothing", () => {
      const root = parseXml(formatJunit(buildReport({ warnings })));
      expect(root.attributes).toEqual({ name: 'reassure', tests: '31', failures: '3', errors: '1' });
      expect(summarise(formatJunit(buildReport({ warnings })))).toEqual([
        ['samples/broken.yaml', '1', '0', '1', 'samples/broken.yaml: warning: read as Windows-1252: not valid UTF-8'],
        ['-', '0', '0', '0', '-: warning: standard input is empty: no session to audit'],
        ['samples/intake-01.yaml', '10', '1', '0'],
        ['samples/follow up/02.txt', '10', '2', '0', 'samples/follow up/02.txt:1: warning: no therapist turn found; speakers seen: Glimmerwick, Marisol'],
        [
          'samples/closing-03.yaml',
          '10',
          '0',
          '0',
          'samples/closing-03.yaml: warning: no client turns found\nsamples/closing-03.yaml: warning: session id "closing-03" is also the id of a session in <elsewhere> & co',
        ],
      ]);
    });

    test('--redact leaves their messages out, as it does the problems\'', () => {
      const xml = formatJunit(redactReport(buildReport({ warnings })));
      expect(summarise(xml)[3]).toEqual(['samples/follow up/02.txt', '10', '2', '0', 'samples/follow up/02.txt:1: warning (message left out by --redact)']);
      expect(/Glimmerwick|Marisol|speakers seen/.test(xml)).toBe(false);
    });

    test('a report without warnings has no system-err', () => {
      expect(formatJunit(buildReport({ warnings: [] }))).not.toContain('system-err');
    });
  });

  test('round-trips excerpt text through escaping, minus illegal characters', () => {
    const root = parseXml(formatJunit(buildReport({ problems: [] })));
    const failures = childrenNamed(root, 'testsuite')
      .flatMap((suite) => childrenNamed(suite, 'testcase'))
      .flatMap((testCase) => childrenNamed(testCase, 'failure'));
    expect(failures[0]?.attributes).toEqual({
      message: 'Creating false hope: 1 finding at or above warning',
      type: 'error',
    });
    expect(failures[0]?.text).toBe(
      'samples/intake-01.yaml:13  turn 6  "Everything will be "fine", I\'m 100% certain <truly> & forever."',
    );
    expect(failures[2]?.text).toContain(`"Don't worry | it's *only* the zeppelin, 50% of it: relax now"`);
  });

  test('has no failures when the fail level is never, and stays well-formed when redacted', () => {
    expect(parseXml(formatJunit(buildReport({ failLevel: 'never' }))).attributes.failures).toBe('0');
    expect(parseXml(formatJunit(redactReport(buildReport()))).attributes.failures).toBe('3');
  });

  // --strict exited 1 on a labelled pitfall no longer found while the JUnit view showed every test passing.
  test('under strict, a labelled pitfall no longer found fails its rule\'s test case', () => {
    const report = buildReport({ failLevel: 'never' });
    expect(parseXml(formatJunit(report)).attributes.failures).toBe('0');
    const strict = parseXml(formatJunit(report, { strict: true }));
    expect(strict.attributes.failures).toBe('1');
    const failures = childrenNamed(strict, 'testsuite')
      .filter((suite) => suite.attributes.name === 'samples/intake-01.yaml')
      .flatMap((suite) => childrenNamed(suite, 'testcase'))
      .filter((testCase) => testCase.attributes.name === 'false-hope')
      .flatMap((testCase) => childrenNamed(testCase, 'failure'));
    expect(failures).toHaveLength(1);
    const failure = failures[0];
    expect(failure?.attributes.message).toBe('Creating false hope: 1 labelled turn no longer found (--strict)');
    expect(failure?.text).toBe('samples/intake-01.yaml:25  turn 12 is labelled false-hope, which the rules no longer find');
  });

  test.each([
    ['a < b & c > d', 'a &lt; b &amp; c &gt; d', 'a &lt; b &amp; c &gt; d'],
    ['say "hi" \'there\'', 'say "hi" \'there\'', 'say &quot;hi&quot; &apos;there&apos;'],
    ['bell\u0007 nul\u0000 esc\u001b', 'bell nul esc', 'bell nul esc'],
    ['two\nlines\tand tab', 'two\nlines\tand tab', 'two&#10;lines&#9;and tab'],
    ['lone \uD800 surrogate \uFFFE', 'lone  surrogate ', 'lone  surrogate '],
  ])('escapes %j', (input, text, attribute) => {
    expect(escapeXmlText(input)).toBe(text);
    expect(escapeXmlAttribute(input)).toBe(attribute);
  });

  test.each([
    ['<a><b></a></b>'],
    ['<a>x & y</a>'],
    ['<a b="1" b="2"/>'],
    ['<a>bell\u0007</a>'],
    ['<a></a><b/>'],
  ])('the test XML reader rejects %j', (source) => {
    expect(() => parseXml(source)).toThrow();
  });

  // XML escapes by construction: no raw escape, no markup from a name, and the document still parses.
  test('a session id or file name with control characters and markup is escaped', () => {
    const output = formatJunit(buildOddNamesReport());
    expect({ raw: output.includes('\u001b') || output.includes('<b>'), root: parseXml(output).name }).toEqual({ raw: false, root: 'testsuites' });
  });
});
