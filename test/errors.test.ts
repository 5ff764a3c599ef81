import { describe, expect, test } from 'vitest';
import { describeReadError, formatProblem } from '../src/errors.js';

describe('formatProblem', () => {
  // A key or file name holding a line break printed a problem over two lines, and an escape
  // sequence reached the terminal as one.
  test.each([
    { name: 'a line break in the message', message: 'unknown key "a\nb"', location: { file: 'r.yaml', line: 2, column: 1 }, line: 'r.yaml:2:1: unknown key "a\\nb"' },
    { name: 'a carriage return', message: 'unknown key "match\r"', location: { file: 'r.yaml', line: 9, column: 5 }, line: 'r.yaml:9:5: unknown key "match\\r"' },
    { name: 'an escape sequence', message: 'unknown key "\u001b[31mred"', location: {}, line: 'unknown key "\\u001b[31mred"' },
    { name: 'a NUL in the file name', message: 'cannot read rule file: no such file', location: { file: 'a\u0000b' }, line: 'a\\u0000b: cannot read rule file: no such file' },
    { name: 'a tab and words of any script', message: 'got "é\t😀"', location: { file: 'x' }, line: 'x: got "é\t😀"' },
  ])('$name: one line, the characters escaped', ({ message, location, line }) => {
    expect(formatProblem(message, location)).toBe(line);
  });
});

describe('describeReadError', () => {
  // A name of 300 characters, or one with a NUL (a YAML "\0" escape), gave the error's code.
  test.each([
    [{ code: 'ENOENT' }, 'no such file'],
    [{ code: 'EISDIR' }, 'is a directory, not a file'],
    [{ code: 'ENAMETOOLONG' }, 'file name too long'],
    [{ code: 'ERR_INVALID_ARG_VALUE' }, 'a file name cannot hold a NUL character'],
  ])('%o → %s', (error, reason) => {
    expect(describeReadError(error)).toBe(reason);
  });
});
