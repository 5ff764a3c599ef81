import { expect, test } from 'vitest';
import { MIN_THRESHOLD, NEVER_FIRES, chooseThreshold } from '../../src/model/threshold.js';

test.each([
  // Cutting between 0.8 and 0.7 finds both positives and nothing else: F1 1.
  ['a clean cut', [0.9, 0.8, 0.7, 0.6], [true, true, false, false], 0.75],
  // Below 0.8: P 2/3, R 1, F1 0.8; below 0.95 only: P 1, R 1/2, F1 0.67.
  ['recall over a lone top hit', [0.95, 0.9, 0.8, 0.3], [true, false, true, false], 0.55],
  // Equal scores cannot be split: the cut falls below both.
  ['ties', [0.9, 0.9, 0.2], [true, false, false], 0.55],
  ['no positive', [0.9, 0.1], [false, false], NEVER_FIRES],
  // The best cut (0.3) is below the floor, so the floor is used.
  ['the floor', [0.4, 0.2], [true, false], MIN_THRESHOLD],
])('%s', (_, scores, labels, expected) => {
  expect(chooseThreshold(scores, labels)).toBeCloseTo(expected, 12);
});
