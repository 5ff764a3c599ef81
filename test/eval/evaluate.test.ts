import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { cohensKappa, evaluateRules, scoreSessions } from '../../src/eval/evaluate.js';
import { findRowsBelowGates, formatEvaluationText } from '../../src/eval/format-eval.js';
import { loadRuleSet } from '../../src/rules/compile.js';
import { runCli } from '../helpers/run-cli.js';
import { readInputs } from '../../src/audit.js';

describe('cohensKappa', () => {
  test.each([
    // Hand-computed: n=5, po=(2+1)/5=0.6, pe=(3·3+2·2)/25=0.52, kappa=(0.6-0.52)/(1-0.52)=1/6.
    [{ tp: 2, fp: 1, fn: 1, tn: 1 }, 1 / 6],
    // Perfect agreement on a 20/80 split: kappa 1.
    [{ tp: 20, fp: 0, fn: 0, tn: 80 }, 1],
    // Agreement no better than chance: po=0.5, pe=0.5.
    [{ tp: 25, fp: 25, fn: 25, tn: 25 }, 0],
    // One class only on both sides: chance agreement is 1, kappa undefined.
    [{ tp: 0, fp: 0, fn: 0, tn: 10 }, null],
  ])('%j → %s', (counts, expected) => {
    const kappa = cohensKappa(counts);
    if (expected === null) expect(kappa).toBeNull();
    else expect(kappa).toBeCloseTo(expected, 10);
  });
});

describe('evaluateRules on a fixture with known answers', async () => {
  const loaded = loadRuleSet('test/fixtures/eval/rules.yaml', process.cwd());
  if (!loaded.ok) throw new Error('fixture rules did not load');
  const read = await readInputs({ inputs: ['test/fixtures/eval/labelled.yaml'], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 });
  const evaluation = evaluateRules(read.transcripts, loaded.ruleSet);

  test('counts agreement per therapist turn', () => {
    expect(evaluation.rows.find((row) => row.rule === 'false-hope' && row.scope === 'turn')).toEqual({
      rule: 'false-hope',
      scope: 'turn',
      tp: 2,
      fp: 1,
      fn: 1,
      tn: 1,
      gold: 3,
      predicted: 3,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
      kappa: expect.closeTo(1 / 6, 10) as number,
    });
  });

  test('scores session-level labels per session', () => {
    expect(evaluation.rows.find((row) => row.scope === 'session')).toMatchObject({ rule: 'over-reliance', tp: 0, fn: 1, gold: 1 });
  });

  test('lists false positives and negatives with file, line and text', () => {
    expect(evaluation.disagreements.filter((d) => d.rule === 'false-hope')).toEqual([
      {
        rule: 'false-hope',
        scope: 'turn',
        type: 'false-positive',
        file: 'test/fixtures/eval/labelled.yaml',
        session: 'eval-fixture',
        turn: 4,
        line: 14,
        text: "I promise you'll feel better soon.",
        previousClient: { turn: 3, line: 12, text: 'Thank you.' },
      },
      {
        rule: 'false-hope',
        scope: 'turn',
        type: 'false-negative',
        file: 'test/fixtures/eval/labelled.yaml',
        session: 'eval-fixture',
        turn: 6,
        line: 18,
        text: 'Those results are going to come back perfect, no question.',
        previousClient: { turn: 5, line: 16, text: 'I hope so.' },
      },
    ]);
  });

  test('names labels that are no rule', () => {
    expect(evaluation.unknownLabels).toEqual([{ label: 'not-a-rule', file: 'test/fixtures/eval/labelled.yaml', line: 23 }]);
  });

  test('gates name the rows below them; rules with nothing labelled or predicted are not judged', () => {
    expect(findRowsBelowGates(evaluation, { minF1: 0.7 }).map(({ row, reason }) => `${row.rule}/${row.scope}: ${reason}`)).toEqual([
      'false-hope/turn: F1 0.67 < 0.7',
      'over-reliance/session: no F1 (1 labelled, nothing found) counts as 0 < 0.7',
    ]);
  });

  test('the text table has a row per rule and scope, then micro and macro averages', () => {
    const text = formatEvaluationText(evaluation, { details: false });
    expect(text).toContain('false-hope     turn        3     3   2   1   1       0.67    0.67  0.67   0.17');
    expect(text).toMatch(/micro \(turns\)/);
    expect(text).toMatch(/macro \(turns\)/);
  });
});

/** `reassure eval` on one synthetic transcript written to a temporary folder. */
async function runEvalOn(name: string, text: string, args: string[]): ReturnType<typeof runCli> {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-'));
  try {
    writeFileSync(path.join(dir, name), text);
    return await runCli(['eval', path.join(dir, name), ...args]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('reassure eval', () => {
  // A rule with no F1 to take (nothing labelled, something found) failed the gate as `F1 - < 0.9`.
  test('--min-f1 names why a rule has no F1, and that it counts as 0', async () => {
    const run = await runEvalOn('gate.yaml', 'session: gate\nturns:\n  - speaker: Client\n    text: I failed again.\n  - speaker: Therapist\n    text: Everything will be fine.\n    labels: [empathy]\n', ['--no-config', '--min-f1', '0.9']);
    expect({ code: run.code, lines: run.stderr.split('\n').filter((line) => line.startsWith('below the gate:')) }).toEqual({
      code: 1,
      lines: [
        'below the gate: empathy (turn): no F1 (1 labelled, nothing found) counts as 0 < 0.9',
        'below the gate: false-hope (turn): no F1 (nothing labelled, 1 found) counts as 0 < 0.9',
      ],
    });
  });

  test('--min-f1 exits 1 when a rule falls below it; --format json is machine-readable', async () => {
    const run = await runCli(['eval', 'test/fixtures/eval/labelled.yaml', '--rules', 'test/fixtures/eval/rules.yaml', '--format', 'json', '--min-f1', '0.7']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('below the gate: false-hope (turn): F1 0.67 < 0.7');
    expect(run.stderr).toContain('label "not-a-rule" names no rule');
    const body = JSON.parse(run.stdout) as { therapistTurns: number; rules: unknown[] };
    expect(body.therapistTurns).toBe(5);
  });

  test('--details lists every disagreement, grouped by rule', async () => {
    const run = await runCli(['eval', 'test/fixtures/eval/labelled.yaml', '--rules', 'test/fixtures/eval/rules.yaml', '--details']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('false-hope (turn):\n  FP  test/fixtures/eval/labelled.yaml:14  turn 4  "I promise you\'ll feel better soon."');
  });

  test('--fold and --except-fold split the holdout sessions into a fold and the rest', async () => {
    const args = ['eval', 'test/fixtures/holdout', '--format', 'json'];
    const sessions = async (extra: string[]) => (JSON.parse((await runCli([...args, ...extra])).stdout) as { sessions: number }).sessions;
    const all = await sessions([]);
    const [one, rest] = [await sessions(['--fold', '1/3']), await sessions(['--except-fold', '1/3'])];
    expect(one + rest).toBe(all);
    expect(one).toBeGreaterThan(0);
    expect(rest).toBeGreaterThan(0);
    // Three runs over the holdout set: a generous limit for a loaded machine, not a speed target.
  }, 30_000);

  test.each([['--fold', '5/5'], ['--except-fold', 'x']])('%s %s is a usage error', async (flag, value) => {
    const run = await runCli(['eval', 'test/fixtures/holdout', flag, value]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${flag}: got "${value}", expected k/n`);
  });
});

describe('labels where they are not measured', () => {
  // Only therapist turns are scored, so such a label is lost: the coder should hear of it.
  test('are listed with their turn\'s line and role; an unknown one is named only as unknown', async () => {
    const loaded = loadRuleSet('test/fixtures/eval/rules.yaml', process.cwd());
    if (!loaded.ok) throw new Error('fixture rules did not load');
    const file = 'test/fixtures/eval/client-labels.yaml';
    const read = await readInputs({ inputs: [file], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 });
    const evaluation = evaluateRules(read.transcripts, loaded.ruleSet);
    expect({ misplaced: evaluation.misplacedLabels, unknown: evaluation.unknownLabels }).toEqual({
      misplaced: [
        { label: 'false-hope', file, line: 3, on: 'session' },
        { label: 'false-hope', file, line: 6, on: 'client' },
        { label: 'empathy', file, line: 11, on: 'other' },
      ],
      unknown: [{ label: 'not-a-rule', file, line: 11 }],
    });
  });

  test('the command line warns of each, one line apiece', async () => {
    const run = await runCli(['eval', 'test/fixtures/eval/client-labels.yaml', '--rules', 'test/fixtures/eval/rules.yaml', '--no-config']);
    expect(run.stderr.split('\n').filter((line) => line.includes('warning: label'))).toEqual([
      'test/fixtures/eval/client-labels.yaml:3: warning: label "false-hope" is on the session, and rule false-hope has no session measure; only its turns are measured',
      'test/fixtures/eval/client-labels.yaml:6: warning: label "false-hope" is on a client turn; only therapist turns are measured',
      'test/fixtures/eval/client-labels.yaml:11: warning: label "empathy" is on a turn whose speaker is other; only therapist turns are measured',
      'test/fixtures/eval/client-labels.yaml:11: warning: label "not-a-rule" names no rule of the rule set',
    ]);
  });
});

describe('scoreSessions', () => {
  test('scoring the per-session counts again gives back the rows and averages of the evaluation', async () => {
    const loaded = loadRuleSet('test/fixtures/eval/rules.yaml', process.cwd());
    if (!loaded.ok) throw new Error('fixture rules did not load');
    const read = await readInputs({ inputs: ['test/fixtures/eval/labelled.yaml', 'test/fixtures/holdout/blind'], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 });
    const evaluation = evaluateRules(read.transcripts, loaded.ruleSet);
    const rulesAt = (scope: string) => evaluation.rows.filter((row) => row.scope === scope).map((row) => row.rule);
    expect(evaluation.perSession).toHaveLength(evaluation.sessions);
    expect(scoreSessions(evaluation.perSession, rulesAt('turn'), rulesAt('session'))).toEqual({ rows: evaluation.rows, averages: evaluation.averages });
  });
});

describe('label warnings', () => {
  // A misspelt label was reported as naming no rule, with nothing to say which rule it meant.
  test('a label one or two letters from a rule id names that id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-labels-'));
    const file = path.join(dir, 'typo.yaml');
    writeFileSync(file, 'session: typo\nturns:\n  - speaker: Client\n    text: I failed.\n  - speaker: Therapist\n    text: Everything will be fine.\n    labels: [false-hop]\n');
    try {
      const run = await runCli(['eval', file, '--no-config']);
      expect(run.stderr).toContain('typo.yaml:5: warning: label "false-hop" names no rule of the rule set (did you mean "false-hope"?)\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A label is transcript text: an escape sequence in it must not reach the terminal.
  test('drop control characters from the label they quote', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-labels-'));
    const file = path.join(dir, 'escape.yaml');
    writeFileSync(file, 'session: escape\nturns:\n  - speaker: Therapist\n    text: That sounds hard.\n    labels: ["\\e[31mred"]\n  - speaker: Client\n    text: It is.\n    labels: [empathy]\n');
    try {
      const run = await runCli(['eval', file, '--rules', 'test/fixtures/eval/rules.yaml', '--no-config']);
      expect(run.stderr.split('\n').filter((line) => line.includes('warning: label')).map((line) => line.slice(line.indexOf('escape.yaml')))).toEqual([
        'escape.yaml:6: warning: label "empathy" is on a client turn; only therapist turns are measured',
        'escape.yaml:3: warning: label "[31mred" names no rule of the rule set',
      ]);
      const agreed = await runCli(['agree', file, file, '--no-config']);
      expect(agreed.stderr).not.toContain('\u001b');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
