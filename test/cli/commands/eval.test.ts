import { describe, expect, test } from 'vitest';
import { runCli } from '../../helpers/run-cli.js';

const base = ['eval', 'test/fixtures/eval/openers.yaml', '--rules', 'test/fixtures/eval/rules.yaml'];
const opener = { rule: 'false-hope', scope: 'turn', file: 'test/fixtures/eval/openers.yaml', session: 'openers' };

describe('reassure eval --misses / --false-alarms', () => {
  test('json: the listed turns, each with the client turn before it when there is one', async () => {
    const run = await runCli([...base, '--misses', 'false-hope', '--false-alarms', 'false-hope', '--format', 'json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    expect({ misses: body.misses, falseAlarms: body.falseAlarms, disagreements: body.disagreements }).toEqual({
      misses: [{ ...opener, type: 'false-negative', turn: 1, line: 6, text: 'You will pass that exam, I just know it.' }],
      falseAlarms: [
        {
          ...opener,
          type: 'false-positive',
          turn: 3,
          line: 13,
          text: 'Everything will be fine. Shall we look at your timetable?',
          previousClient: { turn: 2, line: 9, text: 'I failed the mock test\ntwice already.' },
        },
      ],
      disagreements: undefined,
    });
  });

  test('table: the scores, then the turns with file:line, turn index and the client turn before', async () => {
    const run = await runCli([...base, '--false-alarms', 'false-hope', '--misses', 'false-hope']);
    expect(run.code).toBe(0);
    expect(run.stdout.slice(run.stdout.indexOf('\n\nfalse-hope:'))).toBe(
      [
        '',
        '',
        'false-hope: 1 miss (labelled, not found)',
        '  test/fixtures/eval/openers.yaml:6  turn 1',
        '    therapist: "You will pass that exam, I just know it."',
        '',
        'false-hope: 1 false alarm (found, not labelled)',
        '  test/fixtures/eval/openers.yaml:13  turn 3',
        '    client turn 2: "I failed the mock test twice already."',
        '    therapist: "Everything will be fine. Shall we look at your timetable?"',
        '',
      ].join('\n'),
    );
  });

  test('a rule with no misses says so', async () => {
    const run = await runCli([...base, '--misses', 'empathy']);
    expect(run.stdout.endsWith('\n\nempathy: 0 misses (labelled, not found)\n')).toBe(true);
  });

  test.each([
    ['table', []],
    ['json', ['--format', 'json']],
  ])('--redact (%s) leaves out every transcript word, keeping places', async (_format, extra) => {
    const run = await runCli([...base, '--false-alarms', 'false-hope', '--misses', 'false-hope', '--details', '--redact', ...extra]);
    expect(run.code).toBe(0);
    for (const word of ['exam', 'mock', 'timetable', 'fine']) expect(run.stdout).not.toContain(word);
    expect(run.stdout).toContain(extra.length === 0 ? 'test/fixtures/eval/openers.yaml:13  turn 3  (after client turn 2)' : '"previousClient"');
  });

  test.each([
    ['--misses', 'no-such-rule'],
    ['--false-alarms', 'over-reliance'],
  ])('%s %s: a rule without turn matchers is a usage error', async (flag, id) => {
    const run = await runCli([...base, flag, id]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `${flag}: got "${id}", expected the id of a turn rule (empathy, false-hope)\n`,
    });
  });
});
