import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';

/** Runs the real bin/reassure.js on the built package, as a user would. */
function runBin(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/reassure.js', ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('bin/reassure.js', { timeout: 30_000 }, () => {
  beforeAll(() => {
    // `npm test` builds first; a bare `vitest` run may not have.
    if (!existsSync('dist/cli/main.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  }, 120_000);

  test('exit 0: a clean transcript', () => {
    const run = runBin(['audit', 'test/fixtures/cli/clean.yaml']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Providing empathy');
    expect(run.stdout).not.toContain('\u001b[');
  });

  test('exit 1: pitfalls at the default fail level, in the samples', () => {
    const run = runBin(['audit', 'samples/']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Creating false hope');
  });

  test('exit 2: a missing input, one line, no stack trace', () => {
    const run = runBin(['audit', 'missing.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('missing.yaml: no such file or directory\n');
  });

  // It printed an internal error with a stack trace, and the code cache's write crashed the process after the run.
  test('a cache home that is a file: the run works without a cache', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-cache-file-'));
    const file = path.join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    try {
      const result = spawnSync(process.execPath, ['bin/reassure.js', 'audit', 'test/fixtures/cli/clean.yaml', '--format', 'json'], {
        encoding: 'utf8',
        env: { ...process.env, XDG_CACHE_HOME: file },
      });
      expect({ code: result.status, stderr: result.stderr, sessions: (JSON.parse(result.stdout) as { sessions: unknown[] }).sessions.length }).toEqual({ code: 0, stderr: '', sessions: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--strict: a labelled pitfall no longer found is an ::error annotation and exit 1', () => {
    const run = runBin(['audit', 'test/fixtures/cli/missed.yaml', '--strict', '--format', 'github']);
    expect(run).toEqual({
      code: 1,
      stdout: '::error file=test/fixtures/cli/missed.yaml,line=6,title=Labelled pitfall not found (false-hope)::turn 2 is labelled false-hope, which the rules no longer find\n',
      stderr: 'strict: a labelled pitfall is no longer found (see "missed"); the run fails\n',
    });
  });

  test('reads standard input for -', () => {
    const run = runBin(['audit', '-', '--format', 'json'], 'Client: Will I be okay?\nTherapist: Everything will be fine.\n');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ totals: { counts: { 'false-hope': 1 } } });
  });

  // Loaded into the child with --import: lists on standard error, at exit, the modules asked about.
  const LIST_MODULES = `data:text/javascript,${encodeURIComponent(
    "process.on('exit', () => process.stderr.write(JSON.stringify(process.moduleLoadList.filter((name) => /^NativeModule (crypto|worker_threads|child_process)$/.test(name)))));",
  )}`;

  // A warm start finds its caches by the size and time of their files: it hashes nothing, and starts no thread or process.
  test('a warm audit of one small file loads no crypto, worker threads or child processes', async () => {
    const cache = mkdtempSync(path.join(tmpdir(), 'reassure-warm-'));
    // The code of a bundle built in the last two seconds is checked by its hash.
    const age = Date.now() - statSync('dist/bin/reassure.cjs').mtimeMs;
    if (age < 2500) await new Promise((resolve) => setTimeout(resolve, 2500 - age));
    const audit = () => spawnSync(process.execPath, [`--import=${LIST_MODULES}`, 'bin/reassure.js', 'audit', 'samples/grief.yaml'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cache } });
    try {
      const cold = audit();
      const warm = audit();
      expect({ cold: cold.status, warm: [warm.status, JSON.parse(warm.stderr)] }).toEqual({ cold: 1, warm: [1, []] });
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  test('--version prints the package version', () => {
    const run = runBin(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
