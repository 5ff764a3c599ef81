/**
 * One run's report as its sessions arrive (from `audit` or `merge`): problems and the first
 * warnings of each kind go to stderr at once, each session is counted, redacted when asked and written to every
 * output, and only the totals, problems and warnings are held until the end.
 */
import { EXIT, formatProblem } from '../errors.js';
import { describeGateFailures, describeWrittenFiles } from '../format/describe.js';
import type { Gates } from '../report/gate.js';
import { createSessionRedactor, redactProblem } from '../report/redact.js';
import { REPORT_SCHEMA_VERSION, TOOL } from '../report/run-report.js';
import { createRunTally, failsTally, tallySession } from '../report/run-tally.js';
import type { FailLevel, InputProblem, RuleSummary, SessionReport } from '../types.js';
import { admitWarning, describeUnshownWarnings, type WarningCounts } from './input-messages.js';
import type { CliIO } from './main.js';
import type { OutputTarget } from './output-targets.js';
import type { Progress } from './progress.js';
import { openReportOutputs } from './report-sink.js';

/** What a run reports on. */
export interface ReportRunSpec {
  rules: RuleSummary[];
  failLevel: FailLevel;
  redact: boolean;
}

/** A part of the run: sessions, and the problems and warnings met on the way. */
export interface RunPart {
  sessions: SessionReport[];
  problems: InputProblem[];
  warnings: InputProblem[];
  /** Whether the part is one of the run's files (for progress). */
  fromFile: boolean;
}

/** A run being reported. */
export interface ReportRun {
  add: (part: RunPart) => Promise<void>;
  /** Ends every output and returns the exit code. */
  end: (gates: Gates) => Promise<number>;
}

/** Opens the outputs and returns the run that feeds them. */
export async function startReportRun(
  targets: OutputTarget[],
  spec: ReportRunSpec,
  display: { details: boolean; quiet: boolean; strict: boolean; color: boolean | undefined },
  io: CliIO,
  progress: Progress,
): Promise<ReportRun> {
  const head = { schemaVersion: REPORT_SCHEMA_VERSION, tool: { ...TOOL }, rules: spec.rules, failLevel: spec.failLevel, redacted: spec.redact };
  const outputs = await openReportOutputs(targets, head, display, io);
  const tally = createRunTally(spec.rules);
  const problems: InputProblem[] = [];
  const warnings: InputProblem[] = [];
  // Redacted before anything is printed: warnings name speakers, and stderr is output too.
  const redactSession = spec.redact ? createSessionRedactor() : (session: SessionReport) => session;
  const redactMessage = spec.redact ? redactProblem : (problem: InputProblem) => problem;
  const firstFileById = new Map<string, string>();
  // A copied folder repeats every session id: past the first few of a kind, a warning is
  // only counted, so that the lines that matter stay in sight. Problems are never held back:
  // each is a file left out of the results, and the reason the run exits 2.
  const warningCounts: WarningCounts = new Map();
  return {
    add: async (part) => {
      const repeated = findRepeatedIds(part.sessions, firstFileById);
      if (part.problems.length > 0 || part.warnings.length > 0 || repeated.length > 0) progress.clear();
      const partProblems = part.problems.map(redactMessage);
      const partWarnings = [...part.warnings.map(redactMessage), ...repeated];
      for (const problem of partProblems) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
      for (const warning of partWarnings.filter((candidate) => admitWarning(warningCounts, candidate))) {
        io.stderr.write(`${formatProblem(`warning: ${warning.message}`, warning)}\n`);
      }
      problems.push(...partProblems);
      warnings.push(...partWarnings);
      for (const session of part.sessions) {
        tallySession(tally, session, spec.rules, spec.failLevel);
        await outputs.session(redactSession(session));
      }
      progress.advance({ sessions: part.sessions.length, turns: part.sessions.reduce((sum, s) => sum + s.turns, 0), file: part.fromFile });
    },
    end: async (gates) => {
      const failing = failsTally(tally, gates);
      await outputs.end({ totals: tally.totals, problems, warnings }, failing);
      const written = listFilesToNote(targets, io.stderr.isTTY === true && !display.quiet);
      if (written.length > 0) io.stderr.write(`${formatProblem(describeWrittenFiles(written))}\n`);
      for (const line of describeUnshownWarnings(warningCounts, targets)) io.stderr.write(`${line}\n`);
      for (const line of describeGateFailures(tally, gates)) io.stderr.write(`${line}\n`);
      if (problems.length > 0) return EXIT.failure;
      return failing ? EXIT.findings : EXIT.clean;
    },
  };
}

/**
 * The files to name once they are written: every output's, when all went to files (else
 * the terminal shows the report) and someone is watching (a terminal, no `--quiet`), so
 * that a run is never silent on a terminal. Pipes and CI logs get nothing new.
 */
export function listFilesToNote(targets: readonly OutputTarget[], watched: boolean): string[] {
  if (!watched || targets.some((target) => target.path === undefined)) return [];
  return targets.flatMap((target) => (target.path === undefined ? [] : [target.path]));
}

/**
 * A warning per session whose id an earlier session of the run already had (in another file,
 * or earlier in a JSON Lines file whose sessions interleave); `firstFileById` remembers the
 * file each id was first met in. Ids are the user's names for sessions, kept under `--redact`.
 */
function findRepeatedIds(sessions: readonly SessionReport[], firstFileById: Map<string, string>): InputProblem[] {
  const warnings: InputProblem[] = [];
  for (const { id, file } of sessions) {
    const first = firstFileById.get(id);
    if (first === undefined) firstFileById.set(id, file);
    else warnings.push({ file, message: `session id "${id}" is also the id of a session in ${first}; reports and \`reassure diff\` tell sessions apart by id`, kind: 'duplicate-session-id' });
  }
  return warnings;
}
