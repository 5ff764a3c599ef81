import { applyRules } from './engine/apply.js';
import { discoverInputs } from './ingest/discover.js';
import { readTranscriptFile, readTranscriptText } from './ingest/read.js';
import type { RoleOptions } from './ingest/speakers.js';
import { summarizeRules, type CompiledRuleSet } from './rules/compile.js';
import { summarizeSession } from './report/summarize.js';
import { buildRunReport } from './report/run-report.js';
import type { FailLevel, InputProblem, RunReport, SessionReport, Transcript } from './types.js';

/** Everything `audit` needs: resolved options, compiled rules, no command-line concerns. */
export interface AuditOptions {
  /** Paths, directories or globs; `-` reads one transcript from `stdin`. */
  inputs: string[];
  cwd: string;
  ruleSet: CompiledRuleSet;
  roles: RoleOptions;
  failLevel: FailLevel;
  /** Files larger than this are reported, not read. */
  maxBytes: number;
  /** Globs of files to leave out when expanding directories and globs. */
  ignore?: string[];
  /** Files this run writes as reports (absolute paths): never read as transcripts. */
  outputs?: readonly string[];
  /** Column names for CSV/TSV input. */
  columns?: { speaker?: string; text?: string };
  /** Reads standard input, for `-`. */
  readStdin?: () => Promise<string>;
}

/** Reads every input, applies the rules, and returns the run's report. Never writes output. */
export async function audit(options: AuditOptions): Promise<RunReport> {
  const transcripts = await readInputs(options);
  const rules = summarizeRules(options.ruleSet);
  const sessions: SessionReport[] = [];
  const warnings: InputProblem[] = [...transcripts.warnings];
  for (const transcript of transcripts.transcripts) {
    const summary = summarizeSession(transcript, applyRules(transcript, options.ruleSet), rules);
    sessions.push(summary.session);
    warnings.push(...summary.warnings);
  }
  return buildRunReport({ rules, sessions, problems: transcripts.problems, warnings, failLevel: options.failLevel });
}

/** Transcripts read from the inputs, with every problem and warning met on the way. */
export interface ReadInputsResult {
  transcripts: Transcript[];
  problems: InputProblem[];
  warnings: InputProblem[];
}

/** Discovers and parses every input in sorted order; a bad file does not stop the rest. */
export async function readInputs(options: Omit<AuditOptions, 'ruleSet' | 'failLevel'>): Promise<ReadInputsResult> {
  const result: ReadInputsResult = { transcripts: [], problems: [], warnings: [] };
  const readOptions = { cwd: options.cwd, roles: options.roles, maxBytes: options.maxBytes, columns: options.columns };
  const paths = options.inputs.filter((input) => input !== '-');
  if (options.inputs.includes('-')) {
    const text = options.readStdin ? await options.readStdin() : '';
    collect(result, await readTranscriptText(text, '-', readOptions));
  }
  if (paths.length === 0) return result;
  const discovered = await discoverInputs(paths, { cwd: options.cwd, ignore: options.ignore, outputs: options.outputs });
  result.problems.push(...discovered.problems);
  // Read a few files ahead so disk waits overlap; results are kept in sorted order.
  for (let start = 0; start < discovered.files.length; start += READ_AHEAD) {
    const batch = discovered.files.slice(start, start + READ_AHEAD);
    for (const read of await Promise.all(batch.map((file) => readTranscriptFile(file, readOptions)))) collect(result, read);
  }
  return result;
}

/** How many files are read at once. */
const READ_AHEAD = 16;

function collect(into: ReadInputsResult, read: ReadInputsResult): void {
  into.transcripts.push(...read.transcripts);
  into.problems.push(...read.problems);
  into.warnings.push(...read.warnings);
}
