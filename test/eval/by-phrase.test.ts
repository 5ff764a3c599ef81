import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { readInputs } from '../../src/audit.js';
import { attributeRuleEntries } from '../../src/eval/by-phrase.js';
import { loadRuleSet } from '../../src/rules/compile.js';
import { loadRuleFiles } from '../../src/rules/load.js';
import { runCli } from '../helpers/run-cli.js';

const RULES = 'test/fixtures/eval/by-phrase-rules.yaml';

describe('attributeRuleEntries', async () => {
  const loaded = loadRuleSet(RULES, process.cwd());
  const files = loadRuleFiles(RULES, process.cwd());
  if (!loaded.ok || !files.ok) throw new Error('fixture rules did not load');
  const read = await readInputs({ inputs: ['test/fixtures/eval/by-phrase.yaml'], cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 1e6 });

  test('each phrase, cue entry and referred rule entry that fired, worst precision first; a guarded regex never', () => {
    const entry = (where: string, text: string, counts: { turns: number; true: number; only: number; onlyFalse: number }) => ({
      where,
      text,
      ...counts,
      false: counts.turns - counts.true,
      precision: counts.true / counts.turns,
    });
    expect(attributeRuleEntries(read.transcripts, loaded.ruleSet, 'praise', files.cues ?? {})).toEqual({
      rule: 'praise',
      turns: 4,
      true: 2,
      entries: [
        entry('match[0].phrases[2]', 'great job', { turns: 1, true: 0, only: 0, onlyFalse: 1 }),
        entry('match[3] > praise-word match[0].phrases[0]', 'brilliant', { turns: 1, true: 0, only: 0, onlyFalse: 1 }),
        entry('match[0].phrases[0]', 'you did it', { turns: 2, true: 2, only: 1, onlyFalse: 0 }),
        entry('match[1].cue[0]', 'cue well-done: well done', { turns: 1, true: 1, only: 0, onlyFalse: 0 }),
      ],
      unexplained: { true: 0, false: 0 },
    });
  });

  test('a rule that finds nothing lists no entry', () => {
    expect(attributeRuleEntries([], loaded.ruleSet, 'praise', files.cues ?? {})).toEqual({ rule: 'praise', turns: 0, true: 0, entries: [], unexplained: { true: 0, false: 0 } });
  });
});

describe('attributeRuleEntries with a model matcher', () => {
  test('a turn only the model found is counted as unexplained, beside the phrase', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-by-phrase-'));
    const base = path.resolve('test/fixtures/model/rules.yaml');
    const trained = await runCli(['train', 'test/fixtures/model/labelled.yaml', '-r', base, '-o', path.join(dir, 'comfort.json')]);
    expect(trained.code).toBe(0);
    const rules = path.join(dir, 'rules.yaml');
    writeFileSync(rules, `version: 1\nextends: ${JSON.stringify(base)}\nrules:\n  - id: comfort\n    match:\n      - phrase: "that sounds hard"\n      - model: comfort.json\n        id: comfort\n`);
    // Turn 2 says "tough", which only the model knows; turn 4 the phrase.
    writeFileSync(
      path.join(dir, 'session.yaml'),
      'session: by-phrase-model\nturns:\n  - speaker: Client\n    text: I am so tired.\n  - speaker: Therapist\n    text: I hear you. It must be so tough right now.\n' +
        '    labels: [comfort]\n  - speaker: Client\n    text: Yes.\n  - speaker: Therapist\n    text: That sounds hard.\n',
    );
    const loaded = loadRuleSet(rules, dir);
    if (!loaded.ok) throw new Error('rules with the model did not load');
    const read = await readInputs({ inputs: [path.join(dir, 'session.yaml')], cwd: dir, roles: { therapist: [], client: [] }, maxBytes: 1e6 });
    expect(attributeRuleEntries(read.transcripts, loaded.ruleSet, 'comfort', {})).toEqual({
      rule: 'comfort',
      turns: 2,
      true: 1,
      entries: [{ where: 'match[0].phrase', text: 'that sounds hard', turns: 1, true: 0, false: 1, precision: 0, only: 0, onlyFalse: 1 }],
      unexplained: { true: 1, false: 0 },
    });
  });
});
