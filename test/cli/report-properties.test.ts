/**
 * Reports read back by `merge` and `diff`, mutated: a field of the wrong type, a key
 * dropped, a session repeated, a huge number, the text cut short, a line repeated, an empty
 * file, a folder in its place. Whatever is wrong, `main()` never throws and never prints a
 * stack trace, no format fails on what was read, and exit 2 comes with one line naming the
 * file (and its line, for a `jsonl` report). Seeded and few runs here; `npm run fuzz -- --runs
 * 2000` draws more.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { serializeModel } from '../../src/model/model-file.js';
import { STACK_TRACE, applyMutations, awkwardValue, mutationArbitrary, propertyRuns, propertySeed, propertyTimeout, type Mutation } from '../helpers/mutate.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

/** Three rules of the synthetic corpus's words, one with the tiny model (so findings carry evidence). */
const RULES = `version: 1
rules:
  - {id: comfort, kind: technique, name: Comfort, severity: info, description: d, rationale: r, match: [{phrase: "must have been"}, {model: tiny.json, id: comfort, threshold: 0.25}], examples: {hit: [That must have been hard.], miss: [Hello.]}}
  - {id: false-hope, kind: pitfall, name: False hope, severity: warning, description: d, rationale: r, match: [{phrase: "everything will be fine"}], examples: {hit: [Everything will be fine.], miss: [Hello.]}}
  - {id: invalidation, kind: pitfall, name: Invalidation, severity: warning, description: d, rationale: r, match: [{phrase: "don't worry"}], examples: {hit: [Don't worry.], miss: [Hello.]}}
`;

/** A session with a finding labelled as intended, a missed label and a suppressed finding. */
const LABELLED = `session: labelled
turns:
  - {speaker: Client, text: I feel awful.}
  - {speaker: Therapist, text: "Don't worry, everything will be fine.", labels: [false-hope]}
  - {speaker: Client, text: Will it pass?}
  - {speaker: Therapist, text: Hello there., labels: [invalidation]}
  - {speaker: Client, text: Maybe.}
  - {speaker: Therapist, text: "Don't worry.", ignore: [{rule: invalidation, reason: scripted}]}
`;

let dir = '';
let report: Record<string, unknown> = {};

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-report-props-'));
  const corpus = writeSyntheticCorpus(path.join(dir, 'corpus'), 4, 8);
  writeFileSync(path.join(dir, 'corpus', 'labelled.yaml'), LABELLED);
  writeFileSync(path.join(dir, 'rules.yaml'), RULES);
  writeFileSync(path.join(dir, 'tiny.json'), serializeModel(TINY_MODEL));
  const run = await runCli(['audit', ...corpus.map((file) => path.relative(dir, file)), 'corpus/labelled.yaml', '--rules', 'rules.yaml', '--no-config', '--no-cache', '-j', '1', '-f', 'json'], { cwd: dir });
  report = JSON.parse(run.stdout) as Record<string, unknown>;
}, 60_000);

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** The report as `jsonl` lines: the head's fields, then each session's. */
function toJsonl(value: unknown): string {
  const whole = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const head = { schemaVersion: whole.schemaVersion, tool: whole.tool, failLevel: whole.failLevel, redacted: whole.redacted };
  const sessions = Array.isArray(whole.sessions) ? whole.sessions : [whole.sessions];
  return sessions.map((session) => `${JSON.stringify(typeof session === 'object' && session !== null && !Array.isArray(session) ? { ...head, ...session } : session)}\n`).join('');
}

/** A change to the text after it is written. */
type TextChange = { kind: 'none' | 'cut' | 'repeat-line' | 'empty' | 'byte-order-mark' | 'folder'; at: number };

function changeText(text: string, change: TextChange): string {
  const lines = text.split('\n');
  if (change.kind === 'cut') return text.slice(0, change.at % (text.length + 1));
  if (change.kind === 'repeat-line') {
    const at = change.at % lines.length;
    return [...lines.slice(0, at), lines[at] ?? '', ...lines.slice(at)].join('\n');
  }
  if (change.kind === 'empty') return '';
  if (change.kind === 'byte-order-mark') return `\ufeff${text}`;
  return text;
}

const KEYS = ['id', 'file', 'format', 'turns', 'counts', 'findings', 'missed', 'suppressed', 'rule', 'kind', 'severity', 'scope', 'turn', 'line', 'match', 'excerpt', 'expected', 'evidence', 'value', 'schemaVersion', 'problems', 'warnings', 'sessions', 'rules', 'x'];

describe('a mutated report read back', () => {
  test('gives exit 2 with one line naming the file (and line, for jsonl), never a throw, a stack trace or a failed format', async () => {
    const shape = fc.constantFrom('json', 'pretty', 'jsonl');
    const change = fc.record({ kind: fc.constantFrom<TextChange['kind']>('none', 'none', 'none', 'cut', 'repeat-line', 'empty', 'byte-order-mark', 'folder'), at: fc.nat() });
    const command = fc.oneof(
      fc.constantFrom('table', 'json', 'jsonl', 'sarif', 'junit', 'github', 'markdown', 'html').chain((format) =>
        fc.subarray(['--strict', '--max-pitfalls=0', '-d', '--redact']).map((flags) => ['merge', '{in}', '--rules', 'rules.yaml', '--no-config', '--no-cache', '--format', `${format}=out/merged.${format}`, ...flags]),
      ),
      fc.constantFrom('table', 'json', 'html').chain((format) => fc.subarray(['--details', '--fail-on-new']).map((flags) => ['diff', 'good.json', '{in}', '--format', `${format}=out/diff.${format}`, ...flags])),
    );
    await fc.assert(
      fc.asyncProperty(shape, fc.array(mutationArbitrary(awkwardValue, KEYS), { maxLength: 3 }), change, command, async (form, mutations: Mutation[], textChange, template) => {
        const cwd = mkdtempSync(path.join(dir, 'run-'));
        const name = form === 'jsonl' ? 'in.jsonl' : 'in.json';
        const mutated = applyMutations(report, mutations);
        const written = form === 'jsonl' ? toJsonl(mutated) : (JSON.stringify(mutated, null, form === 'pretty' ? 2 : undefined) ?? '');
        if (textChange.kind === 'folder') mkdirSync(path.join(cwd, name));
        else writeFileSync(path.join(cwd, name), changeText(written, textChange));
        writeFileSync(path.join(cwd, 'good.json'), JSON.stringify(report));
        for (const file of ['rules.yaml', 'tiny.json']) writeFileSync(path.join(cwd, file), readFileSync(path.join(dir, file)));
        const run = await runCli(template.map((arg) => (arg === '{in}' ? name : arg)), { cwd });
        expect([0, 1, 2]).toContain(run.code);
        expect(run.stderr).not.toMatch(STACK_TRACE);
        expect(run.stderr).not.toMatch(/format failed/);
        expect(readdirSync(cwd).filter((file) => !['in.json', 'in.jsonl', 'good.json', 'rules.yaml', 'tiny.json', 'out'].includes(file))).toEqual([]);
        const own = run.stderr.split('\n').filter((line) => line.startsWith(name));
        // Exit 2 names the file read, unless the report itself lists files that could not be read.
        const carried = (mutated as { problems?: unknown }).problems;
        if (run.code === 2 && !(Array.isArray(carried) && carried.length > 0)) expect(own.length).toBeGreaterThan(0);
        // A jsonl report's problems in what it holds are named by their line.
        if (form === 'jsonl' && template[0] === 'merge' && textChange.kind !== 'folder') for (const line of own) expect(line).toMatch(/^in\.jsonl:\d+(?::\d+)?: /);
        rmSync(cwd, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(40), seed: propertySeed() },
    );
  }, propertyTimeout());
});
