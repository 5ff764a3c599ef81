import { main } from '../../src/cli/main.js';

/** What one in-process run of the command line printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main()` with captured streams, no colour unless asked, from the repository root. */
export async function runCli(argv: string[], options: { stdin?: string | Uint8Array; env?: Record<string, string>; cwd?: string; stderrIsTTY?: boolean; stdinIsTTY?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv,
    cwd: options.cwd ?? process.cwd(),
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.stderrIsTTY === true },
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
    stdinIsTTY: options.stdinIsTTY === true,
  });
  return { code, stdout, stderr };
}
