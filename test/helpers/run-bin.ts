import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const BIN = resolve('bin/reassure.js');

/** What one run of the real bin/ gave; `code` is null when it was killed at the time limit. */
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Builds dist/ when a bare `vitest` run has not (`npm test` builds first). */
export function ensureBuilt(): void {
  if (!existsSync('dist/cli/main.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

/** Runs bin/reassure.js in `cwd` with a time limit (default 20 s); `stdin` and `stdout` may be file descriptors. */
export function runBin(args: string[], options: { cwd: string; timeout?: number; stdin?: number; stdout?: number; input?: string | Uint8Array }): BinRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
    stdio: [options.stdin ?? (options.input === undefined ? 'ignore' : 'pipe'), options.stdout ?? 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
  });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr };
}
