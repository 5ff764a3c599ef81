import { describe, expect, test } from 'vitest';
import { BOOTSTRAP, bootstrapChange, bootstrapEvaluation, percentileInterval } from '../../src/eval/bootstrap.js';
import { scoreSessions, type Confusion, type SessionCounts } from '../../src/eval/evaluate.js';
import { runCli } from '../helpers/run-cli.js';

// A session holding one rule's counts at turn level.
function session(counts: Record<string, Confusion>): SessionCounts {
  return { turn: new Map(Object.entries(counts)), session: new Map() };
}

function evaluationOf(sessions: SessionCounts[], rules: string[]) {
  return { ...scoreSessions(sessions, rules, []), perSession: sessions };
}

describe('percentileInterval', () => {
  test.each([
    // 0..100: the 2.5th and 97.5th percentiles fall on 2.5 and 97.5 exactly.
    [Array.from({ length: 101 }, (_, i) => i), 0.95, { low: 2.5, high: 97.5 }],
    // Order does not matter; one value is its own interval.
    [[3, 1, 2], 0.5, { low: 1.5, high: 2.5 }],
    [[0.4], 0.95, { low: 0.4, high: 0.4 }],
  ])('%j at %s → %j', (values, level, expected) => {
    const interval = percentileInterval(values, level);
    expect(interval?.low).toBeCloseTo(expected.low, 10);
    expect(interval?.high).toBeCloseTo(expected.high, 10);
  });

  test('no values: no interval', () => {
    expect(percentileInterval([], 0.95)).toBeNull();
  });
});

describe('bootstrapEvaluation', () => {
  test('sessions that all score alike give an interval of that one score', () => {
    const alike = Array.from({ length: 8 }, () => session({ a: { tp: 2, fp: 1, fn: 1, tn: 6 } }));
    const intervals = bootstrapEvaluation(evaluationOf(alike, ['a']), { replicates: 200 });
    expect(intervals.rows).toEqual([
      { rule: 'a', scope: 'turn', precision: { low: 2 / 3, high: 2 / 3 }, recall: { low: 2 / 3, high: 2 / 3 }, f1: { low: 2 / 3, high: 2 / 3 } },
    ]);
    expect(intervals.macro.f1).toEqual({ low: 2 / 3, high: 2 / 3 });
  });

  test('sessions that differ give an interval around the whole set score, the same for the same seed', () => {
    const mixed = [
      session({ a: { tp: 3, fp: 0, fn: 0, tn: 5 } }),
      session({ a: { tp: 0, fp: 2, fn: 3, tn: 3 } }),
      session({ a: { tp: 2, fp: 1, fn: 1, tn: 4 } }),
      session({ a: { tp: 1, fp: 0, fn: 2, tn: 5 } }),
      session({ a: { tp: 4, fp: 1, fn: 0, tn: 2 } }),
    ];
    const evaluation = evaluationOf(mixed, ['a']);
    const intervals = bootstrapEvaluation(evaluation, { replicates: 500, seed: 7 });
    const f1 = intervals.rows[0]?.f1;
    const point = evaluation.rows[0]?.f1 ?? Number.NaN;
    expect(f1?.low).toBeLessThan(point);
    expect(f1?.high).toBeGreaterThan(point);
    expect(bootstrapEvaluation(evaluation, { replicates: 500, seed: 7 })).toEqual(intervals);
    expect(bootstrapEvaluation(evaluation, { replicates: 500, seed: 8 }).rows[0]?.f1).not.toEqual(f1);
  });

  test('a score no resample defines has no interval; the defaults are the documented ones', () => {
    const silent = [session({ a: { tp: 0, fp: 0, fn: 0, tn: 4 } }), session({ a: { tp: 0, fp: 0, fn: 0, tn: 2 } })];
    const intervals = bootstrapEvaluation(evaluationOf(silent, ['a']));
    expect(intervals.rows[0]).toEqual({ rule: 'a', scope: 'turn', precision: null, recall: null, f1: null });
    expect(intervals).toMatchObject({ replicates: BOOTSTRAP.replicates, seed: BOOTSTRAP.seed, level: 0.95 });
  });
});

describe('bootstrapChange', () => {
  const baseline = [
    session({ a: { tp: 1, fp: 1, fn: 2, tn: 4 } }),
    session({ a: { tp: 0, fp: 1, fn: 1, tn: 6 } }),
    session({ a: { tp: 2, fp: 0, fn: 1, tn: 5 } }),
    session({ a: { tp: 1, fp: 2, fn: 1, tn: 4 } }),
  ];

  test('the same rules on both sides change nothing in any resample', () => {
    const same = evaluationOf(baseline, ['a']);
    const change = bootstrapChange(same, same, { replicates: 200 });
    expect(change.rows[0]?.f1).toEqual({ low: 0, high: 0 });
    expect(change.macro.f1).toEqual({ low: 0, high: 0 });
  });

  test('rules that find one more labelled turn in every session: the whole interval lies above 0', () => {
    const better = baseline.map((counts) => {
      const a = counts.turn.get('a') as Confusion;
      return session({ a: { ...a, tp: a.tp + 1, fn: a.fn - 1 } });
    });
    const change = bootstrapChange(evaluationOf(better, ['a']), evaluationOf(baseline, ['a']), { replicates: 200 });
    expect(change.rows[0]?.recall?.low).toBeGreaterThan(0);
    expect(change.rows[0]?.f1?.low).toBeGreaterThan(0);
  });

  test('sessions must be the same on both sides', () => {
    expect(() => bootstrapChange(evaluationOf(baseline, ['a']), evaluationOf(baseline.slice(1), ['a']))).toThrow(/same sessions/);
  });
});

describe('reassure eval --intervals', () => {
  const args = ['eval', 'test/fixtures/holdout/blind', '--intervals'];

  test('the table gains an F1 interval column and says how it was drawn', async () => {
    const run = await runCli(args);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/F1 95%/);
    expect(run.stdout).toMatch(/^macro \(turns\) .* \[\d\.\d\d, \d\.\d\d\]$/m);
    expect(run.stdout).toContain(`over ${BOOTSTRAP.replicates} resamples of the`);
  });

  test('--format json carries every interval, one row per scored row, the same each run', async () => {
    const parse = async () => JSON.parse((await runCli([...args, '--format', 'json'])).stdout) as { rules: unknown[]; intervals: { rows: { f1: unknown }[]; macro: { f1: { low: number; high: number } } } };
    const [first, second] = [await parse(), await parse()];
    expect(first.intervals.rows).toHaveLength(first.rules.length);
    expect(first.intervals.macro.f1.low).toBeLessThanOrEqual(first.intervals.macro.f1.high);
    expect(second).toEqual(first);
  }, 30_000);
});

describe('reassure eval --baseline', () => {
  const fixture = ['eval', 'test/fixtures/eval/labelled.yaml', '--rules', 'test/fixtures/eval/rules.yaml'];
  type Body = { rules: { rule: string; scope: string; f1: number | null }[]; baseline: { rules: { rule: string; scope: string; f1: number | null }[]; change: { rows: { f1: number | null }[] }; changeIntervals?: unknown } };

  test('against itself every change is 0, and the table says what the column means', async () => {
    const run = await runCli([...fixture, '--baseline', 'test/fixtures/eval/rules.yaml', '--intervals']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Against the baseline test/fixtures/eval/rules.yaml');
    expect(run.stdout).toMatch(/^false-hope +turn +0\.67 +0\.67 +0\.00 +\[0\.00, 0\.00\]$/m);
    expect(run.stdout).toContain('paired resamples of the 1 session');
  });

  test('--format json: each change is the F1 minus the baseline F1 of the same rule', async () => {
    const run = await runCli([...fixture, '--baseline', 'default', '--format', 'json']);
    const body = JSON.parse(run.stdout) as Body;
    expect(body.baseline.changeIntervals).toBeUndefined();
    const expected = body.rules.map((row) => {
      const before = body.baseline.rules.find((other) => other.rule === row.rule && other.scope === row.scope)?.f1 ?? null;
      return row.f1 === null || before === null ? null : row.f1 - before;
    });
    expect(body.baseline.change.rows.map((row) => row.f1)).toEqual(expected);
    expect(expected.some((value) => value !== null && value !== 0)).toBe(true);
  });

  test('a baseline rule file with a problem stops the run before any transcript is read', async () => {
    const run = await runCli([...fixture, '--baseline', 'test/fixtures/eval/labelled.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/labelled\.yaml:\d+:\d+: /);
    expect(run.stdout).toBe('');
  });
});
