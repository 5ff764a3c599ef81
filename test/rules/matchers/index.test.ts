import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { MATCHER_KINDS, TEXT_KINDS, describeMatcherDef } from '../../../src/rules/matchers/index.js';
import type { JsonSchema } from '../../../src/rules/schema-check.js';

const schema = JSON.parse(readFileSync('schema/rules.schema.json', 'utf8')) as JsonSchema;
const defs = schema.$defs ?? {};

describe('the matcher registry and the rules schema', () => {
  test.each(MATCHER_KINDS.map((kind) => [kind.key, kind] as const))('the schema holds the %s kind as the kind declares it', (key, kind) => {
    expect(defs.matcher?.properties?.[key]).toEqual(kind.schema);
  });

  test('a matcher takes exactly the registered keys, their companions and "unless"', () => {
    const keys = MATCHER_KINDS.flatMap((kind) => [kind.key, ...(kind.companions ?? [])]);
    expect(Object.keys(defs.matcher?.properties ?? {}).sort()).toEqual([...keys, 'unless'].sort());
  });

  test('a guard takes the text kinds, as the matcher does', () => {
    const guardKeys = Object.keys(defs.guard?.properties ?? {}).filter((key) => MATCHER_KINDS.some((kind) => kind.key === key));
    expect(guardKeys.sort()).toEqual(TEXT_KINDS.map((kind) => kind.key).sort());
    for (const kind of TEXT_KINDS) expect(defs.guard?.properties?.[kind.key]).toEqual(kind.schema);
  });
});

test.each([
  [{ phrase: 'calm down' }, '"calm down"'],
  [{ phrases: ['a', 'b'] }, '"a", "b"'],
  [{ regex: 'x+' }, 'regex /x+/'],
  [{ cue: 'hedge' }, 'cue hedge'],
  [{ rule: 'empathy' }, 'rule empathy'],
  [{ model: 'counselling', id: 'empathy' }, 'model counselling, classifier empathy (fires on turns the other matchers miss)'],
])('%j is described as %j', (def, line) => {
  expect(describeMatcherDef(def)).toBe(line);
});
