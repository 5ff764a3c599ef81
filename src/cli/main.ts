import { Command, CommanderError } from 'commander';
import { EXIT, ReassureError, formatProblem } from '../errors.js';
import { TOOL } from '../report/run-report.js';
import { registerAuditCommand } from './commands/audit.js';
import { registerDiffCommand } from './commands/diff.js';
import { registerEvalCommand } from './commands/eval.js';
import { registerInitCommand } from './commands/init.js';
import { registerMergeCommand } from './commands/merge.js';
import { registerPrintConfigCommand } from './commands/print-config.js';
import { registerRulesCommand } from './commands/rules.js';
import { registerSpeakersCommand } from './commands/speakers.js';
import { registerTrainCommand } from './commands/train.js';
import type { CliContext } from './context.js';

/** The streams and environment the command line runs with; tests pass their own. */
export interface CliIO {
  argv: string[];
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `-`). */
  readStdin?: () => Promise<string>;
  /** Asks a question and reads the answer; given only when standard input and output are a terminal. */
  prompt?: (question: string) => Promise<string>;
  /** Standard input as it arrives (for `-`, read session by session); `readStdin` when absent. */
  stdin?: AsyncIterable<string | Uint8Array>;
}

/** Where the command line writes. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  /** Streams that can be full (`write` returned false) say when they have drained. */
  once?(event: 'drain', listener: () => void): unknown;
  /** Terminal width, for the progress line. */
  columns?: number;
}

/**
 * Runs the command line and returns its exit code: 0 clean, 1 findings at or above the
 * fail level, 2 could not run as asked. Known problems print one line; nothing calls
 * process.exit.
 */
export async function main(io: CliIO): Promise<number> {
  const context: CliContext = { io, exitCode: EXIT.clean };
  const program = new Command('reassure')
    .description('Audit psychotherapy session transcripts for reassurance techniques and pitfalls.')
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  registerAuditCommand(program, context);
  registerRulesCommand(program, context);
  registerMergeCommand(program, context);
  registerEvalCommand(program, context);
  registerSpeakersCommand(program, context);
  registerPrintConfigCommand(program, context);
  registerTrainCommand(program, context);
  registerDiffCommand(program, context);
  registerInitCommand(program, context);
  try {
    await program.parseAsync(io.argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    // Help and version end through exitOverride with code 0; usage errors were printed.
    return error.exitCode === 0 ? EXIT.clean : EXIT.failure;
  }
  if (error instanceof ReassureError) {
    io.stderr.write(`${formatProblem(error.message, error.location)}\n`);
    return error.exitCode;
  }
  // Anything else is a bug: show the stack so it can be reported.
  io.stderr.write(`reassure: internal error (please report it)\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failure;
}
