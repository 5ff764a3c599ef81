import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseSize, writeSize } from '../../src/config/parse-size.js';
import { ReassureError } from '../../src/errors.js';

/** The size in bytes, or the error's message. */
function sizeOrMessage(value: string): number | string {
  try {
    return parseSize(value, '--max-file-size');
  } catch (error) {
    if (error instanceof ReassureError) return error.message;
    throw error;
  }
}

describe('parseSize', () => {
  test.each([
    { value: '1', bytes: 1 },
    { value: '512k', bytes: 512 * 1024 },
    { value: '1.5 KB', bytes: 1536 },
    { value: '10MB', bytes: 10 * 1024 ** 2 },
    { value: '0.001k', bytes: 1 },
  ])('$value is $bytes bytes', ({ value, bytes }) => {
    expect(sizeOrMessage(value)).toBe(bytes);
  });

  // `0.5` was a limit of 0 bytes ("file is too large (78 bytes, limit 0 bytes)" for every
  // file), and 400 nines a limit of Infinity (print-config --json showed it as null).
  test.each([
    ...['0', '0MB', '0.5', '0.9b', '0.0001k', '1x', ''].map((value) => ({ name: value, value })),
    { name: '400 nines', value: '9'.repeat(400) },
    { name: '400 nines GB', value: `${'9'.repeat(400)}GB` },
  ])('$name is refused', ({ value }) => {
    expect(sizeOrMessage(value)).toBe(`--max-file-size: got "${value}", expected a size such as 512k, 10MB or 2000000`);
  });
});

describe('writeSize', () => {
  test.each([
    [10 * 1024 * 1024, '10MB'],
    [1.5 * 1024 * 1024, '1.5MB'],
    [2 * 1024 ** 3, '2GB'],
    [512 * 1024, '512KB'],
    [1024, '1KB'],
    [2_000_000, '2000000'],
    [1000, '1000'],
  ])('%i bytes is written %s', (bytes, written) => {
    expect(writeSize(bytes)).toBe(written);
  });

  test('reads back as the same bytes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1, max: 2 ** 40 }), fc.tuple(fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(1024, 1024 ** 2, 1024 ** 3)).map(([tenths, unit]) => Math.ceil((tenths * unit) / 10))), (bytes) => parseSize(writeSize(bytes), '--max-file-size') === bytes),
    );
  });
});
