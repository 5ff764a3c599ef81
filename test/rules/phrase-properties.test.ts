/**
 * Rule phrases drawn from the phrase syntax's own characters (braces, `|`, frames `{@cue}`,
 * `@`/`#` slots, `*`, `=`, apostrophes, punctuation, words): loading never throws, every
 * problem names a line and column, and a phrase that loads runs its examples on drawn text
 * to the end. Seeded and few runs here; `npm run fuzz -- --runs 2000` draws more.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { loadRuleSet } from '../../src/rules/compile.js';
import { runRuleExamples } from '../../src/rules/examples.js';
import { propertyRuns, propertySeed, propertyTimeout } from '../helpers/mutate.js';

const TOKENS = ['{', '}', '|', '@', '#', '*', '=', "'", ' ', '  ', 'you', 'fine', 'will', 'be', 'worr', '{@subject}', '{@good}', '{@nope}', '{#NOUN}', '!', '...', '-', 'é', '?'];
const phrase = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 10 }).map((tokens) => tokens.join(''));
const text = fc.array(fc.constantFrom('you', 'will', 'be', 'fine', 'it', 'worried', '!', '...', '-', "'", ' ', ', ', 'é', '@', '#'), { maxLength: 16 }).map((words) => words.join(' '));

const root = mkdtempSync(path.join(tmpdir(), 'reassure-phrase-props-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const ruleFile = (phrases: string[], hit: string): string =>
  stringify({
    version: 1,
    cues: { subject: ['you', 'it', '{@good} things'], good: ['fine', 'okay'] },
    rules: [
      {
        id: 'drawn',
        kind: 'pitfall',
        name: 'Drawn',
        severity: 'warning',
        description: 'd',
        rationale: 'r',
        match: phrases.map((p) => ({ phrase: p })),
        examples: { hit: [hit.trim() === '' ? 'x' : hit], miss: ['x'] },
      },
    ],
  });

test('a drawn phrase loads or is a located problem, never a throw; one that loads runs to the end', () => {
  const file = path.join(root, 'rules.yaml');
  fc.assert(
    fc.property(fc.array(phrase, { minLength: 1, maxLength: 3 }), text, (phrases, hit) => {
      writeFileSync(file, ruleFile(phrases, hit));
      const result = loadRuleSet(file, root);
      if (!result.ok) {
        for (const problem of result.problems) expect({ line: problem.line > 0, column: problem.column > 0, oneLine: !problem.message.includes('\n') }).toEqual({ line: true, column: true, oneLine: true });
        return;
      }
      // Whatever the examples give, they are run: a failure is data, not a throw.
      expect(runRuleExamples(result.ruleSet).examples).toBe(2);
    }),
    { numRuns: propertyRuns(150), seed: propertySeed() },
  );
}, propertyTimeout());
