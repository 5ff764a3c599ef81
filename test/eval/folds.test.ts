import { describe, expect, test } from 'vitest';
import { foldOfSession, parseFoldChoice, selectFold } from '../../src/eval/folds.js';
import type { Transcript } from '../../src/types.js';

function transcript(id: string): Transcript {
  return { id, path: `${id}.yaml`, format: 'yaml', meta: {}, line: 1, turns: [] } as unknown as Transcript;
}

describe('foldOfSession', () => {
  test('depends on the id alone and is the SHA-256 prefix modulo the folds', () => {
    // sha256("a") starts ca978112: 0xca978112 = 3398926610, and 3398926610 % 5 = 0
    expect(foldOfSession('a', 5)).toBe(0);
    expect(foldOfSession('a', 5)).toBe(foldOfSession('a', 5));
  });

  test('spreads ids over every fold', () => {
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 1000; i++) counts[foldOfSession(`session-${i}`, 5)] = (counts[foldOfSession(`session-${i}`, 5)] ?? 0) + 1;
    for (const count of counts) expect(count).toBeGreaterThan(150);
  });
});

describe('parseFoldChoice', () => {
  test.each([
    ['0/5', { index: 0, of: 5 }],
    [' 4/5 ', { index: 4, of: 5 }],
    ['5/5', undefined],
    ['0/1', undefined],
    ['a/5', undefined],
    ['-1/5', undefined],
  ])('%s', (value, expected) => {
    expect(parseFoldChoice(value)).toEqual(expected);
  });
});

describe('selectFold', () => {
  test('a fold and its complement partition the transcripts', () => {
    const all = Array.from({ length: 40 }, (_, i) => transcript(`s${i}`));
    const inFold = selectFold(all, { index: 0, of: 5 }, false);
    const rest = selectFold(all, { index: 0, of: 5 }, true);
    expect(inFold.length + rest.length).toBe(all.length);
    expect(inFold.length).toBeGreaterThan(0);
    expect(inFold.every((t) => foldOfSession(t.id, 5) === 0)).toBe(true);
    expect(rest.some((t) => inFold.includes(t))).toBe(false);
  });
});
