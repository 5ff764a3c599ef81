import { describe, expect, test } from 'vitest';
import { describeExpected, findClosestName, measureEditDistance } from '../src/closest-name.js';

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

describe('describeExpected', () => {
  test('names the near candidate, else lists them all', () => {
    expect(describeExpected('fail_on', ['rules', 'fail-on'])).toBe('did you mean "fail-on"?');
    expect(describeExpected('colour', ['rules', 'fail-on'])).toBe('expected one of rules, fail-on');
  });
});
