import { expect, test } from 'vitest';
import type { RegexNeeds } from '../../src/rules/regex-needs.js';
import { createPhraseIndex, phraseNeeds, phrasesOfWord, restorePhraseIndex, storePhraseIndex } from '../../src/rules/text-pattern.js';

// The rule cache keeps each phrase's needs as one string; a restored index reads them back on first use.
test.each<{ needs: RegexNeeds }>([
  { needs: [] },
  { needs: [['will be fine']] },
  { needs: [['will be fine', "'ll be "], [' '], ['ok']] },
])('needs $needs survive the rule cache', ({ needs }) => {
  const { add, index } = createPhraseIndex();
  const id = add({ source: 'x', anchors: null, needs });
  const stored = JSON.parse(JSON.stringify(storePhraseIndex(index))) as ReturnType<typeof storePhraseIndex>;
  const restored = restorePhraseIndex(stored);
  expect({ needs: phraseNeeds(restored, id), kept: restored.needs[id] }).toEqual({ needs, kept: needs });
});

test('a phrase added to a restored index keeps its own needs beside the stored ones', () => {
  const { add, index } = createPhraseIndex();
  add({ source: 'a', anchors: ['a'], needs: [['a']] });
  const restored = createPhraseIndex(restorePhraseIndex(storePhraseIndex(index)));
  const id = restored.add({ source: 'b', anchors: ['b'], needs: [['b c']] });
  expect([id, phraseNeeds(restored.index, 0), phraseNeeds(restored.index, 1)]).toEqual([1, [['a']], [['b c']]]);
});

test('anchor words survive the rule cache, and a phrase added after it extends them', () => {
  const { add, index } = createPhraseIndex();
  add({ source: 'a', anchors: ['fine', 'okay'], needs: [] });
  add({ source: 'b', anchors: ['fine', 'worr*'], needs: [] });
  const stored = JSON.parse(JSON.stringify(storePhraseIndex(index))) as ReturnType<typeof storePhraseIndex>;
  const restored = createPhraseIndex(restorePhraseIndex(stored));
  const lookUp = (): (readonly number[] | undefined)[] => ['fine', 'okay', 'worr', 'never'].map((word) => phrasesOfWord(restored.index, word));
  const before = lookUp();
  restored.add({ source: 'c', anchors: ['okay', 'never'], needs: [] });
  const again = restorePhraseIndex(storePhraseIndex(restored.index));
  expect({ before, after: lookUp(), again: ['fine', 'okay', 'never'].map((word) => phrasesOfWord(again, word)) }).toEqual({
    before: [[0, 1], [0], undefined, undefined],
    after: [[0, 1], [0, 2], undefined, [2]],
    again: [[0, 1], [0, 2], [2]],
  });
});
