import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { MAX_PATTERN_LENGTH } from '../../src/rules/compile.js';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';

let dir = '';

beforeAll(ensureBuilt, 120_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reassure-bin-rules-'));
  copyFileSync(resolve('samples/panic.txt'), join(dir, 't.txt'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A one-rule file whose single matcher is `matcher` (YAML, one line), with its examples. */
function writeRuleFile(name: string, matcher: string, hit = 'it will be fine'): string {
  const lines = ['version: 1', 'rules:', '  - id: x', '    kind: pitfall', '    name: X', '    severity: warning', '    description: d', '    rationale: r', '    match:', `      - ${matcher}`];
  lines.push('    examples:', `      hit: ['${hit}']`, "      miss: ['nothing here']");
  writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
  return name;
}

describe('bin: rules switched off', { timeout: 60_000 }, () => {
  test('rules list names them, rules explain says they are off', () => {
    writeFileSync(join(dir, 'mine.yaml'), 'version: 1\nextends: default\nrules:\n  - id: education\n    enabled: false\n');
    const list = runBin(['rules', 'list', '--rules', 'mine.yaml'], { cwd: dir });
    expect([list.code, list.stdout.trimEnd().split('\n').at(-1)]).toEqual([0, 'switched off: education']);
    const explain = runBin(['rules', 'explain', 'education', '--rules', 'mine.yaml'], { cwd: dir });
    expect([explain.code, explain.stderr]).toEqual([2, 'rules explain: rule "education" is switched off (`enabled: false` in a rule file, or `disable:` in the config file); switch it on to explain it\n']);
  });
});

describe('bin: rule files that could hang a run are refused at load', { timeout: 60_000 }, () => {
  test.each(['(?:a|a)*b', '(a|aa)*b', '(?:\\w|\\d)*!'])('the regex %s is rejected before any transcript is read', (regex) => {
    const run = runBin(['audit', 't.txt', '--rules', writeRuleFile('rules.yaml', `regex: '${regex}'`)], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: `rules.yaml:10:16: rule "x": regex "${regex}" is rejected: alternatives of a repeated group can match the same text (like "(a|aa)*"), which can take exponential time\n1 problem in the rule file; no transcript was read\n`,
    });
  });

  test('a 5 MB rule file is refused, and --max-rules-size raises the limit', () => {
    const filler = `# ${'padding '.repeat(16)}\n`.repeat(Math.ceil((5 * 1024 * 1024) / 132));
    writeRuleFile('big.yaml', "phrase: 'will be fine'");
    writeFileSync(join(dir, 'big.yaml'), filler, { flag: 'a' });
    const refused = runBin(['audit', 't.txt', '--rules', 'big.yaml'], { cwd: dir });
    expect({ code: refused.code, stderr: refused.stderr }).toEqual({
      code: 2,
      stderr: 'big.yaml:1:1: rule file is too large (5.0 MiB, limit 2.0 MiB; raise it with --max-rules-size)\n1 problem in the rule file; no transcript was read\n',
    });
    const raised = runBin(['audit', 't.txt', '--rules', 'big.yaml', '--max-rules-size', '6MB', '--format', 'json'], { cwd: dir });
    expect({ code: raised.code, stderr: raised.stderr }).toEqual({ code: 0, stderr: '' });
  });

  test('a matcher that compiles to too large a pattern is refused', () => {
    const phrases = Array.from({ length: Math.ceil(MAX_PATTERN_LENGTH / 20) }, (_, i) => `'word${i} other${i}'`);
    const run = runBin(['audit', 't.txt', '--rules', writeRuleFile('wide.yaml', `phrases: [${phrases.join(', ')}]`, 'word0 other0')], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr.replace(/got \d+ characters/, 'got N characters') }).toEqual({
      code: 2,
      stderr: `wide.yaml:10:18: rule "x": phrases compiles to too large a pattern (got N characters, expected at most ${MAX_PATTERN_LENGTH}); split it over several matchers or rules\n1 problem in the rule file; no transcript was read\n`,
    });
  });
});
