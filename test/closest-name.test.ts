import { describe, expect, test } from 'vitest';
import { findClosestName, measureEditDistance } from '../src/closest-name.js';

const IDS = ['empathy', 'education', 'false-hope', 'invalidation'];

describe('findClosestName', () => {
  test.each([
    ['false-hop', 'false-hope'],
    ['educaton', 'education'],
    ['empaty', 'empathy'],
    ['Empathy', 'empathy'],
  ])('%s means %s', (name, expected) => {
    expect(findClosestName(name, IDS)).toBe(expected);
  });

  test.each([['minimising'], ['hope'], ['empathy']])('suggests nothing for %s', (name) => {
    expect(findClosestName(name, IDS)).toBeUndefined();
  });

  test('takes the first of equally near candidates', () => {
    expect(findClosestName('cat', ['bat', 'hat'])).toBe('bat');
  });
});

describe('measureEditDistance', () => {
  test.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['false-hop', 'false-hope', 1],
  ])('%s to %s is %i', (a, b, expected) => {
    expect(measureEditDistance(a, b)).toBe(expected);
  });
});
