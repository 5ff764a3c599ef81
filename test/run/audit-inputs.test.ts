import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditInputs, countEarlyWorkers, countWorkers, MIN_BYTES_PER_WORKER } from '../../src/run/audit-inputs.js';
import { summarizeRules } from '../../src/rules/compile.js';
import { loadRuleSetCached } from '../../src/rules/rule-cache.js';
import { DEFAULT_RULES_PATH } from '../../src/rules/load.js';
import { runCli } from '../helpers/run-cli.js';
import { writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-jobs-'));
  writeSyntheticCorpus(path.join(dir, 'corpus'), 30);
  // Enough input (30 files of 400 turns, about 0.9 MB) for three threads to be worth starting.
  writeSyntheticCorpus(path.join(dir, 'long'), 30, 400);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const env = (): NodeJS.ProcessEnv => ({ ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), CI: '1' });

describe('--jobs', () => {
  test('json, sarif and table are byte-identical with 1, 2 and 3 threads', () => {
    const outputs = [1, 2, 3].map((jobs) => {
      const out = (format: string): string => path.join(dir, `jobs-${jobs}.${format}`);
      const run = spawnSync(process.execPath, ['bin/reassure.js', 'audit', path.join(dir, 'long'), '--jobs', String(jobs), '--format', `json=${out('json')}`, '--format', `sarif=${out('sarif')}`, '--format', `table=${out('txt')}`], { encoding: 'utf8', env: env() });
      return { code: run.status, stderr: run.stderr, json: readFileSync(out('json'), 'utf8'), sarif: readFileSync(out('sarif'), 'utf8'), table: readFileSync(out('txt'), 'utf8') };
    });
    expect(outputs[0]?.code).toBe(1);
    expect(JSON.parse(outputs[0]?.json ?? '').sessions).toHaveLength(30);
    expect(outputs[1]).toEqual(outputs[0]);
    expect(outputs[2]).toEqual(outputs[0]);
  }, 180_000);

  test.each([
    ['0', '--jobs: got "0", expected a whole number of threads, 1 or more\n'],
    ['two', '--jobs: got "two", expected a whole number of threads, 1 or more\n'],
  ])('--jobs %s: one line, exit 2', async (jobs, stderr) => {
    const run = await runCli(['audit', 'samples/', '--jobs', jobs]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr });
  });

  test.each([
    [1, 10 * MIN_BYTES_PER_WORKER, 0],
    [2, 10 * MIN_BYTES_PER_WORKER, 1],
    [4, 2.5 * MIN_BYTES_PER_WORKER, 2],
    [4, 10 * MIN_BYTES_PER_WORKER, 3],
    [2, MIN_BYTES_PER_WORKER - 1, 0],
  ])('%i jobs on %i bytes: %i worker threads beside the main one', (jobs, bytes, workers) => {
    expect(countWorkers(jobs, bytes)).toBe(workers);
  });

  test.each([
    ['a directory (its workers start after discovery)', ['long'], 2, 0],
    ['a glob', ['long/*.txt'], 2, 0],
    ['small named files', ['corpus/session-000.txt', 'corpus/session-001.yaml'], 2, 0],
    ['named files of enough bytes', ['long/session-000.txt', 'long/session-001.yaml', 'long/session-002.jsonl', 'long/session-003.txt', 'long/session-004.yaml', 'long/session-005.jsonl', 'long/session-006.txt', 'long/session-007.yaml', 'long/session-008.jsonl', 'long/session-009.txt'], 2, 1],
    ['a missing file (not a glob)', ['corpus/missing.txt'], 2, 0],
    ['a path through a file', ['corpus/session-000.txt/inside.txt'], 2, 0],
    ['standard input', ['-'], 2, 0],
  ])('before discovery, %s: %i worker threads started early', (_, inputs, jobs, workers) => {
    expect(countEarlyWorkers(inputs, dir, jobs)).toBe(workers);
  });

  test.each([
    ['a small directory', (): string[] => [path.join(dir, 'corpus')]],
    ['rules that fail to load (the workers started early are stopped)', (): string[] => [...readdirSync(path.join(dir, 'long')).map((name) => path.join(dir, 'long', name)), '--rules', path.join(dir, 'missing-rules.yaml')]],
  ])('--jobs 2 on %s: the same output and exit code as --jobs 1, and the process ends', (_, args) => {
    const [one, two] = [1, 2].map((jobs) => {
      const run = spawnSync(process.execPath, ['bin/reassure.js', 'audit', ...args(), '--format', 'json', '--jobs', String(jobs)], { encoding: 'utf8', env: env(), timeout: 60_000 });
      return { code: run.status, stdout: run.stdout, stderr: run.stderr };
    });
    expect(two).toEqual(one);
    expect(one?.code).not.toBeNull();
  }, 120_000);
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
    // The report has no session, only the file's problem line.
    const records = run.stdout.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as { type: string; file: string });
    expect({ code: run.code, records: records.map(({ type, file }) => ({ type, file })), lines: run.stderr.split('\n').length, start: run.stderr.slice(0, 43) }).toEqual({
      code: 2,
      records: [{ type: 'problem', file: 'huge.txt' }],
      lines: 2,
      start: 'huge.txt: file is too large to read at once',
    });
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

describe('problems met by any thread', () => {
  test('empty, binary and unparsable files among good ones give the same outcomes, in order, with 1 and 2 threads', async () => {
    const mixed = path.join(dir, 'mixed');
    writeSyntheticCorpus(mixed, 12, 40);
    // Sorted among the good files, so both threads (and this thread's read-ahead) meet some.
    writeFileSync(path.join(mixed, 'a-empty.txt'), '');
    writeFileSync(path.join(mixed, 'm-binary.txt'), Buffer.from([0, 159, 146, 150, 0, 0, 1, 2]));
    writeFileSync(path.join(mixed, 'n-broken.yaml'), 'session: [unclosed\n  turns: {\n');
    writeFileSync(path.join(mixed, 'z-empty.yaml'), '\n');
    const loaded = loadRuleSetCached(DEFAULT_RULES_PATH, process.cwd(), undefined);
    if (!loaded.ok) throw new Error('the bundled rules do not load');
    const read = { cwd: dir, roles: { therapist: [], client: [] }, maxBytes: 10 * 1024 * 1024 };
    const ruleSource = { snapshot: loaded.snapshot, cwd: process.cwd(), overrides: { severity: {}, disable: [] } };
    const run = async (jobs: number): Promise<unknown[]> => {
      const delivered: unknown[] = [];
      await auditInputs({ inputs: [mixed], read, ruleSet: loaded.ruleSet, rules: summarizeRules(loaded.ruleSet), ruleSource, jobs, minBytesPerWorker: 1 }, (outcome) => {
        delivered.push(outcome);
      });
      return delivered;
    };
    const one = await run(1);
    const problems = one.flatMap((outcome) => (outcome as { problems: { file: string }[] }).problems.map((problem) => problem.file));
    expect(problems).toEqual(['mixed/a-empty.txt', 'mixed/m-binary.txt', 'mixed/n-broken.yaml', 'mixed/z-empty.yaml']);
    expect(await run(2)).toEqual(one);
  }, 60_000);
});

describe('the time guard on the first file', () => {
  const read = { cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 10 * 1024 * 1024 };

  test('stops the run, naming the file and the slowest rule, when a rule spends longer than the limit', async () => {
    const loaded = loadRuleSetCached(DEFAULT_RULES_PATH, process.cwd(), undefined);
    if (!loaded.ok) throw new Error('the bundled rules do not load');
    let clock = 0;
    const delivered: { sessions: number; problems: string[] }[] = [];
    // A clock that moves a second on every reading: each rule "spends" a second per turn.
    await auditInputs(
      { inputs: ['samples/grief.yaml', 'samples/panic.txt'], read, ruleSet: loaded.ruleSet, rules: summarizeRules(loaded.ruleSet), ruleSource: { snapshot: loaded.snapshot, cwd: process.cwd(), overrides: { severity: {}, disable: [] } }, jobs: 1, ruleTimeLimitMs: 5000, now: () => (clock += 1000) },
      (outcome) => {
        delivered.push({ sessions: outcome.sessions.length, problems: outcome.problems.map((problem) => `${problem.file}: ${problem.message}`) });
      },
    );
    // The first file's report is handed on, then the problem; the second file is never audited.
    expect(delivered).toHaveLength(2);
    expect(delivered[0]).toEqual({ sessions: 1, problems: [] });
    expect(delivered[1]?.sessions).toBe(0);
    expect(delivered[1]?.problems).toHaveLength(1);
    expect(delivered[1]?.problems[0]).toMatch(/^samples\/grief\.yaml: rule "[a-z-]+" took \d+\.0 s on this first file \(limit 5\.0 s\); one of its patterns may backtrack badly: fix it, or raise --rule-time-limit; no further file was audited$/);
  });

  // `--rule-time-limit 0.0001` read "took 0.0 s on this first file (limit 0.0 s)".
  test.each([
    { limitMs: 0.1, tick: 0.25, pattern: /took (\d+\.\d) ms on this first file \(limit (0\.1) ms\)/ },
    { limitMs: 0.001, tick: 0.25, pattern: /took (\d+\.\d{3}) ms on this first file \(limit (0\.001) ms\)/ },
    { limitMs: 1000, tick: 1000.25, pattern: /took (\d+\.\d+) s on this first file \(limit (1\.0) s\)/ },
  ])('a limit of $limitMs ms is shown, as the time taken, in a unit and with the decimals that tell them apart', async ({ limitMs, tick, pattern }) => {
    const loaded = loadRuleSetCached(DEFAULT_RULES_PATH, process.cwd(), undefined);
    if (!loaded.ok) throw new Error('the bundled rules do not load');
    let clock = 0;
    const problems: string[] = [];
    await auditInputs(
      { inputs: ['samples/grief.yaml', 'samples/panic.txt'], read, ruleSet: loaded.ruleSet, rules: summarizeRules(loaded.ruleSet), jobs: 1, ruleTimeLimitMs: limitMs, now: () => (clock += tick) },
      (outcome) => {
        problems.push(...outcome.problems.map((problem) => problem.message));
      },
    );
    const [, took = '', limit = ''] = pattern.exec(problems.join('\n')) ?? [];
    expect(Number(took)).toBeGreaterThan(Number(limit));
    expect(Number(limit)).toBeGreaterThan(0);
  });

  test('--rule-time-limit: a tiny limit stops the run with one line and a complete report, exit 2; a bad value is a usage error', async () => {
    const stopped = await runCli(['audit', 'samples/grief.yaml', 'samples/panic.txt', '--rule-time-limit', '0.000001', '--format', 'json']);
    expect(stopped.code).toBe(2);
    expect(stopped.stderr).toMatch(/^samples\/grief\.yaml: rule "[a-z-]+" took [\d.]+ ms on this first file \(limit 0\.001 ms\); .* no further file was audited\n$/);
    const report = JSON.parse(stopped.stdout) as { sessions: { file: string }[]; problems: unknown[] };
    expect({ files: report.sessions.map((session) => session.file), problems: report.problems.length }).toEqual({ files: ['samples/grief.yaml'], problems: 1 });
    const bad = await runCli(['audit', 'samples/grief.yaml', '--rule-time-limit', 'soon']);
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({ code: 2, stderr: '--rule-time-limit: got "soon", expected a number of seconds from 0.000001 up, such as 10 or 2.5\n' });
    // Below a microsecond the limit shows as 0 in any sensible number of decimals.
    const tiny = await runCli(['audit', 'samples/grief.yaml', '--rule-time-limit', '0.0000009']);
    expect({ code: tiny.code, stderr: tiny.stderr }).toEqual({ code: 2, stderr: '--rule-time-limit: got "0.0000009", expected a number of seconds from 0.000001 up, such as 10 or 2.5\n' });
  });
});
