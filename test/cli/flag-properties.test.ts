/**
 * Random flags and values for every command: negative, non-numeric and huge numbers, empty
 * strings, repeated flags, unknown format names, `name=file` forms with odd paths, a value
 * missing so that the next flag is taken for it. Whatever the combination, `main()` exits
 * 0, 1 or 2, prints no stack trace, writes nothing outside its folder and never takes a flag
 * for a file name. Seeded and few runs here; `npm run fuzz -- --runs 2000` draws more.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STACK_TRACE, propertyRuns, propertySeed, propertyTimeout } from '../helpers/mutate.js';
import { runCli } from '../helpers/run-cli.js';

const RULES = `version: 1
rules:
  - {id: false-hope, kind: pitfall, name: False hope, severity: warning, description: d, rationale: r, match: [{phrase: "everything will be fine"}], examples: {hit: [Everything will be fine.], miss: [Hello.]}}
  - {id: empathy, kind: technique, name: Empathy, severity: info, description: d, rationale: r, match: [{phrase: "sounds hard"}], examples: {hit: [That sounds hard.], miss: [Hello.]}}
`;
const TRANSCRIPT = 'Client: I failed again.\nTherapist: That sounds hard. Everything will be fine.\n';
const LABELLED = 'session: lab\nturns:\n  - {speaker: Client, text: I failed again.}\n  - {speaker: Therapist, text: Everything will be fine., labels: [false-hope]}\n';

/** Values with a meaning to some flag, and the ones that break parsers; paths stay inside the folder. */
const VALUES = [
  '', ' ', '-1', '0', '1', '2', '64', '1e999', '99999999999999999999', '0x10', '1.5', '0.0001', '0.000001', '0.0000009', '1e-9', 'NaN', 'Infinity', 'abc', '-', '--', '--redact', '-d',
  'table', 'json', 'jsonl', 'html', 'sarif', 'junit', 'github', 'markdown', 'yaml', 'json=', '=x', '=', 'json=-', 'json=out/r.json', 'html=sub/', 'html=sub',
  'json=t.txt', 'json=r.yaml', 'sarif=a/b/c/d.sarif', `json=${'deep/'.repeat(40)}r.json`, 'x'.repeat(300), 'json=a\u00e9\u{1f600}.json', 'out.html', 'o.sarif.json', '.json', 'out.xml',
  '1/0', '0/0', '3/2', '-1/2', '0/5', '5MB', '0B', '1 GB', '9999999GB', 'speaker=Who,text=Said', 'speaker=', 'x=y', 'info', 'never', 'warning', 'ERROR',
  'empathy', 'false-hope', 'nope', 'r.yaml', 'nope.yaml', 'other.yaml', '.reassurerc.yaml', 'sub', 'sub/', 't.txt', 'lab.yaml', 'r.json', '**', '*.txt', 'Therapist', 'Client',
];
/** Each command's flags; `--no-config` is left out (the bundled rules are slow to compile this often). */
const FLAGS: Record<string, string[]> = {
  audit: ['-r', '-f', '--format', '-o', '-d', '-q', '--fail-on', '--max-pitfalls', '--strict', '--redact', '--color', '--no-color', '-j', '--rule-time-limit', '--max-rules-size', '--config', '-t', '-c', '--ignore', '--max-file-size', '--columns', '--no-cache'],
  merge: ['-r', '-f', '-o', '-d', '-q', '--fail-on', '--max-pitfalls', '--strict', '--redact', '--max-rules-size', '--config'],
  eval: ['-r', '-f', '--format', '-d', '--min-f1', '--min-precision', '--fold', '--except-fold', '--misses', '--false-alarms', '--by-phrase', '--intervals', '--redact', '--config', '-t', '-c', '--ignore', '--max-file-size', '--columns'],
  diff: ['-f', '--format', '-o', '-d', '--fail-on-new', '--redact', '--config'],
  init: ['--force', '-y'],
  'print-config': ['--json', '-r', '-f', '-o', '-d', '-q', '--fail-on', '--max-pitfalls', '--strict', '--redact', '-j', '--config', '-t', '-c', '--ignore', '--max-file-size', '--columns'],
  'rules list': ['-r', '--config'],
  'rules test': ['-r', '--config'],
  'rules explain': ['-r', '--config'],
  speakers: ['-f', '--format', '--config', '-t', '-c', '--ignore', '--max-file-size', '--columns'],
};
const SWITCHES = new Set(['-d', '-q', '--strict', '--redact', '--color', '--no-color', '--no-cache', '--intervals', '--fail-on-new', '--force', '-y', '--json']);
const OPERANDS = ['t.txt', 'lab.yaml', 'r.json', 'r.yaml', 'sub', 'nope', '-', '*.txt', '', 'empathy', 'false-hope', 'newdir', 'newdir/deeper', '.'];

// A random value may be a path: one starting at the root ("/a") or holding a drive or a
// backslash would name a file outside the test's folder, which `-o` would write.
function isInsideValue(value: string): boolean {
  return !/[/\\:]/.test(value);
}

let outer = '';
let template = '';

/** A folder with a transcript, a labelled one, a rule file, a report of them and a config that names the rule file. */
beforeAll(async () => {
  outer = mkdtempSync(path.join(tmpdir(), 'reassure-flags-'));
  template = path.join(outer, 'template');
  mkdirSync(path.join(template, 'sub'), { recursive: true });
  writeFileSync(path.join(template, 't.txt'), TRANSCRIPT);
  writeFileSync(path.join(template, 'lab.yaml'), LABELLED);
  writeFileSync(path.join(template, 'r.yaml'), RULES);
  writeFileSync(path.join(template, '.reassurerc.yaml'), 'rules: r.yaml\ninclude: [t.txt]\n');
  writeFileSync(path.join(template, 'other.yaml'), 'rules: r.yaml\nformat: [json]\n');
  const report = await runCli(['audit', 't.txt', 'lab.yaml', '-f', 'json', '--no-cache', '-j', '1'], { cwd: template });
  writeFileSync(path.join(template, 'r.json'), report.stdout);
}, 60_000);

afterAll(() => {
  if (outer !== '') rmSync(outer, { recursive: true, force: true });
});

/** A fresh copy of the template, as `p` in a folder of its own. */
function makeFolder(): { root: string; cwd: string } {
  const root = mkdtempSync(path.join(outer, 'run-'));
  const cwd = path.join(root, 'p');
  cpSync(template, cwd, { recursive: true });
  return { root, cwd };
}

describe('random flags and values', () => {
  test('exit 0, 1 or 2, no stack trace, nothing written outside the folder, no flag taken for a file', async () => {
    // `another`: the value is missing, so the command's next flag is taken for it (`-o --redact`).
    const flag = fc.record({ pick: fc.nat(), value: fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 5 }).filter(isInsideValue)), joined: fc.boolean(), another: fc.option(fc.nat(), { freq: 4 }) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...Object.keys(FLAGS)), fc.array(flag, { maxLength: 6 }), fc.array(fc.constantFrom(...OPERANDS), { maxLength: 3 }), async (command, flags, operands) => {
        const { root, cwd } = makeFolder();
        const argv = command.split(' ');
        const known = FLAGS[command] ?? [];
        for (const { pick, value, joined, another } of flags) {
          const name = known[pick % known.length] ?? '--help';
          if (SWITCHES.has(name)) argv.push(name);
          else if (another !== null) argv.push(name, known[another % known.length] ?? '--help');
          else if (joined && name.startsWith('--')) argv.push(`${name}=${value}`);
          else argv.push(name, value);
        }
        argv.push(...operands);
        if (command === 'audit') argv.push('-j', '1');
        const before = readdirSync(process.cwd());
        const run = await runCli(argv, { cwd });
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        expect(readdirSync(root)).toEqual(['p']);
        expect(readdirSync(process.cwd())).toEqual(before);
        expect(readdirSync(cwd).filter((file) => /^--?[a-z]/i.test(file))).toEqual([]);
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(60), seed: propertySeed() },
    );
  }, propertyTimeout());
});
