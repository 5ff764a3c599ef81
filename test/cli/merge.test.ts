import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';

let dir = '';
let files: string[] = [];

/** Runs the built bin/reassure.js with its own rule cache folder. */
function runBin(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/reassure.js', ...args], { encoding: 'utf8', input, env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-merge-'));
  files = [...writeSyntheticCorpus(path.join(dir, 'corpus'), 14), ...['anxiety-intake.yaml', 'exam-stress.yaml', 'grief.yaml', 'panic.txt', 'reassurance-seeking.txt'].map((name) => path.resolve('samples', name))];
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reassure merge', () => {
  test('four shards audited in four processes and merged equal the whole run (json from json, json from jsonl)', () => {
    const whole = runBin(['audit', ...files, '--format', 'json', '--jobs', '1']);
    const shards = [0, 1, 2, 3].map((k) => files.filter((_, i) => Math.floor((i * 4) / files.length) === k));
    const parts = shards.map((shard, k) => {
      const run = runBin(['audit', ...shard, '--format', `json=${path.join(dir, `part-${k}.json`)}`, '--format', `jsonl=${path.join(dir, `part-${k}.jsonl`)}`]);
      return run.code;
    });
    const fromJson = runBin(['merge', ...shards.map((_, k) => path.join(dir, `part-${k}.json`)), '--format', 'json']);
    const jsonl = shards.map((_, k) => readFileSync(path.join(dir, `part-${k}.jsonl`), 'utf8')).join('');
    const fromJsonl = runBin(['merge', '--format', 'json'], jsonl);
    expect(whole.code).toBe(1);
    expect({ parts, merged: [fromJson.code, fromJsonl.code], stderr: [fromJson.stderr, fromJsonl.stderr] }).toEqual({ parts: [1, 1, 1, 1], merged: [1, 1], stderr: ['', ''] });
    expect(fromJson.stdout).toBe(whole.stdout);
    expect(fromJsonl.stdout).toBe(whole.stdout);
  }, 120_000);

  test('merging into another format gives that format of the whole run', async () => {
    const whole = await runCli(['audit', 'samples/', '--format', 'jsonl']);
    const table = await runCli(['audit', 'samples/']);
    const merged = await runCli(['merge', '-'], { stdin: whole.stdout });
    expect({ code: merged.code, stdout: merged.stdout }).toEqual({ code: table.code, stdout: table.stdout });
  }, 60_000);

  test.each([
    ['not JSON', 'hello\n', '-: not a JSON or JSON Lines report: '],
    ['another schema version', '{"schemaVersion": 9, "id": "a"}\n', '-:1: not a reassure report of this version (got schemaVersion 9, expected 1)'],
    ['a line without counts', '{"schemaVersion": 1, "id": "a", "file": "a.txt", "format": "text", "turns": 1, "therapistTurns": 1, "reassuranceShare": 0, "findings": []}\n', '-:1: not a reassure report (got nothing, expected counts)'],
    ['other rules', '{"schemaVersion": 1, "id": "a", "file": "a.txt", "format": "text", "turns": 1, "therapistTurns": 1, "reassuranceShare": 0, "counts": {"empathy": 0}, "findings": []}\n', '-: made with other rules (got empathy, expected '],
  ])('%s: one line, exit 2', async (_name, stdin, message) => {
    const run = await runCli(['merge'], { stdin });
    expect({ code: run.code, lines: run.stderr.split('\n').length, start: run.stderr.slice(0, message.length) }).toEqual({ code: 2, lines: 2, start: message });
  }, 30_000);

  test('a missing report file is one line, exit 2', async () => {
    writeFileSync(path.join(dir, 'empty.jsonl'), '');
    const run = await runCli(['merge', path.join(dir, 'empty.jsonl'), path.join(dir, 'missing.json')]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `${path.relative(process.cwd(), path.join(dir, 'missing.json'))}: no such file or directory\n` });
  }, 30_000);
});
