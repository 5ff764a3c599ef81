import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { applyRules } from '../../src/engine/apply.js';
import { loadRuleSet } from '../../src/rules/compile.js';
import { buildExampleTranscript, describeExample, runRuleExamples } from '../../src/rules/examples.js';

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

  // `rules test` runs the examples of reported rules; the switched-off helpers' examples are
  // run here by a rule file that extends the bundled one and switches them on.
  test('every example of every helper rule does what it says too', () => {
    if (!result.ok) throw new Error('rule set did not load');
    const helpers = result.ruleSet.evaluation.filter((rule) => !rule.reported).map((rule) => rule.id);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'reassure-helpers-')), 'helpers.yaml');
    const enable = helpers.map((id) => `  - {id: ${id}, enabled: true}`).join('\n');
    writeFileSync(file, `version: 1\nextends: ${JSON.stringify(path.resolve('rules/default/index.yaml'))}\nrules:\n${enable}\n`);
    const enabled = loadRuleSet(file, process.cwd());
    if (!enabled.ok) throw new Error(enabled.problems.map((p) => p.message).join('\n'));
    const failures = runRuleExamples(enabled.ruleSet).failures.filter((f) => helpers.includes(f.rule));
    expect(helpers.length).toBeGreaterThanOrEqual(8);
    expect(failures.map((f) => `${f.rule} ${f.expected} #${f.index}: ${describeExample(f.example)}`)).toEqual([]);
  });

  test.each([
    // Issue 10's false alarm: a promise after a loss is false hope and covers the disclosure;
    // it does not reinforce a negative thought, as the client said nothing about themselves.
    ['My mum died last month.', 'Everything will be fine.', ['false-hope', 'ignoring-underlying-issues']],
    ["I'm useless, I ruin everything.", 'No, you are not useless.', ['reinforcing-negative-thoughts']],
    ["I'm so nervous about the interview.", "Don't worry friend, you'll be fine.", ['false-hope', 'invalidation']],
  ])('after %j, %j is %j', (client, therapist, ids) => {
    if (!result.ok) throw new Error('rule set did not load');
    const findings = applyRules(buildExampleTranscript({ client, therapist }), result.ruleSet);
    expect([...new Set(findings.map((finding) => finding.rule))].sort()).toEqual(ids);
  });
});
