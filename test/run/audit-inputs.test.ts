import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countWorkers } from '../../src/run/audit-inputs.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-jobs-'));
  writeSyntheticCorpus(path.join(dir, 'corpus'), 30);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), CI: '1' });

describe('--jobs', () => {
  test('json, sarif and table are byte-identical with 1, 2 and 3 threads', () => {
    const outputs = [1, 2, 3].map((jobs) => {
      const out = (format: string): string => path.join(dir, `jobs-${jobs}.${format}`);
      const run = spawnSync(process.execPath, ['bin/reassure.js', 'audit', path.join(dir, 'corpus'), '--jobs', String(jobs), '--format', 'json', '--format', `sarif=${out('sarif')}`, '--format', `table=${out('txt')}`], { encoding: 'utf8', env: env() });
      return { code: run.status, stderr: run.stderr, json: run.stdout, sarif: readFileSync(out('sarif'), 'utf8'), table: readFileSync(out('txt'), 'utf8') };
    });
    expect(outputs[0]?.code).toBe(1);
    expect(JSON.parse(outputs[0]?.json ?? '').sessions).toHaveLength(30);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  }, 180_000);

  test.each([
    ['0', '--jobs: got "0", expected 1 or more\n'],
    ['two', '--jobs: got "two", expected a whole number\n'],
  ])('--jobs %s: one line, exit 2', async (jobs, stderr) => {
    const run = await runCli(['audit', 'samples/', '--jobs', jobs]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr });
  });

  test.each([
    [1, 100, 1],
    [2, 100, 2],
    [4, 20, 2],
    [2, 7, 0],
  ])('%i jobs on %i files: %i worker threads', (jobs, files, workers) => {
    expect(countWorkers(jobs, files)).toBe(workers);
  });
});

describe('audit - with --format jsonl', () => {
  test('writes each session as it completes, while standard input is still open', async () => {
    const child = spawn(process.execPath, ['bin/reassure.js', 'audit', '-', '--format', 'jsonl'], { env: env() });
    const lines: string[] = [];
    const first = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        lines.push(...chunk.toString().split('\n').filter((line) => line !== ''));
        resolve();
      });
    });
    const session = (id: string): string => `${JSON.stringify({ session: id, turns: [{ speaker: 'Client', text: 'Will it pass?' }, { speaker: 'Therapist', text: 'Everything will be fine, I promise.' }] })}\n`;
    child.stdin.write(session('first'));
    await first;
    const beforeEnd = lines.map((line) => (JSON.parse(line) as { id: string }).id);
    child.stdin.end(session('second'));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect({ beforeEnd, all: lines.map((line) => (JSON.parse(line) as { id: string }).id), code }).toEqual({ beforeEnd: ['first'], all: ['first', 'second'], code: 1 });
  }, 60_000);
});

describe('a file too large to read at once (a 64 MB heap: about 3.5 MB)', () => {
  const runSmallHeap = (file: string): { code: number | null; stdout: string; stderr: string } => {
    const run = spawnSync(process.execPath, ['--max-old-space-size=64', path.resolve('bin/reassure.js'), 'audit', file, '--format', 'jsonl'], { encoding: 'utf8', env: env(), cwd: dir });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const padding = 'and then the kettle and the stairs and the letters on the table '.repeat(30);

  test('plain text is refused with one line', () => {
    const turns = Array.from({ length: 4200 }, (_, i) => (i % 2 === 0 ? `Client: ${padding}` : 'Therapist: Tell me more.'));
    writeFileSync(path.join(dir, 'huge.txt'), `${turns.join('\n')}\n`);
    const run = runSmallHeap('huge.txt');
    expect({ code: run.code, stdout: run.stdout, lines: run.stderr.split('\n').length, start: run.stderr.slice(0, 43) }).toEqual({ code: 2, stdout: '', lines: 2, start: 'huge.txt: file is too large to read at once' });
  }, 60_000);

  test('JSON Lines is read session by session', () => {
    const lines = Array.from({ length: 4200 }, (_, i) =>
      JSON.stringify({ session: `s${Math.floor(i / 210)}`, speaker: i % 2 === 0 ? 'Client' : 'Therapist', text: i % 2 === 0 ? padding : 'Everything will be fine, I promise.' }),
    );
    writeFileSync(path.join(dir, 'huge.jsonl'), `${lines.join('\n')}\n`);
    const run = runSmallHeap('huge.jsonl');
    const sessions = run.stdout.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { id: string; turns: number }));
    expect({ code: run.code, stderr: run.stderr, sessions: sessions.length, turns: sessions.reduce((sum, s) => sum + s.turns, 0) }).toEqual({ code: 1, stderr: '', sessions: 20, turns: 4200 });
  }, 60_000);
});
