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
  // A slot that was not a frame was matched as its characters ("@x", "#NOUN"), never found.
  ['{@subject|it} will', { error: 'has "{@subject|it}", which is not a frame: a frame is {@cue} alone in its braces ({{@a}|{@b}} for a choice of cues)' }],
  ['{you|@subject} will', { error: 'has "{you|@subject}", which is not a frame: a frame is {@cue} alone in its braces ({{@a}|{@b}} for a choice of cues)' }],
  ['{#NOUN} hurts', { error: 'has a word class "{#NOUN}", which is not offered: list the words in a cue and write {@cue}' }],
  ['{{@subject}|we} will', '{{you|it|things}|we} will'],
])('%j reads %j', (phrase, expected) => {
  expect(expandFrames(phrase, cues, () => undefined)).toEqual(expected);
});

// A cue that named itself was reported as "deeper than 4", as if a longer chain were the fix.
test.each([
  ['itself', new Map([['loop', ['a {@loop}']]]), '{@loop}', 'names cues that refer to each other in a cycle: loop -> loop'],
  ['another that names it', new Map([['a', ['x', '{@b} y']], ['b', ['{@a} z']]]), 'w {@a}', 'names cues that refer to each other in a cycle: a -> b -> a'],
  ['no cue: a chain too deep', new Map(['a', 'b', 'c', 'd', 'e'].map((name, i, all) => [name, [all[i + 1] ? `{@${all[i + 1]}}` : 'end']])), '{@a}', 'names cues inside cues deeper than 4 (at "e")'],
])('a cue that names %s stops at the depth limit, said as what it is', (_name, cuesOf, phrase, error) => {
  expect(expandFrames(phrase, cuesOf, () => undefined)).toEqual({ error });
});
