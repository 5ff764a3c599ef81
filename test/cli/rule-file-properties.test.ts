/**
 * Rule files and config files, mutated: whatever is wrong in them, `main()` returns exit
 * code 2 with one line per problem naming `file:line:column`, never throws and never prints
 * a stack trace; the files unmutated run as they always did. Seeded and few runs here;
 * `npm run fuzz -- --runs 2000` draws more.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { serializeModel } from '../../src/model/model-file.js';
import { STACK_TRACE, applyMutations, awkwardValue, mutationArbitrary, propertyRuns, propertySeed, propertyTimeout, type Mutation } from '../helpers/mutate.js';
import { runCli } from '../helpers/run-cli.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

const rule = (fields: Record<string, unknown>): Record<string, unknown> => ({ kind: 'technique', name: 'N', severity: 'info', description: 'd', rationale: 'r', ...fields });

/** A rule set over four files that uses every part of the format, with the tiny model. */
const RULE_FILES: Record<string, unknown> = {
  'index.yaml': {
    version: 1,
    extends: 'base.yaml',
    settings: { 'negation-window': 4 },
    include: ['cues.yaml', 'more.yaml'],
    normalisation: { words: { dunno: "don't know", itz: { to: "it's", before: ['fine'] } }, fillers: ['uhm'], stutter: ['so'], elongation: { enabled: true, double: ['cool'] } },
    rules: [
      rule({
        id: 'comfort',
        match: [{ phrases: ["{that's|that is} tough", 'you {can|will} do it'] }, { cue: 'comfort-words', unless: [{ hedged: true }] }, { model: 'tiny.json', id: 'comfort', threshold: 0.7 }],
        unless: [{ negated: 3 }, { question: true }, { quoted: true }, { phrase: 'not really', before: 2 }, { regex: 'nope', after: 3 }],
        examples: { hit: ["That's tough."], miss: ['Is that tough?'] },
      }),
      rule({
        id: 'dismiss',
        kind: 'pitfall',
        severity: 'warning',
        match: [{ regex: '\\bcalm down\\b' }, { rule: 'base-rule' }],
        context: { client: { within: 2, any: [{ cue: 'feeling' }] }, 'not-client': { within: 1, any: [{ phrase: 'i am fine' }] }, lacks: [{ rule: 'comfort' }], overlap: { within: 1, min: 0, max: 5 } },
        examples: { hit: [{ client: 'I feel awful.', therapist: 'Calm down.' }], miss: ['Hello.'] },
      }),
      rule({
        id: 'leaning',
        kind: 'pitfall',
        severity: 'warning',
        session: { count: { of: ['dismiss'], min: 2 }, share: { of: ['comfort'], min: 0.5, 'min-turns': 2, max: 1 }, sequence: { request: [{ cue: 'request' }], answer: [{ rule: 'comfort' }], min: 2 }, require: 'any' },
        examples: { hit: [[{ client: 'Will I be ok?' }, { therapist: "That's tough." }, { client: 'Will I be ok?' }, { therapist: "That's tough." }]], miss: ['Hello.'] },
      }),
    ],
  },
  'base.yaml': { version: 1, rules: [rule({ id: 'base-rule', kind: 'pitfall', severity: 'warning', enabled: false, match: [{ phrase: 'just relax' }], examples: { hit: ['Just relax.'], miss: ['Hi.'] } })] },
  'cues.yaml': { version: 1, cues: { 'comfort-words': ['it will pass', { regex: 'hang in there' }], feeling: ['i feel {awful|bad}'], request: ['will i be {ok|okay}'] } },
  'more.yaml': { version: 1, rules: [rule({ id: 'more', match: [{ phrase: 'well done' }], examples: { hit: ['Well done.'], miss: ['Hello.'] } })] },
};

/** A config that sets every key, with the rule set above. */
const CONFIG = {
  rules: 'index.yaml',
  severity: { dismiss: 'error' },
  disable: ['more'],
  roles: { therapist: ['Dr. Lee'], client: ['Sam'] },
  include: ['t/'],
  ignore: ['t/drafts/**'],
  format: ['table', 'json=out/r.json'],
  'fail-on': 'warning',
  'max-pitfalls': 3,
  strict: false,
  redact: false,
  details: true,
  'max-file-size': '20MB',
  columns: { speaker: 'Who', text: 'Said' },
  sessions: [{ files: 't/**', therapist: 'Dr. Lee', date: '2026-03-02' }],
};

const TRANSCRIPT = 'Sam: I feel awful, will I be ok?\nDr. Lee: Calm down. That is tough.\nSam: Will I be ok?\nDr. Lee: That is tough, you can do it.\n';

/** Where the rule set, the model and a transcript are written (no config file unless asked). */
function writeProject(root: string, files: Record<string, unknown>, config?: unknown): string {
  const dir = path.join(root, 'project');
  mkdirSync(path.join(dir, 't', 'drafts'), { recursive: true });
  mkdirSync(path.join(dir, 'folder'));
  for (const [name, value] of Object.entries(files)) writeFileSync(path.join(dir, name), typeof value === 'string' ? value : stringify(value));
  writeFileSync(path.join(dir, 'tiny.json'), serializeModel(TINY_MODEL));
  writeFileSync(path.join(dir, 't', 'a.txt'), TRANSCRIPT);
  if (config !== undefined) writeFileSync(path.join(dir, '.reassurerc.yaml'), stringify(config));
  return dir;
}

// Problems name `file:line:column` (a file named by its path may stand alone, with its line);
// the closing line counts them (and says no transcript was read, for audit). A flag's name (`--format: …`) is not a place in a file.
const PROBLEM_LINE = /^(?:[^\s:-][^:]*:\d+:\d+: \S.*|\d+ problems? in the (?:rule|config) file(?:; no transcript was read)?|the configuration names rules that cannot be changed(?:; no transcript was read)?)$/;
const CONFIG_LINE = /^(?:[^\s:-][^:]*(?::\d+){0,2}: \S.*|audit: name the transcripts .*|\d+ problems? in the (?:rule|config) file(?:; no transcript was read)?|the configuration names rules that cannot be changed(?:; no transcript was read)?)$/;

const roots: string[] = [];
function makeRoot(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'reassure-props-'));
  roots.push(root);
  return root;
}

afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** What a run may never show, whatever its input, and that it wrote nowhere but its folder. */
function expectContained(run: { code: number; stderr: string }, root: string, before: string[]): void {
  expect([0, 1, 2]).toContain(run.code);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(readdirSync(root)).toEqual(['project']);
  expect(readdirSync(process.cwd())).toEqual(before);
}

const KEYS = ['id', 'kind', 'match', 'unless', 'context', 'session', 'phrase', 'regex', 'cue', 'rule', 'model', 'threshold', 'before', 'negated', 'include', 'extends', 'x', 'a\nb', 'fail_on'];
// Whole files replaced: a folder, a missing file, the index itself, a file twice.
const INCLUDES = [['folder'], ['missing.yaml'], ['index.yaml'], ['cues.yaml', 'cues.yaml'], ['cues.yaml', 'more.yaml', 'a\u0000b.yaml'], ['folder/../cues.yaml', 'more.yaml']];

describe('a mutated rule set', () => {
  test('unmutated, it loads and audits as it always did', async () => {
    const dir = writeProject(makeRoot(), RULE_FILES);
    const list = await runCli(['rules', 'list', '--rules', 'index.yaml', '--no-config'], { cwd: dir });
    const audit = await runCli(['audit', 't/a.txt', '--rules', 'index.yaml', '--no-config', '--no-cache', '-j', '1', '-t', 'Dr. Lee', '-c', 'Sam', '-f', 'json'], { cwd: dir });
    const report = JSON.parse(audit.stdout) as { totals: { counts: Record<string, number> } };
    expect({ list: [list.code, list.stderr, list.stdout.split('\n').slice(1, -1).map((line) => line.split(/\s+/)[0])], audit: [audit.code, audit.stderr, report.totals.counts] }).toEqual({
      // Techniques first; "Calm down" is no dismissal in a turn that also comforts (`lacks`).
      list: [0, '', ['comfort', 'more', 'dismiss', 'leaning']],
      audit: [1, '', { comfort: 2, dismiss: 0, leaning: 1, more: 0 }],
    });
  });

  test('gives exit 2 and one line per problem at file:line:column, never a throw or a stack trace', async () => {
    const files = fc.constantFrom(...Object.keys(RULE_FILES));
    const include = fc.option(fc.constantFrom(...INCLUDES), { freq: 4 });
    const command = fc.constantFrom('list', 'list', 'audit');
    await fc.assert(
      fc.asyncProperty(files, fc.array(mutationArbitrary(awkwardValue, KEYS), { minLength: 1, maxLength: 3 }), include, command, async (file, mutations: Mutation[], includes, which) => {
        const root = makeRoot();
        const mutated = { ...RULE_FILES, [file]: applyMutations(RULE_FILES[file], mutations) };
        if (includes !== null) mutated['index.yaml'] = { ...(RULE_FILES['index.yaml'] as object), include: includes };
        const dir = writeProject(root, mutated);
        const before = readdirSync(process.cwd());
        const argv = which === 'list' ? ['rules', 'list', '--rules', 'index.yaml', '--no-config'] : ['audit', 't/a.txt', '--rules', 'index.yaml', '--no-config', '--no-cache', '-j', '1'];
        const run = await runCli(argv, { cwd: dir });
        expectContained(run, root, before);
        if (run.code === 2) for (const line of run.stderr.trimEnd().split('\n')) expect(line).toMatch(PROBLEM_LINE);
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(40), seed: propertySeed() },
    );
  }, propertyTimeout());
});

describe('a mutated config file', () => {
  const keys = [...Object.keys(CONFIG), 'therapist', 'files', 'date', 'fail_on', 'x', 'a\nb'];
  test('gives exit 2 and one line per problem naming the file, never a throw or a stack trace', async () => {
    const command = fc.constantFrom(['audit', '--no-cache', '-j', '1'], ['print-config'], ['print-config', '--json'], ['rules', 'list'], ['audit', '--no-cache', '-j', '1', '--config', '.reassurerc.yaml']);
    await fc.assert(
      fc.asyncProperty(fc.array(mutationArbitrary(awkwardValue, keys), { minLength: 1, maxLength: 3 }), command, async (mutations: Mutation[], argv) => {
        const root = makeRoot();
        const dir = writeProject(root, RULE_FILES, applyMutations(CONFIG, mutations));
        const before = readdirSync(process.cwd());
        const run = await runCli([...argv], { cwd: dir });
        expectContained(run, root, before);
        if (run.code === 2) for (const line of run.stderr.trimEnd().split('\n')) expect(line).toMatch(CONFIG_LINE);
        rmSync(root, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(40), seed: propertySeed() },
    );
  }, propertyTimeout());
});
