import { describe, expect, test } from 'vitest';
import { readInputs } from '../../src/audit.js';
import { attributeRuleEntries } from '../../src/eval/by-phrase.js';
import { loadRuleSet } from '../../src/rules/compile.js';
import { loadRuleFiles } from '../../src/rules/load.js';

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
