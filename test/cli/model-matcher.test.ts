import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import type { ModelFile } from '../../src/model/model-file.js';
import type { JsonFinding } from '../../src/format/json.js';
import { runCli } from '../helpers/run-cli.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

/** The part of the JSON report these tests read. */
interface JsonReport {
  sessions: { findings: JsonFinding[] }[];
}

const BASE_RULES = path.resolve('test/fixtures/model/rules.yaml');

// A synthetic session: turn 2 says "tough" (which only the model knows), turn 4 the phrase.
const TRANSCRIPT = `session: model-audit
turns:
  - speaker: Client
    text: I am so tired.
  - speaker: Therapist
    text: I hear you. It must be so tough right now.
  - speaker: Client
    text: Yes.
  - speaker: Therapist
    text: That sounds hard.
`;

const rulesUsing = (model: string, extra = ''): string => `version: 1
extends: ${JSON.stringify(BASE_RULES)}
rules:
  - id: comfort
    match:
      - phrase: "that sounds hard"
      - model: ${model}
        id: comfort${extra}
`;

describe('the model matcher in audit', () => {
  let dir: string;
  const audit = (...flags: string[]) => runCli(['audit', path.join(dir, 'session.yaml'), '-r', path.join(dir, 'rules.yaml'), ...flags]);
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reassure-model-audit-'));
    const trained = await runCli(['train', 'test/fixtures/model/labelled.yaml', '-r', BASE_RULES, '-o', path.join(dir, 'comfort.json')]);
    expect(trained.code).toBe(0);
    writeFileSync(path.join(dir, 'session.yaml'), TRANSCRIPT);
    writeFileSync(path.join(dir, 'rules.yaml'), rulesUsing('comfort.json'));
  });

  test('finds the turn the phrase misses, with the score and the features behind it', async () => {
    const run = await audit('-f', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as JsonReport;
    const findings = report.sessions[0]?.findings ?? [];
    expect(findings.map((f) => [f.turn, f.rule, f.evidence === undefined])).toEqual([
      [2, 'comfort', false],
      [4, 'comfort', true],
    ]);
    const evidence = findings[0]?.evidence;
    const model = JSON.parse(readFileSync(path.join(dir, 'comfort.json'), 'utf8')) as ModelFile;
    expect(evidence?.model).toBe('comfort.json');
    expect(evidence?.threshold).toBe(model.classifiers.comfort?.threshold);
    expect(evidence?.score).toBeGreaterThanOrEqual(evidence?.threshold ?? 1);
    expect(evidence?.features.map((item) => item.feature)).toContain('tough');
    // The match is the strongest n-gram of the turn that the model weighs for the rule.
    expect(findings[0]?.match.text.toLowerCase()).toBe(evidence?.features.find((item) => item.weight > 0 && !item.feature.includes(':'))?.feature);
    const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')) as object);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  test('--details and SARIF messages show the evidence', async () => {
    const details = await audit('-d');
    expect(details.stdout).toMatch(/turn 2 {2}comfort {2}"It must be so tough right now\." {2}\(model 0\.\d\d >= 0\.\d\d: .*tough \+\d\.\d\d.*\)\n/);
    const sarif = await audit('-f', 'sarif');
    expect(sarif.stdout).toMatch(/"text": "Comforting, turn 2: .*\(model 0\.\d\d >= 0\.\d\d: .*tough \+/);
  });

  test('--redact leaves out every transcript word, evidence features included', async () => {
    for (const format of ['json', 'table', 'sarif', 'markdown']) {
      const run = await audit('--redact', '-d', '-f', format);
      expect(run.code).toBe(0);
      for (const word of ["tired", "hear", "tough", "right", "must"]) expect(run.stdout.toLowerCase(), `${format}: ${word}`).not.toContain(word);
    }
    const json = JSON.parse((await audit('--redact', '-f', 'json')).stdout) as JsonReport;
    const evidence = json.sessions[0]?.findings[0]?.evidence;
    expect(evidence?.features.every((item) => item.feature.startsWith('rule:'))).toBe(true);
  });

  test('rules explain shows the matcher and the model\'s strongest features', async () => {
    const run = await runCli(['rules', 'explain', 'comfort', '-r', path.join(dir, 'rules.yaml')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  - model comfort.json, classifier comfort (fires on turns the other matchers miss)\n');
    expect(run.stdout).toMatch(/Strongest features of model comfort\.json \(comfort\):\n {2}- threshold 0\.\d+, bias -?\d\.\d+, \d+ weights\n {2}- for: "[^"]+" \+\d/);
  });

  test('a threshold on the matcher overrides the trained one', async () => {
    writeFileSync(path.join(dir, 'strict.yaml'), rulesUsing('comfort.json', '\n        threshold: 1'));
    const run = await runCli(['audit', path.join(dir, 'session.yaml'), '-r', path.join(dir, 'strict.yaml'), '-f', 'json']);
    expect((JSON.parse(run.stdout) as JsonReport).sessions[0]?.findings.map((f) => f.turn)).toEqual([4]);
  });
});

describe('a model file that cannot be used stops the run before any transcript is read', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-model-bad-'));
  writeFileSync(path.join(dir, 'session.yaml'), TRANSCRIPT);
  test.each([
    ['corrupt.json', '{"format": "reassure-mo', /corrupt\.json: not a model file: /],
    ['old.json', JSON.stringify({ format: 'reassure-model', version: 0 }), /old\.json: model file version 0 is not supported \(expected 1\)/],
    ['absent.json', undefined, /absent\.json: cannot read model file: no such file$/],
    // A bare name is looked up among the models shipped with the package.
    ['no-such-model', undefined, /bundled model "no-such-model": cannot read model file: no such file$/],
    // It gave Node's codes: "cannot read model file (EISDIR)", "(ERR_INVALID_ARG_VALUE)".
    ['folder.json', 'a folder', /folder\.json: cannot read model file: is a directory, not a file$/],
    ['"nul\\0.json"', undefined, /nul\\u0000\.json: cannot read model file: a file name cannot hold a NUL character$/],
  ])('%s', async (name, text, message) => {
    if (text === 'a folder') mkdirSync(path.join(dir, name));
    else if (text !== undefined) writeFileSync(path.join(dir, name), text);
    writeFileSync(path.join(dir, 'rules.yaml'), rulesUsing(name));
    const run = await runCli(['audit', path.join(dir, 'session.yaml'), '-r', path.join(dir, 'rules.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/rules\.yaml:7:16: rule "comfort": /);
    expect(lines[0]).toMatch(message);
    expect(lines[1]).toBe('1 problem in the rule file; no transcript was read');
  });

  test.each([
    ['a model matcher in context', `version: 1
extends: ${JSON.stringify(BASE_RULES)}
rules:
  - id: comfort
    context:
      has:
        - model: m.json
          id: comfort
`, 'a model matcher goes in the rule\'s "match" (it scores the therapist turn)'],
    ['id without model', `version: 1
extends: ${JSON.stringify(BASE_RULES)}
rules:
  - id: comfort
    match:
      - phrase: "hard"
        id: comfort
`, '"id" goes with "model"'],
  ])('%s', async (_, rules, message) => {
    writeFileSync(path.join(dir, 'misplaced.yaml'), rules);
    const run = await runCli(['audit', path.join(dir, 'session.yaml'), '-r', path.join(dir, 'misplaced.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

// The README's example named a cue no rule set has (`normalizing-phrases`): copied as it
// stands, it was refused with `unknown cue`.
describe("README's model matcher example", () => {
  test('loads as written, beside a model with its classifier', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /```yaml\n((?:(?!```)[\s\S])*?model: models\/service\.json[\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-readme-model-'));
    try {
      mkdirSync(path.join(dir, 'models'));
      const { comfort } = TINY_MODEL.classifiers;
      writeFileSync(path.join(dir, 'models', 'service.json'), JSON.stringify({ ...TINY_MODEL, classifiers: { normalizing: comfort } }));
      writeFileSync(path.join(dir, 'rules.yaml'), block ?? '');
      const run = await runCli(['rules', 'list', '--no-config', '-r', 'rules.yaml'], { cwd: dir });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
