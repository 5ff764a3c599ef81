import { describe, expect, test } from 'vitest';
import { readInputs } from '../../src/audit.js';
import { bootstrapAgreement, findUncomparedLabels, measureAgreement, pairSessions, rebasePathIds, rowKey } from '../../src/eval/agree.js';
import type { Transcript } from '../../src/types.js';

async function read(input: string): Promise<Transcript[]> {
  return (await readInputs({ inputs: [input], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 })).transcripts;
}

const cell = (first: number, second: number, both: number, neither: number) => ({ first, second, both, firstOnly: first - both, secondOnly: second - both, neither });

describe('pairSessions', () => {
  test('pairs by session id; a session in one set only is unpaired; whitespace in a turn does not matter', async () => {
    const pairing = pairSessions(await read('test/fixtures/agree/first'), await read('test/fixtures/agree/second'));
    expect(pairing.pairs.map(({ first, second }) => [first.path, second.path])).toEqual([
      ['test/fixtures/agree/first/alpha.yaml', 'test/fixtures/agree/second/alpha.yaml'],
      ['test/fixtures/agree/first/beta.yaml', 'test/fixtures/agree/second/beta.yaml'],
    ]);
    expect(pairing.unpaired.map(({ transcript, side }) => [transcript.id, side])).toEqual([['gamma', 'first']]);
    expect(pairing.mismatched).toEqual([]);
  });

  test('a pair whose therapist turns differ is left out, naming the turn in the second file', async () => {
    const pairing = pairSessions(await read('test/fixtures/agree/first'), await read('test/fixtures/agree/edited'));
    expect(pairing.pairs.map(({ first }) => first.id)).toEqual(['beta']);
    expect(pairing.mismatched).toEqual([
      {
        message: 'session "alpha" (test/fixtures/agree/first/alpha.yaml and test/fixtures/agree/edited/alpha.yaml): therapist turn 4 has other text than in the first; left out',
        file: 'test/fixtures/agree/edited/alpha.yaml',
        line: 11,
      },
    ]);
  });

  test('a pair with another number of therapist turns is left out', async () => {
    const [beta] = await read('test/fixtures/agree/first/beta.yaml');
    if (!beta) throw new Error('fixture missing');
    const shorter = { ...beta, turns: beta.turns.slice(0, 2) };
    expect(pairSessions([beta], [shorter]).mismatched.map((problem) => problem.message)).toEqual([
      'session "beta" (test/fixtures/agree/first/beta.yaml and test/fixtures/agree/first/beta.yaml): 2 therapist turns in the first, 1 in the second; left out',
    ]);
  });
});

describe('pairSessions with a session id given twice in one set', () => {
  // Which copy would pair depended on file order, so swapping the sets changed the scores.
  test.each([
    { side: 'first' as const, swap: false },
    { side: 'second' as const, swap: true },
  ])('in the $side set: neither copy is compared, one line names both', async ({ side, swap }) => {
    const [alpha] = await read('test/fixtures/agree/first/alpha.yaml');
    const [beta] = await read('test/fixtures/agree/first/beta.yaml');
    if (!alpha || !beta) throw new Error('fixture missing');
    const copy = { ...beta, path: 'copies/beta.yaml', line: 4 };
    const twice = [beta, copy, alpha];
    const once = [alpha, beta];
    const pairing = swap ? pairSessions(once, twice) : pairSessions(twice, once);
    expect({ pairs: pairing.pairs.map(({ first }) => first.id), unpaired: pairing.unpaired, mismatched: pairing.mismatched }).toEqual({
      pairs: ['alpha'],
      unpaired: [],
      mismatched: [
        {
          message: `session "beta" is in the ${side} set twice (test/fixtures/agree/first/beta.yaml:${beta.line} and here); sessions are paired by id, so it is left out`,
          file: 'copies/beta.yaml',
          line: 4,
        },
      ],
    });
  });
});

describe('findUncomparedLabels', () => {
  // Labels are compared on therapist turns only: one on a client's turn counted for neither coder.
  test('names each label on a client or other turn, with its line', async () => {
    const transcripts = await read('test/fixtures/eval/client-labels.yaml');
    expect(findUncomparedLabels(transcripts)).toEqual([
      { file: 'test/fixtures/eval/client-labels.yaml', line: 6, message: 'warning: label "false-hope" is on a client turn; only therapist turns are compared' },
      { file: 'test/fixtures/eval/client-labels.yaml', line: 11, message: 'warning: label "empathy" is on a turn whose speaker is other; only therapist turns are compared' },
      { file: 'test/fixtures/eval/client-labels.yaml', line: 11, message: 'warning: label "not-a-rule" is on a turn whose speaker is other; only therapist turns are compared' },
    ]);
  });
});

describe('rebasePathIds', () => {
  // CSV, text and subtitle files name no session, so their id is their path, which differs between two coders' folders.
  const session = (path: string, id: string): Transcript => ({ id, path, format: 'csv', meta: {}, turns: [], line: 1 });
  test.each([
    {
      what: 'a folder: ids from paths lose the folder; ids the files give are kept',
      sessions: [session('coded/alice/s1.csv', 'coded/alice/s1'), session('coded/alice/week 2/s2.txt', 'coded/alice/week 2/s2'), session('coded/alice/x.yaml', 'intake-3')],
      ids: ['s1', 'week 2/s2', 'intake-3'],
    },
    { what: 'one file: its name', sessions: [session('coded/bob/s1.csv', 'coded/bob/s1')], ids: ['s1'] },
    { what: 'several sessions in one file keep their #n', sessions: [session('a/s.yaml', 'a/s'), session('a/s.yaml', 'a/s#2')], ids: ['s', 's#2'] },
    { what: 'standard input', sessions: [session('-', '-')], ids: ['-'] },
  ])('$what', ({ sessions, ids }) => {
    expect(rebasePathIds(sessions).map((t) => t.id)).toEqual(ids);
  });
});

describe('measureAgreement', () => {
  test('every codebook id (zero-filled), then ids of a coder\'s own, then session-level over-reliance', async () => {
    const { pairs } = pairSessions(await read('test/fixtures/agree/first'), await read('test/fixtures/agree/second'));
    const agreement = measureAgreement(pairs);
    expect({ sessions: agreement.sessions, therapistTurns: agreement.therapistTurns }).toEqual({ sessions: 2, therapistTurns: 6 });
    expect(agreement.rows.map(({ id, scope, first, second, both, firstOnly, secondOnly, neither, agreement: a, kappa }) => ({ id, scope, first, second, both, firstOnly, secondOnly, neither, a, kappa }))).toEqual([
      { id: 'empathy', scope: 'turn', ...cell(1, 1, 1, 5), a: 1, kappa: 1 },
      // The second coder alone: no agreement, and kappa exactly chance.
      { id: 'positive-self-talk', scope: 'turn', ...cell(0, 1, 0, 5), a: 0, kappa: 0 },
      { id: 'support-encouragement', scope: 'turn', ...cell(0, 0, 0, 6), a: null, kappa: null },
      { id: 'normalizing', scope: 'turn', ...cell(1, 0, 0, 5), a: 0, kappa: 0 },
      { id: 'education', scope: 'turn', ...cell(1, 1, 1, 5), a: 1, kappa: 1 },
      { id: 'over-reliance', scope: 'turn', ...cell(1, 1, 1, 5), a: 1, kappa: 1 },
      { id: 'invalidation', scope: 'turn', ...cell(1, 1, 1, 5), a: 1, kappa: 1 },
      { id: 'reinforcing-negative-thoughts', scope: 'turn', ...cell(0, 0, 0, 6), a: null, kappa: null },
      { id: 'ignoring-underlying-issues', scope: 'turn', ...cell(0, 0, 0, 6), a: null, kappa: null },
      { id: 'false-hope', scope: 'turn', ...cell(3, 3, 3, 3), a: 1, kappa: 1 },
      { id: 'repeated-promise', scope: 'turn', ...cell(0, 1, 0, 5), a: 0, kappa: 0 },
      { id: 'over-reliance', scope: 'session', ...cell(1, 0, 0, 1), a: 0, kappa: 0 },
    ]);
    // Micro pools the turn rows: 7 labels given by both, 1 by the first only, 2 by the second only.
    expect(agreement.averages.micro.agreement).toBeCloseTo(14 / 17, 10);
    expect(agreement.averages.macro).toEqual({ agreement: 5 / 8, kappa: 5 / 8 });
  });

  test('lists each turn one coder labelled and the other did not, with who gave it', async () => {
    const { pairs } = pairSessions(await read('test/fixtures/agree/first'), await read('test/fixtures/agree/second'));
    expect(measureAgreement(pairs).disagreements.map(({ id, scope, by, turn, line, secondFile, secondLine }) => [id, scope, by, turn, line, secondFile, secondLine])).toEqual([
      ['normalizing', 'turn', 'first', 2, 6, 'test/fixtures/agree/second/alpha.yaml', 6],
      ['positive-self-talk', 'turn', 'second', 6, 16, 'test/fixtures/agree/second/alpha.yaml', 16],
      ['repeated-promise', 'turn', 'second', 4, 12, 'test/fixtures/agree/second/beta.yaml', 12],
      ['over-reliance', 'session', 'first', 0, 2, 'test/fixtures/agree/second/beta.yaml', 3],
    ]);
  });

  test('is symmetric: swapping the coders swaps first and second, and keeps agreement and kappa', async () => {
    const [a, b] = [await read('test/fixtures/agree/first'), await read('test/fixtures/agree/second')];
    const forward = measureAgreement(pairSessions(a, b).pairs);
    const backward = measureAgreement(pairSessions(b, a).pairs);
    expect(backward.rows.map((row) => [row.id, row.scope, row.second, row.first, row.agreement, row.kappa])).toEqual(
      forward.rows.map((row) => [row.id, row.scope, row.first, row.second, row.agreement, row.kappa]),
    );
  });
});

describe('bootstrapAgreement', () => {
  test('seeded: the same input gives the same intervals, each around its point estimate', async () => {
    const { pairs } = pairSessions(await read('test/fixtures/agree/first'), await read('test/fixtures/agree/second'));
    const agreement = measureAgreement(pairs);
    const intervals = bootstrapAgreement(agreement, { replicates: 200 });
    expect(bootstrapAgreement(agreement, { replicates: 200 })).toEqual(intervals);
    expect({ level: intervals.level, replicates: intervals.replicates, rows: intervals.rows.length }).toEqual({ level: 0.95, replicates: 200, rows: agreement.rows.length });
    agreement.rows.forEach((row, i) => {
      const range = intervals.rows[i]?.agreement;
      if (row.agreement === null) return;
      expect(range && range.low <= row.agreement && row.agreement <= range.high).toBe(true);
    });
    // Both sessions agree fully on false hope: every resample does too.
    expect(intervals.rows[agreement.rows.findIndex((row) => rowKey(row) === 'turn:false-hope')]?.agreement).toEqual({ low: 1, high: 1 });
  });
});
