import { describe, expect, test } from 'vitest';
import { formatFieldPath } from '../src/field-path.js';

describe('formatFieldPath', () => {
  test.each([
    { segments: ['rules', 3, 'match', 'phrases'], expected: 'rules[3].match.phrases' },
    { segments: ['severity', 'false-hope'], expected: 'severity.false-hope' },
    { segments: ['cues', 'self_talk', 0], expected: 'cues.self_talk[0]' },
    { segments: ['roles', 'thérapeute'], expected: 'roles.thérapeute' },
    { segments: [], expected: '' },
    // Each of these read as another path, or as none: `rules[0]. id`, `severity.a.b`, `cues.x[1]`.
    { segments: ['rules', 0, ' id'], expected: 'rules[0]." id"' },
    { segments: ['rules', 0, 'id '], expected: 'rules[0]."id "' },
    { segments: ['severity', 'a.b'], expected: 'severity."a.b"' },
    { segments: ['cues', 'x[1]'], expected: 'cues."x[1]"' },
    { segments: ['cues', 'say "hi"'], expected: 'cues."say \\"hi\\""' },
    { segments: ['cues', ''], expected: 'cues.""' },
    { segments: ['a b', 'c'], expected: '"a b".c' },
  ])('$expected', ({ segments, expected }) => {
    expect(formatFieldPath(segments)).toBe(expected);
  });
});
