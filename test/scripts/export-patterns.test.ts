import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const hasRipgrep = spawnSync('rg', ['--version']).status === 0;
const LOOK_AROUND = /\(\?<?[=!]/;

describe('scripts/export-patterns.js (what `npm run bench` gives ripgrep)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-export-patterns-'));
  beforeAll(() => {
    // `npm test` builds first; a bare `vitest` run may not have.
    if (!existsSync('dist/cli/main.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const exported = (flag: string): string[] =>
    execFileSync(process.execPath, ['scripts/export-patterns.js', flag], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter((line) => line !== '');

  // ripgrep's default engine has no look-arounds: one such pattern fails the whole run (exit 2).
  test.each(['--rg', '--rg-regexes'])('%s writes patterns without look-arounds', (flag) => {
    const patterns = exported(flag);
    expect({ some: patterns.length > 0, withLookArounds: patterns.filter((pattern) => LOOK_AROUND.test(pattern)) }).toEqual({
      some: true,
      withLookArounds: [],
    });
  });

  test('--rg: a part starting with an apostrophe still matches, with a space or joined', () => {
    const rules = path.join(dir, 'clitic.yaml');
    writeFileSync(
      rules,
      [
        'version: 1',
        'rules:',
        '  - id: positive-self-talk',
        '    kind: technique',
        '    name: Praise',
        '    description: Names what the client did.',
        '    rationale: Test.',
        '    match:',
        `      - phrase: "you {did|'ve done} so well"`,
        '    examples:',
        '      hit: ["You did so well."]',
        '      miss: ["It went well."]',
        '',
      ].join('\n'),
    );
    const output = execFileSync(process.execPath, ['scripts/export-patterns.js', '--rg', rules], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    // ripgrep's `(?-u:…)` (ASCII mode) is a plain group to JavaScript.
    const pattern = new RegExp(output.trim().replaceAll('(?-u:', '(?:'), 'i');
    const sentences = ['You did so well.', "You've done so well.", "You 've done so well.", 'You have done so well.'];
    expect(sentences.map((sentence) => [sentence, pattern.test(sentence)])).toEqual([
      ['You did so well.', true],
      ["You've done so well.", true],
      ["You 've done so well.", true],
      ['You have done so well.', false],
    ]);
  });

  test.skipIf(!hasRipgrep)('ripgrep accepts every exported pattern file', () => {
    const text = path.join(dir, 'turn.txt');
    writeFileSync(text, "Therapist: That sounds really hard. You've done so well to get here.\n");
    for (const flag of ['--rg', '--rg-regexes']) {
      const file = path.join(dir, `${flag.slice(2)}.txt`);
      writeFileSync(file, `${exported(flag).join('\n')}\n`);
      const result = spawnSync('rg', ['-i', '-c', '-f', file, text], { encoding: 'utf8' });
      // 0 or 1 (found, or not): 2 is ripgrep refusing a pattern.
      expect({ flag, refused: result.status !== 0 && result.status !== 1, stderr: result.stderr }).toEqual({ flag, refused: false, stderr: '' });
    }
  }, 60_000);
});
