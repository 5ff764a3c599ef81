import { beforeAll, describe, expect, test } from 'vitest';
import { applyRuleOverrides, type RuleOverrides } from '../../src/config/rule-overrides.js';
import { loadRuleSet, type CompiledRuleSet } from '../../src/rules/compile.js';

const loadOrThrow = (file: string): CompiledRuleSet => {
  const result = loadRuleSet(file, process.cwd());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.ruleSet;
};

/** What the run sees of a rule set: evaluated rules (id:severity, `off` when not reported) and reported ids. */
const summarize = (ruleSet: CompiledRuleSet) => ({
  evaluation: ruleSet.evaluation.map((rule) => `${rule.id}:${rule.severity}${rule.reported ? '' : ':off'}`),
  reported: ruleSet.reported.map((rule) => rule.id),
});

let bundled: CompiledRuleSet;
beforeAll(() => {
  // A fixed rule set: the bundled rules change as they are tuned.
  bundled = loadOrThrow('test/fixtures/config/overrides-rules.yaml');
});

const techniques = ['empathy:info', 'positive-self-talk:info', 'support-encouragement:info', 'normalizing:info', 'education:info'];
const pitfalls = ['invalidation:warning', 'reinforcing-negative-thoughts:warning', 'ignoring-underlying-issues:warning'];
const techniqueIds = ['empathy', 'positive-self-talk', 'support-encouragement', 'normalizing', 'education'];
const pitfallIds = ['over-reliance', 'invalidation', 'reinforcing-negative-thoughts', 'ignoring-underlying-issues'];
const none: RuleOverrides = { severity: {}, disable: [] };

describe('applyRuleOverrides', () => {
  test.each<{ name: string; overrides: RuleOverrides; expected: ReturnType<typeof summarize> }>([
    {
      name: 'no overrides: the rule set as compiled',
      overrides: none,
      expected: {
        evaluation: [...techniques, 'false-hope:warning', 'over-reliance:warning', ...pitfalls],
        reported: [...techniqueIds, ...pitfallIds, 'false-hope'],
      },
    },
    {
      name: 'a pitfall made an error, a technique kept at info',
      overrides: { severity: { 'false-hope': 'error', empathy: 'info' }, disable: [] },
      expected: {
        evaluation: [...techniques, 'false-hope:error', 'over-reliance:warning', ...pitfalls],
        reported: [...techniqueIds, ...pitfallIds, 'false-hope'],
      },
    },
    {
      name: 'a rule nothing needs, switched off: gone',
      overrides: { severity: {}, disable: ['education'] },
      expected: {
        evaluation: [...techniques.slice(0, 4), 'false-hope:warning', 'over-reliance:warning', ...pitfalls],
        reported: [...techniqueIds.slice(0, 4), ...pitfallIds, 'false-hope'],
      },
    },
    {
      name: 'a rule over-reliance needs, switched off: still evaluated, not reported',
      overrides: { severity: {}, disable: ['false-hope'] },
      expected: {
        evaluation: [...techniques, 'false-hope:warning:off', 'over-reliance:warning', ...pitfalls],
        reported: [...techniqueIds, ...pitfallIds],
      },
    },
    {
      name: 'the rule and the one needing it, both switched off: both gone',
      overrides: { severity: {}, disable: ['false-hope', 'over-reliance'] },
      expected: {
        evaluation: [...techniques, ...pitfalls],
        reported: [...techniqueIds, ...pitfallIds.slice(1)],
      },
    },
  ])('$name', ({ overrides, expected }) => {
    const result = applyRuleOverrides(bundled, overrides);
    expect(result.ok && summarize(result.ruleSet)).toEqual(expected);
  });

  test.each<{ name: string; overrides: RuleOverrides; problems: string[] }>([
    // A typo got the whole list of ids to search by eye.
    {
      name: 'mistyped ids, named with the id each most likely meant',
      overrides: { severity: { 'false-hop': 'error' }, disable: ['empathy', 'educaton'] },
      problems: ['severity.false-hop: unknown rule "false-hop" (did you mean "false-hope"?)', 'disable[1]: unknown rule "educaton" (did you mean "education"?)'],
    },
    {
      name: 'unknown ids near none, named with the ids the rule set has',
      overrides: { severity: {}, disable: ['minimising'] },
      problems: [
        'disable[0]: unknown rule "minimising" (expected one of empathy, positive-self-talk, support-encouragement, normalizing, education, over-reliance, invalidation, reinforcing-negative-thoughts, ignoring-underlying-issues, false-hope)',
      ],
    },
    {
      name: 'a technique given a severity other than info',
      overrides: { severity: { empathy: 'warning', 'false-hope': 'info' }, disable: [] },
      problems: ['severity.empathy: "empathy" is a technique, and techniques have severity info (got "warning")'],
    },
    // `severity. false-hope` named no entry anyone could find, and run-settings read the entry back out of the message.
    {
      name: 'an id with odd characters, quoted in the entry',
      overrides: { severity: { ' false-hope': 'error' }, disable: ['a.b'] },
      problems: [
        'severity." false-hope": unknown rule " false-hope" (did you mean "false-hope"?)',
        'disable[0]: unknown rule "a.b" (expected one of empathy, positive-self-talk, support-encouragement, normalizing, education, over-reliance, invalidation, reinforcing-negative-thoughts, ignoring-underlying-issues, false-hope)',
      ],
    },
  ])('$name → every problem', ({ overrides, problems }) => {
    const result = applyRuleOverrides(bundled, overrides);
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual(problems);
  });

  test('each problem carries its entry, to be found in the config file', () => {
    const result = applyRuleOverrides(bundled, { severity: { 'a.b': 'error' }, disable: ['x'] });
    expect(result.ok ? [] : result.problems.map((problem) => problem.path)).toEqual([['severity', 'a.b'], ['disable', 0]]);
  });

  test('leaves the rule set it was given unchanged', () => {
    const before = summarize(bundled);
    applyRuleOverrides(bundled, { severity: { 'false-hope': 'error' }, disable: ['false-hope', 'education'] });
    expect(summarize(bundled)).toEqual(before);
  });

  test('switching a rule off in the config keeps the same rules as `enabled: false` in a rule file', () => {
    const result = applyRuleOverrides(bundled, { severity: {}, disable: ['false-hope'] });
    const inRuleFile = loadOrThrow('test/fixtures/config/rules-false-hope-off.yaml');
    expect(result.ok && summarize(result.ruleSet)).toEqual(summarize(inRuleFile));
  });

  // `disable: [education]` of a rule the rule file switched off was refused as an unknown rule (exit 2).
  test('disabling a rule the rule file already switched off changes nothing and lists it once', () => {
    const off = loadOrThrow('test/fixtures/config/rules-education-off.yaml');
    const result = applyRuleOverrides(off, { severity: {}, disable: ['education', 'empathy'] });
    const alone = applyRuleOverrides(off, { severity: {}, disable: ['empathy'] });
    if (!result.ok || !alone.ok) throw new Error('the overrides were refused');
    expect(summarize(result.ruleSet)).toEqual(summarize(alone.ruleSet));
    expect(result.ruleSet.switchedOff).toEqual(['education', 'empathy']);
  });

  test('a severity for a rule the rule file switched off says so, not "unknown rule"', () => {
    const result = applyRuleOverrides(loadOrThrow('test/fixtures/config/rules-education-off.yaml'), { severity: { education: 'info' }, disable: [] });
    expect(result.ok ? [] : result.problems.map((problem) => problem.message)).toEqual([
      'severity.education: rule "education" is switched off (`enabled: false` in a rule file), so its severity would change nothing; switch it on, or remove this entry',
    ]);
  });

  // `disable: [false-hope]` in the config, where over-reliance uses false-hope, left it out of `rules list` altogether.
  test('a rule the config switches off is listed as switched off even while another rule uses it', () => {
    const result = applyRuleOverrides(bundled, { severity: {}, disable: ['false-hope'] });
    expect(result.ok && result.ruleSet.switchedOff).toEqual(['false-hope']);
  });
});
