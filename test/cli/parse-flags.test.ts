import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { parseNumberFlag, resolveColor, type NumberRange } from '../../src/cli/parse-flags.js';

/** The number, or the error's message. */
function parseOrFail(value: string, range: NumberRange): number | string {
  try {
    return parseNumberFlag(value, '--x', range);
  } catch (error) {
    if (error instanceof ReassureError) return error.message;
    throw error;
  }
}

const score: NumberRange = { max: 1, expected: 'a number from 0 to 1' };
const count: NumberRange = { whole: true, min: 1, expected: 'a whole number, 1 or more' };
const seconds: NumberRange = { min: 0.000_001, expected: 'a number of seconds from 0.000001 up' };

describe('parseNumberFlag', () => {
  test.each([
    { value: '0.7', range: score, expected: 0.7 },
    { value: '.7', range: score, expected: 0.7 },
    { value: '1', range: score, expected: 1 },
    { value: '0', range: score, expected: 0 },
    { value: '1.', range: score, expected: 1 },
    { value: '007', range: count, expected: 7 },
    { value: '2.5', range: seconds, expected: 2.5 },
  ])('$value is read as $expected', ({ value, range, expected }) => {
    expect(parseOrFail(value, range)).toBe(expected);
  });

  // Number() read all of these as numbers: `--min-f1 0x1` was a gate of 1, '' and ' ' of 0.
  test.each([
    { value: '0x1', range: score },
    { value: '0b1', range: score },
    { value: '0o1', range: score },
    { value: '1e0', range: score },
    { value: '', range: score },
    { value: ' ', range: score },
    { value: ' 1', range: score },
    { value: '1 ', range: score },
    { value: '+1', range: score },
    { value: '-0', range: score },
    { value: 'Infinity', range: seconds },
    { value: '1.1', range: score },
    { value: '.', range: score },
    { value: '1.5', range: count },
    { value: '0', range: count },
    { value: '0', range: seconds },
    { value: '0x10', range: count },
  ])('$value is refused as $range.expected', ({ value, range }) => {
    expect(parseOrFail(value, range)).toBe(`--x: got "${value}", expected ${range.expected}`);
  });

  // Digits past the largest double were read as Infinity: a limit print-config --json showed as null.
  test.each([count, seconds])('400 nines are refused as $expected', (range) => {
    const value = '9'.repeat(400);
    expect(parseOrFail(value, range)).toBe(`--x: got "${value}", expected ${range.expected}`);
  });
});

describe('resolveColor', () => {
  const terminal = { write: () => true, isTTY: true };
  const pipe = { write: () => true, isTTY: false };
  // FORCE_COLOR=0 (how other tools are told "no colour") still coloured a terminal's table.
  test.each([
    [undefined, terminal, {}, true],
    [undefined, pipe, {}, false],
    [undefined, terminal, { FORCE_COLOR: '0' }, false],
    [undefined, terminal, { FORCE_COLOR: 'false' }, false],
    [undefined, pipe, { FORCE_COLOR: '1' }, true],
    [undefined, pipe, { FORCE_COLOR: '' }, true],
    [undefined, pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    [undefined, terminal, { NO_COLOR: '' }, true],
    [true, pipe, { NO_COLOR: '1' }, true],
    [false, terminal, { FORCE_COLOR: '1' }, false],
  ])('--color %s on %o with %o: %s', (flag, stream, env, expected) => {
    expect(resolveColor(flag, stream, env)).toBe(expected);
  });
});
