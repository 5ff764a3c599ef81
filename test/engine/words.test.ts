import { expect, test } from 'vitest';
import { contentWords } from '../../src/engine/words.js';

test.each([
  ['I keep having nightmares about it', 'That nightmare sounds frightening'],
  ['I worried all night', 'The worries come at night'],
  ['I was hoping to sleep', 'Hope matters'],
  ['My dreams are bad', 'That dream again'],
  ['The stress is unbearable', 'You sound stressed'],
])('%j and %j share a content word', (a, b) => {
  const shared = [...contentWords(a)].filter((word) => contentWords(b).has(word));
  expect(shared.length).toBeGreaterThan(0);
});

test('common words are not content words', () => {
  expect([...contentWords('I think that you are really going to be okay, you know')]).toEqual([]);
});
