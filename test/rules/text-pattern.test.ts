import { expect, test } from 'vitest';
import type { RegexNeeds } from '../../src/rules/regex-needs.js';
import { createPhraseIndex, phraseNeeds, restorePhraseIndex, storePhraseIndex } from '../../src/rules/text-pattern.js';

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
