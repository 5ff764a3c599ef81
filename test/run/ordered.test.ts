import { describe, expect, test } from 'vitest';
import { mapOrdered } from '../../src/run/ordered.js';

describe('mapOrdered', () => {
  test('delivers in item order whatever order the work finishes in, never more than the limit in flight', async () => {
    const delays = [30, 5, 20, 0, 15, 10, 25, 1];
    const delivered: number[] = [];
    let inFlight = 0;
    let most = 0;
    await mapOrdered(
      delays.map((delay, index) => ({ delay, index })),
      3,
      async ({ delay, index }) => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, delay));
        inFlight--;
        return index;
      },
      (index) => {
        delivered.push(index);
      },
    );
    expect({ delivered, most }).toEqual({ delivered: [0, 1, 2, 3, 4, 5, 6, 7], most: 3 });
  });

  test('a failure stops the run with that error', async () => {
    const run = mapOrdered([1, 2, 3], 2, async (n) => (n === 2 ? Promise.reject(new Error('two')) : n), () => undefined);
    await expect(run).rejects.toThrow('two');
  });
});
