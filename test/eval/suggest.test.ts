import { describe, expect, test } from 'vitest';
import { EMPATHY_SUGGEST_SUMMARY } from '../fixtures/eval/suggest-summary.js';
import { readInputs } from '../../src/audit.js';
import { collectFrames, suggestFrames } from '../../src/eval/suggest.js';
import { loadRuleSet } from '../../src/rules/compile.js';

describe('collectFrames', () => {
  test('n-grams of one to the longest length, within each sentence, once each', () => {
    expect([...collectFrames([['a', 'b', 'c'], ['a', 'b']], 2)]).toEqual(['a', 'a b', 'b', 'b c', 'c']);
  });
});

describe('suggestFrames on a fixture with known answers', async () => {
  const loaded = loadRuleSet('test/fixtures/eval/rules.yaml', process.cwd());
  if (!loaded.ok) throw new Error('fixture rules did not load');
  const read = await readInputs({ inputs: ['test/fixtures/eval/suggest.yaml'], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 });
  const options = { top: 10, minSupport: 2, minPrecision: 0.5, maxWords: 4 };
  // Today: TP 1, FP 1, FN 3. A frame in missed turns s and unflagged unlabelled turns a gives
  // F1 2(1+s) / (2(1+s) + (1+a) + (3-s)).
  const frame = (name: string, support: number, falseAlarms: number, labelled: number, turns: number) => ({
    frame: name,
    words: name.split(' ').length,
    support,
    falseAlarms,
    precision: support / (support + falseAlarms),
    labelled,
    turns,
    f1: (2 * (1 + support)) / (2 * (1 + support) + 1 + falseAlarms + 3 - support),
  });

  test('ranks frames by the F1 with the frame added; a longer frame in the same turns as a shorter one goes', () => {
    expect(suggestFrames(read.transcripts, loaded.ruleSet, 'empathy', options)).toEqual({
      ...EMPATHY_SUGGEST_SUMMARY,
      frames: [frame('you', 2, 0, 2, 2), frame('be', 2, 1, 2, 3), frame('must', 2, 1, 2, 3), frame('that', 2, 1, 3, 5)],
    });
  });

  test.each([
    [{ top: 1 }, ['you']],
    [{ minPrecision: 0.7 }, ['you']],
    [{ minSupport: 3 }, []],
    [{ maxWords: 1, minSupport: 1, minPrecision: 1, top: 20 }, ['you', 'are', 'can', 'exhausting', 'for', 'i', 'lonely', 'see', 'so', 'upset', 'why']],
  ])('%j', (changed, frames) => {
    expect(suggestFrames(read.transcripts, loaded.ruleSet, 'empathy', { ...options, ...changed }).frames.map((s) => s.frame)).toEqual(frames);
  });

  test('a label with no rule: every labelled turn counts as missed', () => {
    const result = suggestFrames(read.transcripts, loaded.ruleSet, 'validation', options);
    expect({ ...result, frames: result.frames.map((s) => s.frame) }).toEqual({
      rule: 'validation',
      known: false,
      sessions: 1,
      therapistTurns: 7,
      labelled: 2,
      found: 0,
      missed: 2,
      falseAlarms: 0,
      f1: 0,
      frames: ['you'],
    });
  });
});
