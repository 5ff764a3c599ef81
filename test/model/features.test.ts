import { describe, expect, test } from 'vitest';
import { extractFeatures, isTranscriptFeature, lemmasOf, locateFeature, readLemmas } from '../../src/model/features.js';

describe('lemmasOf', () => {
  test.each([
    ['You\u2019re   WORRYING!', ['you', 'be', 'worry']],
    ["it's ok... 'really' - 2 times", ['it', "'s", 'ok', 'really', '2', 'time']],
    ['dont worry, u r sooo brave', ['do', 'not', 'worry', 'you', 'be', 'so', 'brave']],
    ["I can't, she won't", ['i', 'can', 'not', 'she', 'will', 'not']],
    ['She felt better', ['she', 'feel', 'better']],
    ['', []],
  ])('%j', (text, lemmas) => {
    expect(lemmasOf(text)).toEqual(lemmas);
  });
});

describe('readLemmas', () => {
  test('offsets point at the words as written, a contraction split where it was written', () => {
    const text = "U're worried, dont";
    expect(readLemmas(text).map((token) => ({ ...token, written: text.slice(token.start, token.end) }))).toEqual([
      { lemma: 'u', start: 0, end: 1, written: 'U' },
      { lemma: 'be', start: 1, end: 4, written: "'re" },
      { lemma: 'worry', start: 5, end: 12, written: 'worried' },
      { lemma: 'do', start: 14, end: 18, written: 'dont' },
      { lemma: 'not', start: 14, end: 18, written: 'dont' },
    ]);
  });
});

describe('locateFeature', () => {
  test.each([
    ['worry about', 'So you worried about it?', 'worried about'],
    ['do not worry', 'Dont   worry.', 'Dont   worry'],
    ['c:worry', 'worry', undefined],
    ['rule:empathy', 'worry', undefined],
    ['hope', 'Nothing here.', undefined],
  ])('%j in %j', (feature, text, written) => {
    const found = locateFeature(feature, text);
    expect(found && text.slice(found.start, found.end)).toBe(written);
  });
});

describe('extractFeatures', () => {
  test('lemma n-grams of the turn, client lemmas and rule findings, sorted, no repeats', () => {
    expect(extractFeatures({ turnText: 'That was hard, that was.', clientText: 'So tired', baseFindingIds: ['empathy'] })).toEqual([
      'be',
      'be hard',
      'be hard that',
      'c:so',
      'c:tired',
      'hard',
      'hard that',
      'hard that be',
      'rule:empathy',
      'that',
      'that be',
      'that be hard',
    ]);
  });

  test('an empty turn with no context has no features', () => {
    expect(extractFeatures({ turnText: '', clientText: '', baseFindingIds: [] })).toEqual([]);
  });
});

test.each([
  ['rule:empathy', false],
  ['c:tired', true],
  ['that is hard', true],
])('isTranscriptFeature(%j) is %s', (feature, expected) => {
  expect(isTranscriptFeature(feature)).toBe(expected);
});
