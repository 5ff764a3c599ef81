import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

describe('npm run eval:dev (scripts/eval-dev.js)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-dev-'));
  beforeAll(() => {
    // `npm test` builds first; a bare `vitest` run may not have.
    if (!existsSync('dist/cli/main.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('without a development set or a silver hold-out: says so, measures the blind set alone and exits 0', () => {
    const missing = path.join(dir, 'no-dev-set');
    const noSilver = path.join(dir, 'no-silver');
    const result = spawnSync(process.execPath, ['scripts/eval-dev.js', '--misses', 'empathy'], {
      encoding: 'utf8',
      env: { ...process.env, REASSURE_DEV_DATA: missing, REASSURE_SILVER_DATA: noSilver, NO_COLOR: '1' },
    });
    expect(result.status).toBe(0);
    const sections = result.stdout.split('\n').filter((line) => line.startsWith('== ') || line.startsWith('rule  '));
    expect({ first: result.stdout.split('\n').slice(0, 2), sections, stderr: result.stderr }).toEqual({
      first: [
        `eval:dev: no development set at ${missing} (set REASSURE_DEV_DATA to point at one); not measuring its folds.`,
        `eval:dev: no second coder's hold-out at ${noSilver} (set REASSURE_SILVER_DATA to point at one); not measuring it.`,
      ],
      sections: [
        '== Blind-written synthetic set (test/fixtures/holdout/blind) ==',
        expect.stringMatching(/^rule +scope +gold/) as string,
        expect.stringMatching(/^== Summary \(\d{4}-\d\d-\d\d\) ==$/) as string,
        expect.stringMatching(/^rule +blind F1$/) as string,
      ],
      stderr: '',
    });
  }, 60_000);
});
