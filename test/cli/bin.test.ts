import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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

  test('reads standard input for -', () => {
    const run = runBin(['audit', '-', '--format', 'json'], 'Client: Will I be okay?\nTherapist: Everything will be fine.\n');
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ totals: { counts: { 'false-hope': 1 } } });
  });

  test('--version prints the package version', () => {
    const run = runBin(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
