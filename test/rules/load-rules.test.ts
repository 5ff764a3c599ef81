import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { loadRuleSet } from '../../src/rules/compile.js';
import { runRuleExamples } from '../../src/rules/examples.js';
import { RULES_SCHEMA_PATH } from '../../src/rules/load.js';

const fixtures = 'test/fixtures/rules';
const messages = (file: string): string[] => {
  const result = loadRuleSet(path.join(fixtures, file), process.cwd());
  return result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
};

/** A rule file's reported rules and what running their examples gives, for comparing two spellings of one file. */
const behaviourOf = (file: string) => {
  const result = loadRuleSet(path.join(fixtures, file), process.cwd());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  const run = runRuleExamples(result.ruleSet);
  return { defs: result.ruleSet.reported.map((rule) => rule.def), examples: run.examples, failures: run.failures };
};

describe('loading and validating rule files', () => {
  test('lists every problem of a file with its position, the field, the bad value and what was expected', () => {
    expect(messages('bad-many.yaml')).toEqual([
      'test/fixtures/rules/bad-many.yaml:6:11: rules[0].kind: got "pitfal", did you mean "pitfall"?',
      'test/fixtures/rules/bad-many.yaml:8:15: rules[0].severity: got "warn", did you mean "warning"?',
      'test/fixtures/rules/bad-many.yaml:13:5: rules[0].colour: unknown key "colour" (expected one of id, enabled, kind, name, severity, description, rationale, match, unless, context, session, examples)',
    ]);
  });

  // A mistyped id in an overriding entry read as a new rule and gave seven "missing" lines per entry.
  test('an override of an id the extended rules lack: one line, with the id it most likely meant', () => {
    const tail = 'a new rule needs kind, name, description, rationale, match or session, and examples';
    expect(messages('bad-override-typo.yaml')).toEqual([
      `test/fixtures/rules/bad-override-typo.yaml:4:9: rule "false-hop": no rule "false-hop" in the rules this file extends (did you mean "false-hope"?); ${tail}`,
      `test/fixtures/rules/bad-override-typo.yaml:6:9: rule "educaton": no rule "educaton" in the rules this file extends (did you mean "education"?); ${tail}`,
      `test/fixtures/rules/bad-override-typo.yaml:8:9: rule "zzzzzz": no rule "zzzzzz" in the rules this file extends; ${tail}`,
      'test/fixtures/rules/bad-override-typo.yaml:10:5: rule "minimising": missing "kind"',
    ]);
  });

  // Node's own text came through: "cannot read rule file: EISDIR: illegal operation on a directory, read".
  // Sizes under a mebibyte read "0.0 MiB, limit 0.0 MiB".
  test('a rule file over a small --max-rules-size: both sizes readable', () => {
    const result = loadRuleSet(path.join(fixtures, 'two-docs.yaml'), process.cwd(), 16);
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual(['rule file is too large (83 bytes, limit 16 bytes; raise it with --max-rules-size)']);
  });

  // The YAML library's advice came through: "please use YAML.parseAllDocuments()".
  test('two YAML documents in one rule file: one short reason', () => {
    expect(messages('two-docs.yaml')).toEqual(['test/fixtures/rules/two-docs.yaml:4:1: invalid YAML: a second document (after `---`); the file holds one mapping']);
  });

  test('a folder given as the rule file: one short reason', () => {
    expect(messages('include')).toEqual(['test/fixtures/rules/include:1:1: cannot read rule file: is a directory, not a file']);
  });

  test('after the schema, checks what a schema cannot: ids, cues, regexes, references, cycles, examples', () => {
    expect(messages('bad-semantic.yaml')).toEqual([
      'test/fixtures/rules/bad-semantic.yaml:3:5: rule "a": rules refer to each other in a cycle: a -> b -> a',
      'test/fixtures/rules/bad-semantic.yaml:31:16: rule "c": regex "(a+)+$" is rejected: a repeated group contains another repetition (like "(a+)+"), which can take exponential time',
      'test/fixtures/rules/bad-semantic.yaml:32:15: rule "c": unknown rule "nope" (expected one of a, b, c)',
    'test/fixtures/rules/bad-semantic.yaml:34:7: rule "c": needs at least one "miss" example',
    ]);
  });

  // A rule that named itself in its match or context loaded, and silently never fired.
  test('a rule that needs its own match on the same turn is a cycle; a session measure of its own findings is not', () => {
    expect(messages('bad-self-reference.yaml')).toEqual([
      'test/fixtures/rules/bad-self-reference.yaml:3:5: rule "a": rules refer to each other in a cycle: a -> a',
      'test/fixtures/rules/bad-self-reference.yaml:14:5: rule "b": rules refer to each other in a cycle: b -> b',
    ]);
  });

  // A cue that named itself (or another that named it) was reported as "deeper than 4".
  test('a cue that names itself is a cycle, named at the cue entry and at the phrase that uses it', () => {
    expect(messages('bad-cue-cycle.yaml')).toEqual([
      'test/fixtures/rules/bad-cue-cycle.yaml:5:7: cues.calm[1]: phrase "{@calm} now" names cues that refer to each other in a cycle: calm -> calm',
      'test/fixtures/rules/bad-cue-cycle.yaml:7:7: cues.sure[0]: phrase "{@certain} well" names cues that refer to each other in a cycle: certain -> sure -> certain',
      'test/fixtures/rules/bad-cue-cycle.yaml:9:7: cues.certain[0]: phrase "{@sure} ok" names cues that refer to each other in a cycle: sure -> certain -> sure',
      'test/fixtures/rules/bad-cue-cycle.yaml:18:17: rule "a": phrase "it is {@calm}" names cues that refer to each other in a cycle: calm -> calm',
    ]);
  });

  // A max below its min loaded, and the rule silently never fired.
  test('a measure or an overlap whose max is below its min: named at the max', () => {
    expect(messages('bad-empty-range.yaml')).toEqual([
      'test/fixtures/rules/bad-empty-range.yaml:12:41: rule "a": context.overlap.max: got 1, expected at least "min" (3); no value is in the range, so the rule could never fire',
      'test/fixtures/rules/bad-empty-range.yaml:14:37: rule "a": session.count.max: got 2, expected at least "min" (5); no value is in the range, so the rule could never fire',
    ]);
  });

  test('reports a phrase with unbalanced braces, a regex that does not compile, and a duplicate id', () => {
    expect(messages('bad-syntax.yaml')).toEqual([
      'test/fixtures/rules/bad-syntax.yaml:3:29: cues.request[1]: phrase "will i be {ok|okay" has a "{" that is never closed',
      'test/fixtures/rules/bad-syntax.yaml:12:16: rule "false-hope": regex "(unclosed" does not compile: Unterminated group',
      'test/fixtures/rules/bad-syntax.yaml:16:9: rules[1].id: duplicate rule id "false-hope" in this file',
    ]);
  });

  test('refuses a number that is not a number (.nan), which no minimum or maximum would catch', () => {
    expect(messages('bad-nan.yaml')).toEqual(['test/fixtures/rules/bad-nan.yaml:9:20: rules[0].match[0].threshold: got NaN, expected a number']);
  });

  test('extends the bundled rules: overrides a rule by id, switches one off, adds one', () => {
    const result = loadRuleSet(path.join(fixtures, 'good-extends.yaml'), process.cwd());
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const ids = result.ruleSet.reported.map((rule) => `${rule.id}:${rule.severity}`);
    expect(ids).toEqual([
      'empathy:info',
      'positive-self-talk:info',
      'support-encouragement:info',
      'normalizing:info',
      'over-reliance:warning',
      'invalidation:warning',
      'reinforcing-negative-thoughts:warning',
      'ignoring-underlying-issues:warning',
      'false-hope:error',
      'minimising:warning',
    ]);
  });
});

// A merge key was read as a key named `<<`: "unknown key" in a rule, and the merged keys were missing.
describe('YAML merge keys in rule files', () => {
  test('a rule that merges another loads and behaves as the same rule written out', () => {
    const merged = behaviourOf('merge-keys.yaml');
    expect(merged).toEqual(behaviourOf('merge-keys-written.yaml'));
    expect({ examples: merged.examples, failures: merged.failures }).toEqual({ examples: 7, failures: [] });
  });

  test('a problem in a merged mapping is named at the line where it is written, for each rule that has it', () => {
    expect(messages('merge-keys-bad.yaml')).toEqual([
      'test/fixtures/rules/merge-keys-bad.yaml:7:15: rules[0].severity: got "critical", expected one of info, warning, error',
      'test/fixtures/rules/merge-keys-bad.yaml:15:5: rules[1].colour: unknown key "colour" (expected one of id, enabled, kind, name, severity, description, rationale, match, unless, context, session, examples)',
      'test/fixtures/rules/merge-keys-bad.yaml:7:15: rules[1].severity: got "critical", expected one of info, warning, error',
    ]);
    expect(messages('merge-keys-semantic.yaml')).toEqual([
      'test/fixtures/rules/merge-keys-semantic.yaml:4:9: rules[1].id: duplicate rule id "base" in this file',
      'test/fixtures/rules/merge-keys-semantic.yaml:11:16: rule "base": regex "(unclosed" does not compile: Unterminated group',
    ]);
  });

  test('a merge key of something other than a mapping is one line at its value', () => {
    expect(messages('merge-keys-scalar.yaml')).toEqual([
      'test/fixtures/rules/merge-keys-scalar.yaml:3:9: a YAML merge key (`<<`) takes a mapping or a list of mappings (got a string)',
    ]);
  });
});

// An alias was refused as "got an alias": a rule could not reuse another's phrases or wording.
describe('YAML aliases in rule files', () => {
  test('rules that reuse anchored values load and behave as the same rules written out', () => {
    const aliased = behaviourOf('aliases.yaml');
    expect(aliased).toEqual(behaviourOf('aliases-written.yaml'));
    expect({ examples: aliased.examples, failures: aliased.failures }).toEqual({ examples: 7, failures: [] });
  });

  test('a problem in an aliased value is named at the line where it is written, for each rule that uses it', () => {
    expect(messages('aliases-bad.yaml')).toEqual([
      'test/fixtures/rules/aliases-bad.yaml:6:25: rules[0].severity: got "critical", expected one of info, warning, error',
      'test/fixtures/rules/aliases-bad.yaml:10:35: rules[0].match[0].phrases[1]: got 5, expected a string',
      'test/fixtures/rules/aliases-bad.yaml:6:25: rules[1].severity: got "critical", expected one of info, warning, error',
      'test/fixtures/rules/aliases-bad.yaml:10:35: rules[1].match[0].phrases[1]: got 5, expected a string',
    ]);
    expect(messages('aliases-semantic.yaml')).toEqual([
      'test/fixtures/rules/aliases-semantic.yaml:10:16: rule "praise": regex "(unclosed" does not compile: Unterminated group',
      'test/fixtures/rules/aliases-semantic.yaml:10:16: rule "praise-again": regex "(unclosed" does not compile: Unterminated group',
    ]);
  });

  test('an alias bomb is refused before any rule is read', () => {
    const bomb = ['version: 1', 'cues:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e']] as const) {
      bomb.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-bomb-'));
    try {
      writeFileSync(path.join(dir, 'bomb.yaml'), `${bomb.join('\n')}\n`);
      const result = loadRuleSet(path.join(dir, 'bomb.yaml'), dir);
      expect(result.ok ? [] : result.problems.map((p) => `${p.line}: ${p.message}`)).toEqual(['1: too many alias expansions (more than 100; an alias bomb?)']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('field paths with odd keys', () => {
  // `rules[0]. id: unknown key " id"` and `cues.a.b[0]` read as other paths.
  test('a key with a space at an end or a dot is quoted in the path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-keys-'));
    try {
      const rule = '{id: x, kind: pitfall, name: X, severity: warning, description: d, rationale: r, match: [{phrase: "{@a.b}"}], examples: {hit: [a], miss: [b]}, " id": y}';
      writeFileSync(path.join(dir, 'odd.yaml'), `version: 1\ncues:\n  "a.b": ["(("]\nrules:\n  - ${rule}\n`);
      const result = loadRuleSet(path.join(dir, 'odd.yaml'), dir);
      expect(result.ok ? [] : result.problems.map((p) => p.message.replace(/ \(.*/, ''))).toEqual(['rules[0]." id": unknown key " id"']);
      writeFileSync(path.join(dir, 'cue.yaml'), `version: 1\ncues:\n  "a.b": ["{x"]\n`);
      const cue = loadRuleSet(path.join(dir, 'cue.yaml'), dir);
      expect(cue.ok ? [] : cue.problems.map((p) => p.message.split(':')[0])).toEqual(['cues."a.b"[0]']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('include: one rule set split over files', () => {
  test('an index includes cue and rule files in order, and still extends the bundled rules', () => {
    const result = loadRuleSet(path.join(fixtures, 'include/good-index.yaml'), process.cwd());
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    expect(result.ruleSet.reported.map((rule) => `${rule.id}:${rule.severity}`).slice(-2)).toEqual(['false-hope:error', 'minimising:warning']);
  });

  test('names each problem at its own file, and both places of an id or cue defined twice', () => {
    expect(messages('include/bad-index.yaml')).toEqual([
      'test/fixtures/rules/include/settings-here.yaml:3:3: settings: not allowed in an included file (only cues and rules; set it in test/fixtures/rules/include/bad-index.yaml)',
      'test/fixtures/rules/include/bad-index.yaml:6:5: include: cannot read test/fixtures/rules/include/missing.yaml: no such file',
    ]);
    expect(messages('include/bad-twice.yaml')).toEqual([
      'test/fixtures/rules/include/minimising-again.yaml:3:15: cues.minimising: cue "minimising" is defined twice (also at test/fixtures/rules/include/team-cues.yaml:3:15)',
      'test/fixtures/rules/include/minimising-again.yaml:5:9: rules[0].id: duplicate rule id "minimising" (also at test/fixtures/rules/include/minimising.yaml:3:9)',
    ]);
  });

  // Included files counted towards the limit of 8 files that extend one another: an index of
  // 8 included files that extends the bundled rules was refused as "would extend in a loop".
  test('an index of many included files extends the bundled rules; only a chain of more than 8 extends is refused, as such', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-chain-'));
    try {
      for (let i = 1; i <= 9; i++) writeFileSync(path.join(dir, `cues-${i}.yaml`), `version: 1\ncues:\n  cue-${i}: [word ${i}]\n`);
      writeFileSync(path.join(dir, 'index.yaml'), `version: 1\nextends: default\ninclude: [${Array.from({ length: 9 }, (_, i) => `cues-${i + 1}.yaml`).join(', ')}]\n`);
      for (let i = 1; i <= 9; i++) writeFileSync(path.join(dir, `chain-${i}.yaml`), `version: 1\nextends: ${i === 9 ? 'index.yaml' : `chain-${i + 1}.yaml`}\n`);
      const split = loadRuleSet(path.join(dir, 'index.yaml'), dir);
      const chain = loadRuleSet(path.join(dir, 'chain-1.yaml'), dir);
      expect({ split: split.ok, chain: chain.ok ? [] : chain.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`) }).toEqual({
        split: true,
        chain: ['chain-8.yaml:2:10: extends: "chain-9.yaml": more than 8 rule files would extend one another (the most a chain may have)'],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A file included twice was "duplicate rule id ... in this file", at a file that defines
  // it once; an index including itself was "include: not allowed in an included file".
  test('a file included twice, or an index including itself, is named at the include entry', () => {
    expect({ twice: messages('include/same-twice.yaml'), self: messages('include/self.yaml') }).toEqual({
      twice: ['test/fixtures/rules/include/same-twice.yaml:5:5: include[2]: test/fixtures/rules/include/minimising.yaml is included twice (first at include[1])'],
      self: ['test/fixtures/rules/include/self.yaml:3:5: include[0]: test/fixtures/rules/include/self.yaml would include itself'],
    });
  });
});

describe('the JSON Schema and the loader agree', () => {
  const schema = JSON.parse(readFileSync(RULES_SCHEMA_PATH, 'utf8')) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const schemaAccepts = (file: string): boolean => validate(parse(readFileSync(file, 'utf8')));

  test.each([
    ['rules/default/index.yaml', true],
    ['rules/default/empathy.yaml', true],
    [`${fixtures}/good-extends.yaml`, true],
    [`${fixtures}/features.yaml`, true],
    [`${fixtures}/features-more.yaml`, true],
    [`${fixtures}/bad-many.yaml`, false],
    [`${fixtures}/bad-schema-only.yaml`, false],
  ])('%s: schema accepts = %s, and so does the loader', (file, accepted) => {
    expect(schemaAccepts(file)).toBe(accepted);
    expect(loadRuleSet(file, process.cwd()).ok).toBe(accepted);
  });

  test('a file the schema accepts may still fail checks beyond it (references, cycles, regexes)', () => {
    expect(schemaAccepts(`${fixtures}/bad-semantic.yaml`)).toBe(true);
    expect(loadRuleSet(`${fixtures}/bad-semantic.yaml`, process.cwd()).ok).toBe(false);
  });

  test.each(readdirSync('rules/default'))('the bundled rule file %s points editors at the schema', (name) => {
    expect(readFileSync(`rules/default/${name}`, 'utf8').split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/rules.schema.json');
  });
});

describe('frames and the normalisation key', () => {
  test('a phrase naming a cue of regexes, or no cue, is reported where it is written', () => {
    expect(messages('frames.yaml')).toEqual([
      'test/fixtures/rules/frames.yaml:37:19: rule "broken": phrase "it will {@sure} work" names cue "sure", which holds regexes (expected a cue of phrases only)',
      `test/fixtures/rules/frames.yaml:37:43: rule "broken": phrase "{@nowhere} here" names an unknown cue "nowhere" (expected one of ${[
        'negation',
        'hedge',
        'reported-speech',
        'subject',
        'good-outcome',
        'sure',
      ].join(', ')})`,
    ]);
  });
});

test('a frame reads its cues and a rule file extends the normalisation table: every example holds', () => {
  const result = loadRuleSet(path.join(fixtures, 'frames-good.yaml'), process.cwd());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  expect(runRuleExamples(result.ruleSet)).toEqual({ examples: 6, failures: [] });
});
