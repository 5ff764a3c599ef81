import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { EMPATHY_SUGGEST_SUMMARY } from '../../fixtures/eval/suggest-summary.js';
import { TOOL } from '../../../src/report/run-report.js';
import { runCli } from '../../helpers/run-cli.js';

const base = ['rules', 'suggest', 'empathy', 'test/fixtures/eval/suggest.yaml', '--rules', 'test/fixtures/eval/rules.yaml'];

describe('reassure rules suggest', () => {
  test('table: the rule today, then the frames of its missed turns, best first', async () => {
    expect(await runCli([...base, '--top', '2'])).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'empathy: 4 labelled of 7 therapist turns (1 session); the rules find 1 (F1 0.33), miss 3 and flag 1 unlabelled',
        '',
        'Frames of the missed turns, by the F1 the rule would reach with the frame added:',
        '',
        'frame  support  false alarms  precision  labelled  turns  F1 after',
        '-----  -------  ------------  ---------  --------  -----  --------',
        '"you"        2             0       1.00         2      2      0.75',
        '"be"         2             1       0.67         2      3      0.67',
        '',
      ].join('\n'),
    });
  });

  test('json: the same, for machines', async () => {
    const run = await runCli([...base, '--format', 'json', '--min-precision', '0.9']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      schemaVersion: 1,
      tool: { ...TOOL },
      ...EMPATHY_SUGGEST_SUMMARY,
      frames: [{ frame: 'you', words: 1, support: 2, falseAlarms: 0, precision: 1, labelled: 2, turns: 2, f1: 0.75 }],
    });
  });

  test('a label no rule covers yet, with nothing frequent enough', async () => {
    const run = await runCli(['rules', 'suggest', 'validation', ...base.slice(3), '--min-support', '3']);
    expect(run).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'validation: 2 labelled of 7 therapist turns (1 session); no turn rule "validation" in the rule set, so all 2 count as missed',
        '',
        'No frame occurs in 3 or more missed turns with a precision of 0.5 or more.',
        '',
      ].join('\n'),
    });
  });

  // With every labelled turn found, it spoke of support and precision thresholds: nothing to find.
  test('a rule that misses no labelled turn, and an id no turn is labelled with, say so', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-suggest-'));
    try {
      writeFileSync(
        path.join(dir, 'found.yaml'),
        "session: found\nturns:\n  - speaker: Client\n    text: I failed again.\n  - speaker: Therapist\n    text: It sounds like you've been carrying a lot.\n    labels: [empathy]\n",
      );
      const rest = async (id: string) => (await runCli(['rules', 'suggest', id, 'found.yaml', '--no-config'], { cwd: dir })).stdout.split('\n').slice(1);
      expect(await rest('empathy')).toEqual(['', 'The rules miss no turn labelled empathy: no frame to suggest.', '']);
      expect(await rest('false-hope')).toEqual(['', 'No therapist turn is labelled false-hope: label some (labels: [false-hope]) to have frames to suggest.', '']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each([
    [['rules', 'suggest', 'nope', ...base.slice(3)], 'rules suggest: got "nope", expected the id of a turn rule (empathy, false-hope) or a label of a therapist turn'],
    // A mistyped id got the list of ids, not the one it most likely meant, as rules explain gives.
    [['rules', 'suggest', 'empthy', ...base.slice(3)], 'rules suggest: got "empthy" (did you mean "empathy"?), expected the id of a turn rule (empathy, false-hope) or a label of a therapist turn'],
    // The id left out: commander took the folder for it, then asked for the 'paths' just given.
    [['rules', 'suggest', 'test/fixtures/eval/suggest.yaml'], 'rules suggest: got only "test/fixtures/eval/suggest.yaml"; name the rule id, then the labelled transcripts: reassure rules suggest ID <paths...>'],
    [[...base, '--top', 'many'], '--top: got "many", expected a whole number'],
    [[...base, '--min-precision', '2'], '--min-precision: got "2", expected a number from 0 to 1, such as 0.7'],
    [[...base, '--fold', '3/3'], '--fold: got "3/3", expected k/n: the fold to take (k, counting from 0) of how many folds (n, from 2 to 999), such as 0/5 for the first of five'],
  ])('%j is a usage error', async (argv, message) => {
    expect(await runCli(argv)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  // `rules --help` listed `suggest [options] <id> [paths...]`, as if the paths could be left out.
  test('rules --help lists the same arguments as rules suggest --help', async () => {
    const listed = (await runCli(['rules', '--help'])).stdout.split('\n').find((line) => line.trim().startsWith('suggest '));
    const usage = (await runCli(['rules', 'suggest', '--help'])).stdout.split('\n')[0];
    expect({ listed: listed?.trim().split(/\s{2,}/)[0], usage }).toEqual({
      listed: 'suggest [options] <id> <paths...>',
      usage: 'Usage: reassure rules suggest [options] <id> <paths...>',
    });
  });
});
