import { describe, expect, test } from 'vitest';
import { extractFeatures, isTranscriptFeature, normaliseWords } from '../../src/model/features.js';

describe('normaliseWords', () => {
  test.each([
    ['You’re   doing WELL!', ["you're", 'doing', 'well']],
    ["it's ok... 'really' - 2 times", ["it's", 'ok', 'really', '2', 'times']],
    ['', []],
  ])('%j', (text, words) => {
    expect(normaliseWords(text)).toEqual(words);
  });
});

describe('extractFeatures', () => {
  test('n-grams of the turn, client unigrams and rule findings, sorted, no repeats', () => {
    expect(extractFeatures({ turnText: 'That is hard, that is.', clientText: 'So tired', baseFindingIds: ['empathy'] })).toEqual([
      'c:so',
      'c:tired',
      'hard',
      'hard that',
      'hard that is',
      'is',
      'is hard',
      'is hard that',
      'rule:empathy',
      'that',
      'that is',
      'that is hard',
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
