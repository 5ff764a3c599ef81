import { formatProblem } from '../errors.js';
import { redactProblem } from '../report/redact.js';
import type { InputProblem } from '../types.js';
import type { CliIO } from './main.js';

/** What reading the inputs met: the problems that fail the run and the warnings that do not. */
export interface InputMessages {
  problems: readonly InputProblem[];
  warnings: readonly InputProblem[];
}

/**
 * Writes each problem, then each warning, as one line on stderr. Warnings name speakers,
 * so under `--redact` they take their form that names none.
 */
export function writeInputMessages(io: CliIO, read: InputMessages, redact: boolean): void {
  const shown = redact ? redactProblem : (problem: InputProblem) => problem;
  for (const problem of read.problems.map(shown)) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
  for (const warning of read.warnings.map(shown)) io.stderr.write(`${formatProblem(`warning: ${warning.message}`, warning)}\n`);
}
