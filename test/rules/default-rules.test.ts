import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/rules/compile.js';
import { describeExample, runRuleExamples } from '../../src/rules/examples.js';

describe('rules/default.yaml', () => {
  const result = loadRuleSet('rules/default.yaml', process.cwd());

  test('loads without problems', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  test('every example of every rule does what it says', () => {
    if (!result.ok) throw new Error('rule set did not load');
    const run = runRuleExamples(result.ruleSet);
    expect(run.examples).toBeGreaterThanOrEqual(40);
    expect(run.failures.map((f) => `${f.rule} ${f.expected} #${f.index}: ${describeExample(f.example)}`)).toEqual([]);
  });
});
