import { expect, test } from 'vitest';
import { sigmoid } from '../../src/model/logistic.js';
import { redactEvidence, scoreTurn } from '../../src/model/score.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

const comfort = TINY_MODEL.classifiers.comfort ?? { threshold: 0.5, bias: 0, weights: {} };

test.each([
  // bias -1 + tough 2 + rule:comfort 1.5 + c:tired 0.25 = 2.75; "hard" has no weight.
  [
    ['c:tired', 'hard', 'rule:comfort', 'tough'],
    {
      score: sigmoid(2.75),
      fired: true,
      evidence: [
        { feature: 'tough', weight: 2 },
        { feature: 'rule:comfort', weight: 1.5 },
        { feature: 'c:tired', weight: 0.25 },
      ],
    },
  ],
  [['c:tired'], { score: sigmoid(-0.75), fired: false, evidence: [{ feature: 'c:tired', weight: 0.25 }] }],
  [[], { score: sigmoid(-1), fired: false, evidence: [] }],
])('scoreTurn(%j)', (features, expected) => {
  expect(scoreTurn(comfort, features)).toEqual(expected);
});

test('a threshold given by the rule overrides the classifier\'s', () => {
  expect(scoreTurn(comfort, ['c:tired'], 0.3).fired).toBe(true);
});

test('evidence lists at most five features, the largest |weight| first, ties by name', () => {
  const weights = { a: 1, b: -3, c: 1, d: 0.5, e: 2, f: 0.1 };
  const result = scoreTurn({ threshold: 0.5, bias: 0, weights }, Object.keys(weights));
  expect(result.evidence).toEqual([
    { feature: 'b', weight: -3 },
    { feature: 'e', weight: 2 },
    { feature: 'a', weight: 1 },
    { feature: 'c', weight: 1 },
    { feature: 'd', weight: 0.5 },
  ]);
});

test('redacted evidence keeps only the base rules\' findings', () => {
  expect(redactEvidence(scoreTurn(comfort, ['c:tired', 'rule:comfort', 'tough']).evidence)).toEqual([{ feature: 'rule:comfort', weight: 1.5 }]);
});
