import { Command, CommanderError } from 'commander';
import { EXIT, ReassureError, formatProblem } from '../errors.js';
import { TOOL } from '../report/run-report.js';
import type { CliContext } from './context.js';
import { checkPathArguments } from './check-paths.js';
import { SetupStop, describeSetupStop } from './setup-stop.js';

/** Adds one command to the program. */
type RegisterCommand = (program: Command, context: CliContext) => void;

/** Every command, in `--help` order, each module imported only when its command may run. */
const COMMANDS: Record<string, () => Promise<RegisterCommand>> = {
  audit: async () => (await import('./commands/audit.js')).registerAuditCommand,
  rules: async () => (await import('./commands/rules.js')).registerRulesCommand,
  merge: async () => (await import('./commands/merge.js')).registerMergeCommand,
  eval: async () => (await import('./commands/eval.js')).registerEvalCommand,
  agree: async () => (await import('./commands/agree.js')).registerAgreeCommand,
  speakers: async () => (await import('./commands/speakers.js')).registerSpeakersCommand,
  'print-config': async () => (await import('./commands/print-config.js')).registerPrintConfigCommand,
  train: async () => (await import('./commands/train.js')).registerTrainCommand,
  diff: async () => (await import('./commands/diff.js')).registerDiffCommand,
  init: async () => (await import('./commands/init.js')).registerInitCommand,
};

/** The streams and environment the command line runs with; tests pass their own. */
export interface CliIO {
  argv: string[];
  cwd: string;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Reads all of standard input (for `-`): bytes, decoded as a file's are, or text. */
  readStdin?: () => Promise<string | Uint8Array>;
  /** Asks a question and reads the answer (`undefined`: none, Ctrl+D or Ctrl+C); given only when standard input and output are a terminal. */
  prompt?: (question: string) => Promise<string | undefined>;
  /** Standard input as it arrives (for `-`, read session by session); `readStdin` when absent. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Standard input is a terminal: a command that would read it unasked says what it needs instead. */
  stdinIsTTY?: boolean;
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
  // The command that ran (`rules test`), for the closing line of a setup stop.
  let running: string | undefined;
  const program = new Command('reassure')
    .description('Audit psychotherapy session transcripts for reassurance techniques and pitfalls.')
    .version(TOOL.version, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .hook('preAction', (_program, command) => {
      running = nameCommand(command);
      checkPathArguments(command);
    });
  try {
    for (const register of await Promise.all(chooseCommands(io.argv).map((name) => COMMANDS[name]?.()))) register?.(program, context);
    await program.parseAsync(io.argv, { from: 'user' });
    return context.exitCode;
  } catch (error) {
    return reportError(error, io, running);
  }
}

/** A command's name as typed after `reassure`: `audit`, `rules test`. */
function nameCommand(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at?.parent; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

// A run names its command first; the version needs none; anything else (help, a typo) gets them all.
function chooseCommands(argv: readonly string[]): string[] {
  const [first] = argv;
  if (first === '-V' || first === '--version') return [];
  return first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS);
}

function reportError(error: unknown, io: CliIO, command: string | undefined): number {
  if (error instanceof CommanderError) {
    // Help and version end through exitOverride with code 0; usage errors were printed.
    return error.exitCode === 0 ? EXIT.clean : EXIT.failure;
  }
  if (error instanceof SetupStop) {
    io.stderr.write(`${formatProblem(describeSetupStop(error, command))}\n`);
    return error.exitCode;
  }
  if (error instanceof ReassureError) {
    io.stderr.write(`${formatProblem(error.message, error.location)}\n`);
    return error.exitCode;
  }
  // Anything else is a bug: show the stack so it can be reported.
  io.stderr.write(`reassure: internal error (please report it)\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.failure;
}
