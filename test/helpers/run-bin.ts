import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/reassure.js');

/** What one run of the real bin/ gave; `code` is null when it was killed at the time limit. */
export interface BinRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time of the run, start-up included. */
  seconds: number;
  /** CPU time (user + system) of the run, start-up included; NaN when it did not exit. */
  cpuSeconds: number;
}

// Loaded into the child with --import: writes its CPU time on exit to the file it is told.
const CPU_REPORTER = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const { user, system } = process.cpuUsage(); writeFileSync(process.env.REASSURE_TEST_CPU_FILE, String((user + system) / 1e6)); });",
)}`;

/** Builds dist/ when a bare `vitest` run has not (`npm test` builds first). */
export function ensureBuilt(): void {
  if (!existsSync('dist/cli/main.js')) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
}

/**
 * Runs bin/reassure.js in `cwd` with a time limit (default 20 s); `stdout` may be a file
 * descriptor. CPU time is reported too: on a busy machine it says more than wall time.
 */
export function runBin(args: string[], options: { cwd: string; timeout?: number; stdout?: number; input?: string | Uint8Array }): BinRun {
  const scratch = mkdtempSync(join(tmpdir(), 'reassure-cpu-'));
  const cpuFile = join(scratch, 'cpu');
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [`--import=${CPU_REPORTER}`, BIN, ...args], {
    cwd: options.cwd,
    encoding: 'utf8',
    timeout: options.timeout ?? 20_000,
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
    stdio: [options.input === undefined ? 'ignore' : 'pipe', options.stdout ?? 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', REASSURE_TEST_CPU_FILE: cpuFile },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuSeconds = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : Number.NaN;
  rmSync(scratch, { recursive: true, force: true });
  return { code: result.status, stdout: result.stdout ?? '', stderr: result.stderr, seconds, cpuSeconds };
}
