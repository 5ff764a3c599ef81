import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { ModelFile } from '../../src/model/model-file.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const DATA = 'test/fixtures/model/labelled.yaml';
const RULES = 'test/fixtures/model/rules.yaml';

describe('reassure train', () => {
  let dir: string;
  let first: CliRun;
  let second: CliRun;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    const train = (out: string) => runCli(['train', DATA, '-r', RULES, '--folds', '2', '--data-licence', 'MIT (test fixture)', '-o', path.join(dir, out)]);
    first = await train('a.json');
    second = await train('b.json');
  });

  test('prints the held-out comparison of model, rules and both, and what it wrote', () => {
    expect(first.code).toBe(0);
    expect(first.stderr).toBe('');
    const lines = first.stdout.split('\n');
    expect(lines[0]).toBe('held-out figures, 2-fold cross-validation by transcript (combined: either fires)');
    expect(lines[1]?.split(/\s+/)).toEqual(['id', 'gold', 'model', 'P', 'R', 'F1', 'kappa', 'rules', 'P', 'R', 'F1', 'kappa', 'combined', 'P', 'R', 'F1', 'kappa']);
    expect(lines.slice(2, 5).map((line) => line.split(/\s+/)[0])).toEqual(['comfort', 'promise', 'macro']);
    expect(lines[5]).toBe('');
    expect(lines.slice(6, 8)).toEqual([
      expect.stringMatching(/^fold 0\/2 held out \(\d sessions, \d+ therapist turns\): macro-F1 model \d\.\d\d, rules \d\.\d\d, combined \d\.\d\d$/),
      expect.stringMatching(/^fold 1\/2 held out /),
    ]);
    expect(lines[8]).toMatch(new RegExp(`^wrote ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/a\\.json: 2 classifiers, \\d+ weights, \\d+ KB, from 24 therapist turns$`));
  });

  test('the same data gives byte-identical output and model files', () => {
    expect(second.stdout.replace('b.json', 'a.json')).toBe(first.stdout);
    expect(readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe(readFileSync(path.join(dir, 'a.json'), 'utf8'));
  });

  test('the model file follows schema/model.schema.json and records its provenance', () => {
    const model = JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8')) as ModelFile;
    const validate = new Ajv2020({ allErrors: true }).compile(JSON.parse(readFileSync('schema/model.schema.json', 'utf8')) as object);
    expect(validate(model), JSON.stringify(validate.errors)).toBe(true);
    const { crossValidation, ...provenance } = model.provenance;
    expect(provenance).toEqual({
      tool: { name: 'reassure', version: expect.any(String) as string },
      rules: { name: RULES, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string },
      dataLicence: 'MIT (test fixture)',
      sessions: 8,
      therapistTurns: 24,
      labels: { comfort: 8, promise: 8 },
    });
    // Each session is held out exactly once.
    expect(crossValidation?.perFold.reduce((sum, fold) => sum + fold.sessions, 0)).toBe(8);
    expect(crossValidation?.perFold.reduce((sum, fold) => sum + fold.therapistTurns, 0)).toBe(24);
    expect(crossValidation?.rows.map((row) => [row.id, row.gold])).toEqual([
      ['comfort', 8],
      ['promise', 8],
    ]);
  });

  test('learns what the phrases miss: "tough" is evidence of comfort, "promise" of promise', () => {
    const model = JSON.parse(readFileSync(path.join(dir, 'a.json'), 'utf8')) as ModelFile;
    expect(model.classifiers.comfort?.weights.tough).toBeGreaterThan(0);
    expect(model.classifiers.promise?.weights.promise).toBeGreaterThan(0);
  });
});

test('progress goes to a terminal\'s stderr, and is cleared at the end', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
  let stderr = '';
  const code = await main({
    argv: ['train', DATA, '-r', RULES, '--folds', '2', '-o', path.join(dir, 'm.json')],
    cwd: process.cwd(),
    stdout: { write: () => true },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: true },
    env: {},
  });
  expect(code).toBe(0);
  expect(stderr).toContain('\r\x1b[Kcross-validation: fold 2 of 2');
  expect(stderr).toContain('\r\x1b[Kfitting 2 classifiers on 24 turns');
  expect(stderr.endsWith('\r\x1b[K')).toBe(true);
});

describe('reassure train: usage errors', () => {
  test.each([
    [['--folds', '1'], '--folds: got "1", expected a whole number of folds, 2 or more'],
    [['--folds', 'x'], '--folds: got "x", expected a whole number of folds, 2 or more'],

    // '-' is standard output elsewhere; here it made a file named '-'.
    [['-o', '-'], '--output: got "-", expected a file (the model is not written to standard output, which has the summary)'],
  ])('%j', async (flags, message) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    const run = await runCli(['train', DATA, '-r', RULES, '-o', path.join(dir, 'm.json'), ...flags], { cwd: dir });
    expect({ ...run, files: readdirSync(dir) }).toEqual({ code: 2, stdout: '', stderr: `${message}\n`, files: [] });
  });

  // More folds than transcripts trained the model once a fold, most folds empty: a huge
  // number ran for as long as anyone waited, and the model would record every fold.
  test.each(['9', '99999999999999999999'])('--folds %s, more than the 8 transcripts read', async (folds) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    const run = await runCli(['train', path.resolve(DATA), '-r', path.resolve(RULES), '-o', path.join(dir, 'm.json'), '--folds', folds], { cwd: dir });
    const message = `--folds: got "${folds}", expected 2 to 8 (a fold holds out at least one of the 8 transcripts read)`;
    expect({ ...run, files: readdirSync(dir) }).toEqual({ code: 2, stdout: '', stderr: `${message}\n`, files: [] });
    rmSync(dir, { recursive: true, force: true });
  });

  test('a model that cannot be written is named as a model, not a report', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    writeFileSync(path.join(dir, 'a-file'), '');
    const run = await runCli(['train', path.resolve(DATA), '-r', path.resolve(RULES), '-o', 'a-file/m.json'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr.split('\n').filter((line) => line.startsWith('a-file')) }).toEqual({
      code: 2,
      stderr: ['a-file/m.json: cannot write the model: a parent path is not a directory'],
    });
  });

  test('unlabelled transcripts give nothing to learn from', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    const run = await runCli(['train', 'test/fixtures/ingest/intake.yaml', '-r', RULES, '-o', path.join(dir, 'm.json')]);
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'train: no therapist turn is labelled with a rule id of the rule set; nothing to learn from\n' });
  });
});

describe('reassure train -o beside its transcripts', () => {
  // A folder of coded transcripts is the natural place for its model, and the transcripts are the work of weeks.
  test('a model written into the input folder is not read back as a transcript on the next run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    copyFileSync(DATA, path.join(dir, 'labelled.yaml'));
    const train = () => runCli(['train', '.', '-r', path.resolve(RULES), '-o', 'model.json'], { cwd: dir });
    const first = await train();
    const again = await train();
    expect({ code: again.code, stderr: again.stderr, stdout: again.stdout }).toEqual({ code: 0, stderr: '', stdout: first.stdout });
  });

  test('an output that is a transcript (or any file but a model) is refused and left as it was', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-train-'));
    const transcript = path.join(dir, 'labelled.yaml');
    copyFileSync(DATA, transcript);
    const run = await runCli(['train', '.', '-r', path.resolve(RULES), '-o', 'labelled.yaml'], { cwd: dir });
    expect(run).toEqual({ code: 2, stdout: '', stderr: 'labelled.yaml: exists and is not a reassure model; nothing was written (remove it or write the model to another file)\n' });
    expect(readFileSync(transcript, 'utf8')).toBe(readFileSync(DATA, 'utf8'));
  });
});
