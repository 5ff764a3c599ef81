/**
 * The library: what `import … from 'reassure'` gives a platform that wants audits without
 * the command line. A thin layer over the pipeline the CLI runs (`audit.ts`, `rules/`,
 * `ingest/`, `format/`), with defaults filled in and errors thrown as classes:
 *
 *   const rules = loadRules();                        // the bundled rules
 *   const session = parseTranscript(text, { format: 'text' });
 *   const report = await audit([session, 'training/'], { rules });
 *   const page = formatReport(report, 'html');
 *
 * Unreadable inputs do not throw: they are listed in `report.problems`, as the CLI lists
 * them. Nothing here touches the network or the process (no exit, no output).
 */
import path from 'node:path';
import { audit as auditAll } from './audit.js';
import { RuleFileError, TranscriptError } from './errors.js';
import { loadAllFormatters, toFormatName, type FormatName } from './format/index.js';
import { assembleTranscript } from './ingest/assemble.js';
import { normalizeText } from './ingest/decode.js';
import { PARSERS, chooseFormat, loadAllParsers } from './ingest/formats.js';
import type { ColumnOptions, InputParser } from './ingest/parser.js';
import { DEFAULT_MAX_BYTES } from './ingest/read.js';
import { failsGates, type Gates } from './report/gate.js';
import { redactReport } from './report/redact.js';
import type { CompiledRuleSet } from './rules/compile.js';
import { DEFAULT_RULES_PATH } from './rules/load.js';
import { loadRuleSetCached, type RuleFilesSnapshot } from './rules/rule-cache.js';
import type { FailLevel, FormatOptions, RunReport, Transcript } from './types.js';

export { EXIT, ReassureError, RuleFileError, TranscriptError, type LocatedProblem, type ProblemLocation } from './errors.js';
export { FORMAT_NAMES, type FormatName } from './format/index.js';
export { RULE_IDS } from './types.js';
export type * from './types.js';
export type { Gates } from './report/gate.js';

/** Compiled rules, from {@link loadRules}; opaque, pass it to {@link audit}. */
export type RuleSet = CompiledRuleSet;

/** A transcript format `parseTranscript` can be asked for. */
export type TranscriptFormat = keyof typeof PARSERS;

/** The transcript formats, by name. */
export const TRANSCRIPT_FORMATS = Object.keys(PARSERS) as TranscriptFormat[];

// The library's functions parse and format synchronously: every parser and formatter is loaded up front.
const LOADED_PARSERS = await loadAllParsers();
const LOADED_FORMATTERS = await loadAllFormatters();

/** Options of {@link audit}; every one has the command line's default. */
export interface AuditOptions {
  /** Paths are relative to this directory, and shown relative to it (default: `process.cwd()`). */
  cwd?: string;
  /** Loaded rules, a rule file's path, or `default` (the bundled rules; the default). */
  rules?: RuleSet | string;
  /** The therapist's and client's speaker labels, when they are names. */
  therapist?: string[];
  client?: string[];
  /** The lowest pitfall severity that fails the run (`warning`). */
  failOn?: FailLevel;
  /** Larger files are reported as problems, not read (10 MiB). */
  maxFileSize?: number;
  /** Globs of files to leave out when expanding directories and globs. */
  ignore?: string[];
  /** CSV/TSV column names, when they are not the usual ones. */
  columns?: ColumnOptions;
  /** Leave every transcript word out of the report. */
  redact?: boolean;
  /**
   * Worker threads for files (1, the default, audits in this thread; the command line
   * defaults to the available cores). Workers load the rules by path, so with `rules` given
   * as a loaded `RuleSet` files are audited in this thread.
   */
  jobs?: number;
  /**
   * Seconds one rule may spend on the first file before the audit stops after it (10, the
   * command line's `--rule-time-limit`); the report says which rule, in `problems`.
   */
  ruleTimeLimit?: number;
}

/** Options of {@link parseTranscript}. */
export interface ParseTranscriptOptions {
  /** The format of the text; sniffed from it (and `path`) when left out. */
  format?: TranscriptFormat;
  /** Where the text came from, shown in the transcript and in errors (`-`). */
  path?: string;
  therapist?: string[];
  client?: string[];
  columns?: ColumnOptions;
}

/**
 * Loads, checks and compiles a rule file (`default`: the bundled rules). Throws a
 * {@link RuleFileError} listing every problem with its file, line and column.
 */
export function loadRules(file = 'default', options: { cwd?: string } = {}): RuleSet {
  const cwd = options.cwd ?? process.cwd();
  return loadRulesFrom(resolveRulesPath(file, cwd), cwd).ruleSet;
}

function resolveRulesPath(file: string, cwd: string): string {
  return file === 'default' ? DEFAULT_RULES_PATH : path.resolve(cwd, file);
}

function loadRulesFrom(rulesPath: string, cwd: string): { ruleSet: RuleSet; snapshot: RuleFilesSnapshot } {
  const result = loadRuleSetCached(rulesPath, cwd, undefined);
  if (!result.ok) throw new RuleFileError(result.problems);
  return result;
}

/**
 * Reads one session from transcript text. Throws a {@link TranscriptError} when the text
 * cannot be read as the format, or holds no session or several (see {@link parseTranscripts}).
 */
export function parseTranscript(text: string, options: ParseTranscriptOptions = {}): Transcript {
  const transcripts = parseTranscripts(text, options);
  const [only] = transcripts;
  if (only === undefined || transcripts.length > 1) {
    throw new TranscriptError(`expected one session, found ${transcripts.length} (use parseTranscripts)`, { file: options.path ?? '-' });
  }
  return only;
}

/** Reads every session in transcript text (several YAML documents, a `session` column, …). */
export function parseTranscripts(text: string, options: ParseTranscriptOptions = {}): Transcript[] {
  const file = options.path ?? '-';
  const normalized = normalizeText(text);
  if (normalized.trim() === '') throw new TranscriptError('empty transcript', { file });
  const parser = LOADED_PARSERS[options.format ?? chooseFormat(file, normalized)] as InputParser | undefined;
  if (parser === undefined) throw new TranscriptError(`unknown format "${String(options.format)}" (expected one of ${TRANSCRIPT_FORMATS.join(', ')})`);
  const parsed = parser.parse(normalized, file, options.columns === undefined ? {} : { columns: options.columns });
  if (!parsed.ok) throw new TranscriptError(parsed.error.message, { file, line: parsed.error.line });
  const roles = { therapist: options.therapist ?? [], client: options.client ?? [] };
  return parsed.transcripts.map((raw, index) =>
    assembleTranscript(raw, { path: file, format: parser.name, index, count: parsed.transcripts.length, roles }),
  );
}

/**
 * Audits transcripts: paths, directories and globs are read like the command line reads
 * them; `Transcript` objects (from {@link parseTranscript}) are audited as they are, after
 * the files. Returns the run's report; inputs that could not be read are in `problems`.
 */
export async function audit(inputs: string | Transcript | (string | Transcript)[], options: AuditOptions = {}): Promise<RunReport> {
  const list = Array.isArray(inputs) ? inputs : [inputs];
  const cwd = options.cwd ?? process.cwd();
  // Rules loaded here come with the snapshot worker threads compile them from.
  const loaded = typeof options.rules === 'object' ? { ruleSet: options.rules, snapshot: undefined } : loadRulesFrom(resolveRulesPath(options.rules ?? 'default', cwd), cwd);
  const { ruleSet, snapshot } = loaded;
  const report = await auditAll({
    paths: list.filter((input): input is string => typeof input === 'string'),
    transcripts: list.filter((input): input is Transcript => typeof input !== 'string'),
    read: {
      cwd,
      roles: { therapist: options.therapist ?? [], client: options.client ?? [] },
      maxBytes: options.maxFileSize ?? DEFAULT_MAX_BYTES,
      columns: options.columns,
    },
    ruleSet,
    ruleSource: snapshot === undefined ? undefined : { snapshot, cwd, overrides: { severity: {}, disable: [] } },
    jobs: options.jobs ?? 1,
    ruleTimeLimitMs: options.ruleTimeLimit === undefined ? undefined : options.ruleTimeLimit * 1000,
    failLevel: options.failOn ?? 'warning',
    ignore: options.ignore,
  });
  return options.redact === true ? redactReport(report) : report;
}

/**
 * Words a report in one of the formats (`table`, `json`, `html`, …). Throws a
 * `ReassureError` naming the known formats for any other name.
 */
export function formatReport(report: RunReport, format: FormatName | string = 'json', options: Partial<FormatOptions> = {}): string {
  const formatter = LOADED_FORMATTERS[toFormatName(format)];
  return formatter.format(report, { color: false, details: false, quiet: false, failing: isFailing(report), ...options });
}

/** Whether the report fails its gates, as the command line's exit code 1 says. */
export function isFailing(report: RunReport, gates: Gates = {}): boolean {
  return failsGates(report, gates);
}

/** A copy of the report with every transcript word left out (`--redact`). */
export { redactReport };
