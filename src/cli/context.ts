import type { CliIO } from './main.js';

/** Shared by the commands of one run: the streams, and the exit code they set. */
export interface CliContext {
  io: CliIO;
  exitCode: number;
}
