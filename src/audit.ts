import { describeStdinError, isReadError } from './errors.js';
import { discoverInputs } from './ingest/discover.js';
import { readTranscriptFile, readTranscriptText, type ReadOptions } from './ingest/read.js';
import type { RoleOptions } from './ingest/speakers.js';
import { summarizeRules, type CompiledRuleSet } from './rules/compile.js';
import { buildRunReport } from './report/run-report.js';
import { auditRead, type InputOutcome } from './run/audit-file.js';
import { auditInputs } from './run/audit-inputs.js';
import type { RuleSource } from './run/rule-source.js';
import type { FailLevel, InputProblem, RunReport, SessionReport, Transcript } from './types.js';

/** Everything a library audit needs: resolved options, compiled rules, no command-line concerns. */
export interface AuditOptions {
  /** Paths, directories or globs (`-` is the command line's standard input, not read here). */
  paths: string[];
  /** Parsed sessions, audited after the files. */
  transcripts: Transcript[];
  read: ReadOptions;
  ruleSet: CompiledRuleSet;
  /** Where worker threads load the rules from; without it, everything runs in this thread. */
  ruleSource?: RuleSource;
  /** Threads to audit files in; 1 audits in this thread. */
  jobs: number;
  /** Stop after the first file when one rule spends longer than this on it (milliseconds). */
  ruleTimeLimitMs?: number;
  failLevel: FailLevel;
  /** Globs of files to leave out when expanding directories and globs. */
  ignore?: string[];
}

/**
 * Audits files and parsed sessions through the same streaming pipeline the command line
 * runs (workers, the first-file time guard, input order), and returns the whole report.
 */
export async function audit(options: AuditOptions): Promise<RunReport> {
  const rules = summarizeRules(options.ruleSet);
  const collected: { sessions: SessionReport[]; problems: InputProblem[]; warnings: InputProblem[] } = { sessions: [], problems: [], warnings: [] };
  const take = (outcome: InputOutcome): void => {
    collected.sessions.push(...outcome.sessions);
    collected.problems.push(...outcome.problems);
    collected.warnings.push(...outcome.warnings);
  };
  if (options.paths.includes('-')) collected.problems.push({ file: '-', message: 'standard input is read by the command line only; pass its text through parseTranscripts' });
  const paths = options.paths.filter((input) => input !== '-');
  if (paths.length > 0) {
    const { read, ignore, ruleSet, ruleSource, jobs, ruleTimeLimitMs } = options;
    await auditInputs({ inputs: paths, read, ignore, ruleSet, rules, ruleSource, jobs, ruleTimeLimitMs }, take);
  }
  for (const transcript of options.transcripts) take(auditRead({ transcripts: [transcript], problems: [], warnings: [] }, options.ruleSet, rules, false));
  return buildRunReport({ rules, ...collected, failLevel: options.failLevel });
}

/** What {@link readInputs} reads, for commands that need whole transcripts (train, suggest, speakers). */
export interface ReadInputsOptions {
  /** Paths, directories or globs; `-` reads one transcript from `stdin`. */
  inputs: string[];
  cwd: string;
  roles: RoleOptions;
  /** Files larger than this are reported, not read. */
  maxBytes: number;
  /** Globs of files to leave out when expanding directories and globs. */
  ignore?: string[];
  /** Files this run writes as reports (absolute paths): never read as transcripts. */
  outputs?: readonly string[];
  /** Column names for CSV/TSV input. */
  columns?: { speaker?: string; text?: string };
  /** Reads standard input, for `-`. */
  readStdin?: () => Promise<string | Uint8Array>;
}

/** Transcripts read from the inputs, with every problem and warning met on the way. */
export interface ReadInputsResult {
  transcripts: Transcript[];
  problems: InputProblem[];
  warnings: InputProblem[];
}

/** Discovers and parses every input in sorted order; a bad file does not stop the rest. */
export async function readInputs(options: ReadInputsOptions): Promise<ReadInputsResult> {
  const result: ReadInputsResult = { transcripts: [], problems: [], warnings: [] };
  const readOptions = { cwd: options.cwd, roles: options.roles, maxBytes: options.maxBytes, columns: options.columns };
  const paths = options.inputs.filter((input) => input !== '-');
  if (options.inputs.includes('-')) {
    const text = await readAllStdin(options.readStdin);
    if (typeof text === 'object' && 'problem' in text) result.problems.push({ file: '-', message: text.problem });
    else collect(result, await readTranscriptText(text, '-', readOptions));
  }
  if (paths.length === 0) return result;
  const discovered = await discoverInputs(paths, { cwd: options.cwd, ignore: options.ignore, outputs: options.outputs });
  result.problems.push(...discovered.problems);
  // One after another, in sorted order: a file is read in this thread (see readTranscriptFile).
  for (const file of discovered.files) collect(result, await readTranscriptFile(file, readOptions));
  return result;
}

function collect(into: ReadInputsResult, read: ReadInputsResult): void {
  into.transcripts.push(...read.transcripts);
  into.problems.push(...read.problems);
  into.warnings.push(...read.warnings);
}

// All of standard input, or why it could not be read (a directory given as standard input).
async function readAllStdin(readStdin: (() => Promise<string | Uint8Array>) | undefined): Promise<string | Uint8Array | { problem: string }> {
  try {
    return readStdin ? await readStdin() : '';
  } catch (error) {
    if (!isReadError(error)) throw error;
    return { problem: describeStdinError(error) };
  }
}
