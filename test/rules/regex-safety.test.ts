import { describe, expect, test } from 'vitest';
import { findAmbiguousRepetition } from '../../src/rules/regex-safety.js';

const AMBIGUOUS = 'alternatives of a repeated group can match the same text (like "(a|aa)*"), which can take exponential time';

describe('findAmbiguousRepetition', () => {
  test.each([
    ['(?:a|a)*b', AMBIGUOUS],
    ['(a|aa)*b', AMBIGUOUS],
    ['(?:\\w|\\d)*!', AMBIGUOUS],
    ['(?:A|a)+', AMBIGUOUS],
    ['(?:x(?:y|yz))*$', AMBIGUOUS],
    ['(?:a|)*b', AMBIGUOUS],
    ['(?:\\p{L}|é){2,}', AMBIGUOUS],
    ['(a|b)+c', undefined],
    ['(?:very|really)?\\s+fine', undefined],
    ['(?:so\\s+|such\\s+a\\s+)?hard', undefined],
    ['\\b(?:you|we)\\s+(?:will|can)\\b', undefined],
    ['(?:\\d+\\s)+days', undefined],
    ['(?<!\\b(?:no|not)\\s)fine', undefined],
    ['(unclosed', undefined],
    // A few repeats of overlapping alternatives are bounded work; more are not.
    ['(?:\\s(?:so|soon|someday)){0,2}\\s+fine', undefined],
    ['(?:a|aa){0,3}b', undefined],
    ['(?:a|aa){0,4}b', AMBIGUOUS],
  ])('%j → %j', (source, problem) => {
    expect(findAmbiguousRepetition(source, 'giu')).toBe(problem);
  });
});
