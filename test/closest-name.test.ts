import { describe, expect, test } from 'vitest';
import { describeExpected, describeExpectedChoice, findClosestName, measureEditDistance } from '../src/closest-name.js';

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

describe('describeExpectedChoice', () => {
  const LEVELS = ['info', 'warning', 'error', 'never'];

  test.each([
    ['htm', ['table', 'json', 'html'], 'did you mean "html"?'],
    // Too far for the edit distance, but only one choice begins with it.
    ['warn', LEVELS, 'did you mean "warning"?'],
    ['sometimes', LEVELS, 'expected one of info, warning, error, never'],
    // Begins two choices: neither is guessed.
    ['j', ['json', 'jsonl', 'junit'], 'expected one of json, jsonl, junit'],
    ['', LEVELS, 'expected one of info, warning, error, never'],
  ])('%s among %j: %s', (value, choices, expected) => {
    expect(describeExpectedChoice(value, choices)).toBe(expected);
  });
});
