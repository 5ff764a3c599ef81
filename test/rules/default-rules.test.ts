import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/rules/compile.js';
import { describeExample, runRuleExamples } from '../../src/rules/examples.js';

describe('rules/default/', () => {
  const result = loadRuleSet('rules/default/index.yaml', process.cwd());

  test('loads without problems', () => {
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  test('every example of every rule does what it says', () => {
    if (!result.ok) throw new Error('rule set did not load');
    const run = runRuleExamples(result.ruleSet);
    expect(run.examples).toBeGreaterThanOrEqual(40);
    expect(run.failures.map((f) => `${f.rule} ${f.expected} #${f.index}: ${describeExample(f.example)}`)).toEqual([]);
  });

  test('is written to be maintained: every file included, no line over 200 characters', () => {
    const files = readdirSync('rules/default').filter((name) => name.endsWith('.yaml')).sort();
    const included = [...readFileSync('rules/default/index.yaml', 'utf8').matchAll(/^ {2}- (\S+\.yaml)$/gm)].map((m) => m[1]);
    expect([...included, 'index.yaml'].sort()).toEqual(files);
    const long = files.flatMap((name) => readFileSync(`rules/default/${name}`, 'utf8').split('\n').flatMap((line, i) => (line.length > 200 ? [`${name}:${i + 1}`] : [])));
    expect(long).toEqual([]);
  });
});
