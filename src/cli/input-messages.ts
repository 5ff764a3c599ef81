import { formatProblem } from '../errors.js';
import { redactProblem } from '../report/redact.js';
import type { InputProblem, WarningKind } from '../types.js';
import type { CliIO } from './main.js';
import type { OutputTarget } from './output-targets.js';

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

/** Warnings of one kind an audit writes to stderr; the rest are counted, and kept in its reports. */
export const WARNINGS_SHOWN_PER_KIND = 10;

/** How many warnings of each kind (`undefined`: read back from a report, so of no known kind) a run has met. */
export type WarningCounts = Map<WarningKind | undefined, number>;

/** What the line after the warnings not shown calls each kind. */
const WARNING_KIND_NAMES: Record<WarningKind, string> = {
  'duplicate-session-id': 'duplicate session ids',
  'no-turns': 'sessions with no turns',
  'no-therapist-turn': 'no therapist turn found',
  'no-client-turn': 'no client turn found',
  'other-speakers': 'turns by speakers with the role other',
  'windows-1252': 'files read as Windows-1252',
  'empty-input': 'empty standard input',
  'ignore-without-reason': 'ignores without a reason',
  'ignore-unused': 'ignores that suppress nothing',
  'invalid-date': 'dates not on the calendar',
  'label-unknown': 'labels that name no rule',
  'label-misplaced': 'labels where they are never checked',
};

/** Counts a warning; whether it is among the first of its kind, to be written. */
export function admitWarning(counts: WarningCounts, warning: InputProblem): boolean {
  const seen = (counts.get(warning.kind) ?? 0) + 1;
  counts.set(warning.kind, seen);
  return seen <= WARNINGS_SHOWN_PER_KIND;
}

/**
 * One line per kind of which more warnings came than were written: how many more, and
 * which output lists them all (`--format json lists them all` when none of the run's does).
 */
export function describeUnshownWarnings(counts: WarningCounts, targets: readonly OutputTarget[]): string[] {
  const where = describeWarningList(targets);
  return [...counts].flatMap(([kind, count]) => {
    const more = count - WARNINGS_SHOWN_PER_KIND;
    if (more <= 0) return [];
    const what = kind === undefined ? '' : ` (${WARNING_KIND_NAMES[kind]})`;
    return [`… and ${more.toLocaleString('en-US')} more ${more === 1 ? 'warning' : 'warnings'} like these${what}; ${where}`];
  });
}

/** The formats that list every warning (table holds only the summary). */
const WARNING_LIST_FORMATS = new Set(['json', 'jsonl', 'sarif', 'junit', 'markdown', 'html', 'github']);

function describeWarningList(targets: readonly OutputTarget[]): string {
  const target = targets.find((candidate) => WARNING_LIST_FORMATS.has(candidate.format));
  if (target === undefined) return '--format json lists them all';
  return target.path === undefined ? `the ${target.format} output lists them all` : `${target.path} lists them all`;
}
