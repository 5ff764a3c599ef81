import { describe, expect, test } from 'vitest';
import { predictRow, sigmoid, trainLogistic } from '../../src/model/logistic.js';

const options = { l2: 0.1, maxIterations: 200, tolerance: 1e-9 };

describe('trainLogistic on sets small enough to solve by hand', () => {
  // One feature, present on the positives only. The optimum satisfies, by setting the
  // gradient to zero (positives and negatives weighing half each): for the bias,
  // sigmoid(b) = sigmoid(-(w + b)), so b = -w/2; for the weight, sigmoid(-w/2) = 2·l2·w.
  test.each([
    ['one positive, one negative', [[0], []], [true, false]],
    // Balanced class weights make three positives weigh what one negative weighs.
    ['three positives, one negative', [[0], [0], [0], []], [true, true, true, false]],
  ])('%s: the gradient is zero where the hand-derived conditions say', (_, rows, labels) => {
    const model = trainLogistic({ rows: rows.map((row) => Int32Array.from(row)), labels, features: 1 }, options);
    const w = model.weights[0] ?? NaN;
    expect(model.bias).toBeCloseTo(-w / 2, 6);
    expect(sigmoid(-w / 2)).toBeCloseTo(2 * options.l2 * w, 6);
    expect(predictRow(model, Int32Array.from([0]))).toBeGreaterThan(0.5);
    expect(predictRow(model, Int32Array.from([]))).toBeLessThan(0.5);
  });

  test('a feature seen equally in both classes gets no weight', () => {
    const rows = [[0, 1], [1], [0], []].map((row) => Int32Array.from(row));
    const model = trainLogistic({ rows, labels: [true, true, false, false], features: 2 }, options);
    expect(model.weights[0]).toBeCloseTo(0, 6);
    expect(model.weights[1] ?? 0).toBeGreaterThan(0.5);
  });

  test('the same data gives the same weights, bit for bit', () => {
    const rows = Array.from({ length: 60 }, (_, i) => Int32Array.from([i % 7, 7 + (i % 5), 12 + (i % 3)]));
    const labels = rows.map((_, i) => i % 7 === 0 || i % 5 === 1);
    const first = trainLogistic({ rows, labels, features: 15 });
    const second = trainLogistic({ rows, labels, features: 15 });
    expect(Array.from(second.weights)).toEqual(Array.from(first.weights));
    expect(second.bias).toBe(first.bias);
  });
});

test.each([
  [0, 0.5],
  [800, 1],
  [-800, 0],
])('sigmoid(%d) is %d without overflow', (z, expected) => {
  expect(sigmoid(z)).toBeCloseTo(expected, 12);
});
