import { describe, expect, test } from 'vitest';
import { findJsonValueProblem } from '../src/json-value-check.js';
import type { JsonSchema } from '../src/rules/schema-check.js';

const ROOT: JsonSchema = {
  $defs: {
    count: { type: 'integer', minimum: 0 },
    item: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, share: { type: 'number', minimum: 0, maximum: 1 }, kind: { enum: ['a', 'b'] }, counts: { type: 'object', additionalProperties: { $ref: '#/$defs/count' } } } },
  },
};
const ITEM: JsonSchema = { $ref: '#/$defs/item' };

describe('findJsonValueProblem', () => {
  test.each([
    { name: 'a value that fits, with a key the schema does not list', value: { name: 'x', share: 0.5, later: true }, problem: undefined },
    { name: 'a missing key', value: {}, problem: 'missing "name"' },
    { name: 'a string of the wrong type', value: { name: 5 }, problem: 'name: got 5, expected a string' },
    { name: 'a value outside an enum', value: { name: 'x', kind: 'c' }, problem: 'kind: got "c", expected one of a, b' },
    { name: 'a number out of range', value: { name: 'x', share: 2 }, problem: 'share: got 2, expected a number from 0 to 1' },
    { name: 'a whole number too large to add exactly', value: { name: 'x', counts: { a: 2 ** 53 } }, problem: 'counts.a: got 9007199254740992, expected a whole number from 0 to 9007199254740991' },
    { name: 'a fraction for a whole number', value: { name: 'x', counts: { a: 1.5 } }, problem: 'counts.a: got 1.5, expected a whole number from 0 to 9007199254740991' },
    { name: 'an infinite number (JSON.parse reads 1e400 so)', value: { name: 'x', share: Infinity }, problem: 'share: got Infinity, expected a number from 0 to 1' },
    { name: 'a list for an object', value: [], problem: 'got a list, expected an object' },
    // `counts.a.b` read as a key `b` under `a`.
    { name: 'a key with a dot, quoted', value: { name: 'x', counts: { 'a.b': -1 } }, problem: 'counts."a.b": got -1, expected a whole number from 0 to 9007199254740991' },
  ])('$name', ({ value, problem }) => {
    expect(findJsonValueProblem(value, ITEM, ROOT)).toBe(problem);
  });

  // `properties.constructor` was Object's, a schema that let any value by.
  test.each(['constructor', 'toString', '__proto__'])('a key `%s` is checked as any key the schema does not list', (key) => {
    const counts: JsonSchema = { type: 'object', properties: { total: { type: 'integer' } }, additionalProperties: { $ref: '#/$defs/count' } };
    expect(findJsonValueProblem(JSON.parse(`{"${key}": -1}`), counts, ROOT)).toBe(`${key}: got -1, expected a whole number from 0 to 9007199254740991`);
  });

  test('names an item of a list by its index, under the path given', () => {
    expect(findJsonValueProblem([{ name: 'x' }, { name: null }], { type: 'array', items: ITEM }, ROOT, 'items')).toBe('items[1].name: got null, expected a string');
  });
});
