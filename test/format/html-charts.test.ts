import { describe, expect, test } from 'vitest';
import { drawTrend, pickDateLabels } from '../../src/format/html-charts.js';

describe('trend charts', () => {
  test.each([
    { count: 1, max: 3, labels: [0] },
    { count: 2, max: 3, labels: [0, 1] },
    { count: 5, max: 3, labels: [0, 2, 4] },
    { count: 6, max: 3, labels: [0, 5] },
    { count: 7, max: 3, labels: [0, 3, 6] },
    { count: 10, max: 7, labels: [0, 2, 4, 6, 9] },
    { count: 30, max: 7, labels: [0, 5, 10, 15, 20, 29] },
  ])('$count dates with room for $max: writes $labels, never two closer than a step', ({ count, max, labels }) => {
    expect(pickDateLabels(count, max)).toEqual(labels);
  });

  test('draws a wide and a narrow version, the narrow one with fewer dates', () => {
    const points = Array.from({ length: 12 }, (_, i) => ({ date: `2026-03-${String(i + 1).padStart(2, '0')}`, sessions: 1, techniques: i, pitfalls: 1 }));
    const dates = (svg: string): number => (svg.match(/>2026-03-\d\d<\/text>/g) ?? []).length;
    const wide = drawTrend(points, 'Trend', 'wide');
    const narrow = drawTrend(points, 'Trend', 'narrow');
    expect({ wide: [wide.match(/viewBox="([^"]*)"/)?.[1], dates(wide)], narrow: [narrow.match(/viewBox="([^"]*)"/)?.[1], dates(narrow)] }).toEqual({
      wide: ['0 0 640 180', 6],
      narrow: ['0 0 280 170', 2],
    });
  });
});
