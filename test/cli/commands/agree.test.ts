import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../../helpers/run-bin.js';
import { runCli } from '../../helpers/run-cli.js';

const first = 'test/fixtures/agree/first';
const second = 'test/fixtures/agree/second';
const gammaWarning = 'test/fixtures/agree/first/gamma.yaml:2: warning: session "gamma" is only in the first set; left out\n';

describe('reassure agree', () => {
  test('table: per id who gave it, agreement and kappa, then what they mean; a session in one set only is a warning', async () => {
    const run = await runCli(['agree', first, second]);
    expect(run).toEqual({
      code: 0,
      stderr: gammaWarning,
      stdout: [
        `2 sessions coded twice, 6 therapist turns: first ${first}, second ${second}`,
        '',
        'id                             scope    first  second  both  first only  second only  agreement  kappa',
        '-----------------------------  -------  -----  ------  ----  ----------  -----------  ---------  -----',
        'empathy                        turn         1       1     1           0            0       1.00   1.00',
        'positive-self-talk             turn         0       1     0           0            1       0.00   0.00',
        'support-encouragement          turn         0       0     0           0            0          -      -',
        'normalizing                    turn         1       0     0           1            0       0.00   0.00',
        'education                      turn         1       1     1           0            0       1.00   1.00',
        'over-reliance                  turn         1       1     1           0            0       1.00   1.00',
        'invalidation                   turn         1       1     1           0            0       1.00   1.00',
        'reinforcing-negative-thoughts  turn         0       0     0           0            0          -      -',
        'ignoring-underlying-issues     turn         0       0     0           0            0          -      -',
        'false-hope                     turn         3       3     3           0            0       1.00   1.00',
        'repeated-promise               turn         0       1     0           0            1       0.00   0.00',
        'over-reliance                  session      1       0     0           1            0       0.00   0.00',
        '-----------------------------  -------  -----  ------  ----  ----------  -----------  ---------  -----',
        'micro (turns)                                                                              0.82   0.80',
        'macro (turns)                                                                              0.63   0.63',
        '',
        'agreement: 2 x both / (first + second), the share of the labels both coders gave (the F1 of either against the other);',
        "kappa: Cohen's, agreement on every therapist turn (or session) corrected for chance; macro averages the rows either coder used.",
        '',
      ].join('\n'),
    });
  });

  test('--details lists each disagreement with who gave the label; --redact keeps places and drops every word', async () => {
    const listed = await runCli(['agree', first, second, '--details']);
    expect(listed.stdout.slice(listed.stdout.indexOf('\n\nnormalizing:'))).toBe(
      [
        '',
        '',
        'normalizing: 1 disagreement',
        '  first only   test/fixtures/agree/first/alpha.yaml:6, not in test/fixtures/agree/second/alpha.yaml:6  turn 2  "That sounds really stressful, and lots of people feel that before a retest."',
        '',
        'positive-self-talk: 1 disagreement',
        '  second only  test/fixtures/agree/second/alpha.yaml:16, not in test/fixtures/agree/first/alpha.yaml:16  turn 6  "What helped you stay calm in the lessons that went well?"',
        '',
        'repeated-promise: 1 disagreement',
        '  second only  test/fixtures/agree/second/beta.yaml:12, not in test/fixtures/agree/first/beta.yaml:12  turn 4  "I promise, it will be clear."',
        '',
        'over-reliance (session): 1 disagreement',
        '  first only   test/fixtures/agree/first/beta.yaml, not in test/fixtures/agree/second/beta.yaml  session beta',
        '',
      ].join('\n'),
    );
    for (const format of ['table', 'json']) {
      const redacted = await runCli(['agree', first, second, '--details', '--redact', '--format', format]);
      for (const word of ['stressful', 'retest', 'calm', 'clear']) expect(redacted.stdout).not.toContain(word);
      expect(redacted.stdout).toContain(format === 'table' ? 'test/fixtures/agree/first/alpha.yaml:16  turn 6\n' : '"secondLine": 16');
    }
  });

  // A label only the second coder gave was placed in the first coder's file, where it is not.
  test("--details places a disagreement in both coders' files, at each file's own line", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reassure-agree-'));
    const session = (label: string, comment: string): string =>
      `${comment}session: s1\nturns:\n  - speaker: Client\n    text: Will it work?\n  - speaker: Therapist\n    text: It will all be fine.\n${label}`;
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 's1.yaml'), session('', ''));
    writeFileSync(join(dir, 'b', 's1.yaml'), session('    labels: [false-hope]\n', '# coded by the second reader\n# on a later day\n'));
    const table = await runCli(['agree', 'a', 'b', '--details', '--no-config'], { cwd: dir });
    expect(table.stdout.slice(table.stdout.indexOf('false-hope: 1'))).toBe('false-hope: 1 disagreement\n  second only  b/s1.yaml:7, not in a/s1.yaml:5  turn 2  "It will all be fine."\n');
    const json = JSON.parse((await runCli(['agree', 'a', 'b', '--details', '--no-config', '--format', 'json'], { cwd: dir })).stdout) as { disagreements: object[] };
    expect(json.disagreements).toEqual([{ id: 'false-hope', scope: 'turn', by: 'second', file: 'a/s1.yaml', session: 's1', turn: 2, line: 5, secondFile: 'b/s1.yaml', secondLine: 7, text: 'It will all be fine.' }]);
  });

  test('json: the rows, averages and intervals', async () => {
    const run = await runCli(['agree', first, second, '--format', 'json', '--intervals']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as { sessions: number; rows: { id: string; scope: string; agreement: number | null }[]; intervals: { replicates: number; rows: unknown[] }; disagreements?: unknown };
    expect({ sessions: body.sessions, falseHope: body.rows.find((row) => row.id === 'false-hope'), replicates: body.intervals.replicates, intervalRows: body.intervals.rows.length, disagreements: body.disagreements }).toEqual({
      sessions: 2,
      falseHope: { id: 'false-hope', scope: 'turn', first: 3, second: 3, both: 3, firstOnly: 0, secondOnly: 0, neither: 3, agreement: 1, kappa: 1 },
      replicates: 2000,
      intervalRows: 12,
      disagreements: undefined,
    });
  });

  test('--intervals adds a column to each score and says how they were drawn', async () => {
    const run = await runCli(['agree', first, second, '--intervals']);
    expect(run.stdout).toContain('agreement  agreement 95%  kappa     kappa 95%');
    expect(run.stdout).toContain('false-hope                     turn         3       3     3           0            0       1.00   [1.00, 1.00]   1.00  [1.00, 1.00]');
    expect(run.stdout.endsWith('95%: the middle 95% over 2000 resamples of the 2 sessions with replacement (seed 20261201)\n')).toBe(true);
  });

  test('a pair whose turns differ is left out with one line naming the file and turn; the rest is measured; exit 2', async () => {
    const run = await runCli(['agree', first, 'test/fixtures/agree/edited']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'test/fixtures/agree/edited/alpha.yaml:11: session "alpha" (test/fixtures/agree/first/alpha.yaml and test/fixtures/agree/edited/alpha.yaml): therapist turn 4 has other text than in the first; left out\n' + gammaWarning,
    );
    expect(run.stdout.startsWith('1 session coded twice, 2 therapist turns')).toBe(true);
  });

  test.each([
    [['agree', 'test/fixtures/agree/first/gamma.yaml', second], 'no session is in both test/fixtures/agree/first/gamma.yaml and test/fixtures/agree/second (sessions are paired by id)'],
    [['agree', first, second, '--format', 'csv'], '--format: got "csv", expected table or json'],
  ])('%j: one line, exit 2', async (argv, message) => {
    const run = await runCli(argv);
    expect({ code: run.code, stdout: run.stdout, last: run.stderr.trimEnd().split('\n').at(-1) }).toEqual({ code: 2, stdout: '', last: message });
  });

  test('through the real bin', () => {
    ensureBuilt();
    const run = runBin(['agree', first, second, '--format', 'json'], { cwd: resolve('.') });
    expect({ code: run.code, stderr: run.stderr, sessions: (JSON.parse(run.stdout) as { sessions: number }).sessions }).toEqual({ code: 0, stderr: gammaWarning, sessions: 2 });
  });

  // The README's own example: two coders' folders. CSV files name no session, so ids came from the differing paths.
  test('two coders\' folders of CSV files pair by the path inside each folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reassure-agree-'));
    for (const [coder, label] of [['alice', 'false-hope'], ['bob', '']] as const) {
      mkdirSync(join(dir, 'coded', coder, 'week 1'), { recursive: true });
      writeFileSync(join(dir, 'coded', coder, 'week 1', 's1.csv'), `speaker,text,labels\nClient,Will it work?,\nTherapist,It will all be fine.,${label}\n`);
    }
    const run = await runCli(['agree', 'coded/alice', 'coded/bob', '--format', 'json', '--no-config'], { cwd: dir });
    const body = JSON.parse(run.stdout) as { sessions: number; rows: { id: string; first: number; second: number }[] };
    expect({ code: run.code, stderr: run.stderr, sessions: body.sessions, falseHope: body.rows.find((row) => row.id === 'false-hope') }).toMatchObject({
      code: 0,
      stderr: '',
      sessions: 1,
      falseHope: { first: 1, second: 0 },
    });
  });
});

