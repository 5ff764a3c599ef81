import { expect, test } from 'vitest';
import { expandFrames } from '../../../src/rules/matchers/text.js';

const cues = new Map<string, readonly string[] | null>([
  ['subject', ['you', 'it', 'things']],
  ['good', ['fine', '=okay', '{@subject} good']],
  ['negation', null],
]);

test.each([
  ['{@subject} will be fine', '{you|it|things} will be fine'],
  ['it will be {@good}', 'it will be {fine|okay|{you|it|things} good}'],
  ['no frame here', 'no frame here'],
  ['{@negation} at all', { error: 'names cue "negation", which holds regexes (expected a cue of phrases only)' }],
  ['{@missing}', { error: 'names an unknown cue "missing" (expected one of subject, good, negation)' }],
  // A mistyped cue got the whole list of cues to search by eye.
  ['{@subjet} will', { error: 'names an unknown cue "subjet" (did you mean "subject"?)' }],
])('%j reads %j', (phrase, expected) => {
  expect(expandFrames(phrase, cues, () => undefined)).toEqual(expected);
});

test('a cue that names itself stops at the depth limit', () => {
  const loop = new Map([['loop', ['a {@loop}']]]);
  expect(expandFrames('{@loop}', loop, () => undefined)).toEqual({ error: 'names cues inside cues deeper than 4 (at "loop")' });
});
