/**
 * The streaming audit: standard input first (JSON Lines session by session), then every
 * discovered file, in sorted order, in this thread and worker threads. Each input's
 * outcome is handed on in input order as soon as it and those before it are done, with a
 * bounded number of files in flight, so memory does not follow the size of the input and
 * the output does not depend on the number of workers.
 */
import { statSync, type Stats } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { discoverInputs } from '../ingest/discover.js';
import { PARSERS } from '../ingest/formats.js';
import { memoryCeiling, toDisplayPath, type ReadOptions } from '../ingest/read.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { RuleSummary } from '../types.js';
import { auditFile, auditRead, findSlowRule, type InputOutcome } from './audit-file.js';
import { mapOrdered } from './ordered.js';
import type { RuleSource } from './rule-source.js';
import type { StartingWorkers, WorkerPool } from './worker-pool.js';

/** What a streaming audit reads and how. */
export interface AuditInputsOptions {
  /** Paths, directories or globs; `-` reads standard input. */
  inputs: string[];
  read: ReadOptions;
  /** Globs of files to leave out when expanding directories and globs. */
  ignore?: string[];
  /** Files this run writes reports to: never audited when a directory or glob finds them. */
  outputs?: readonly string[];
  ruleSet: CompiledRuleSet;
  rules: RuleSummary[];
  /** What worker threads compile the rules from; without it, files are audited in this thread. */
  ruleSource?: RuleSource;
  /** Threads to audit files in, this one included; 1 audits in this thread only. */
  jobs: number;
  /**
   * Worker threads the caller started before loading the rules (see
   * {@link countEarlyWorkers}), so that they load their code meanwhile: as many as the input
   * needs are pooled (more started if needed), the others stopped. Without it, workers
   * start once the files are found.
   */
  workers?: StartingWorkers;
  /** Bytes of files each worker thread needs to be worth starting (default `MIN_BYTES_PER_WORKER`). */
  minBytesPerWorker?: number;
  /** Standard input, for `-`. */
  stdin?: AsyncIterable<string | Uint8Array>;
  /** Called once the files to audit are known. */
  onFiles?: (count: number) => void;
  /** Stop the run when one rule spends longer than this on the first file (milliseconds). */
  ruleTimeLimitMs?: number;
  /** The clock for the time guard (tests); `performance.now` by default. */
  now?: () => number;
}

/** One rule may spend this long on the first file before the run stops (`--rule-time-limit`). */
export const DEFAULT_RULE_TIME_LIMIT_MS = 10_000;

const JSONL_EXTENSIONS = PARSERS.jsonl.extensions;
/**
 * Files in flight per thread, so none waits idle while the next result is merged: more than
 * a worker holds (8), so that one slow file at the head of the order holds up nobody.
 */
const QUEUE_PER_THREAD = 24;
/**
 * A worker costs its start (loading the code, compiling and warming the rules: about half
 * a second of CPU); below this much input each (about as long to audit), one thread is as fast.
 */
export const MIN_BYTES_PER_WORKER = 256 * 1024;
/** Files whose sizes are asked for at once when estimating the work. */
const STAT_BATCH = 64;

/** Audits every input, handing each outcome to `deliver` in input order. */
export async function auditInputs(options: AuditInputsOptions, deliver: (outcome: InputOutcome) => void | Promise<void>): Promise<void> {
  const { read, ruleSet, rules } = options;
  if (options.inputs.includes('-')) {
    const { readStdinSessions } = await import('../ingest/read-lines.js');
    for await (const session of readStdinSessions(options.stdin ?? noInput(), '-', read)) await deliver(auditRead(session, ruleSet, rules, false));
  }
  const paths = options.inputs.filter((input) => input !== '-');
  if (paths.length === 0) return;
  const discovered = await discoverInputs(paths, { cwd: read.cwd, ignore: options.ignore, outputs: options.outputs });
  options.onFiles?.(discovered.files.length);
  if (discovered.problems.length > 0) await deliver({ sessions: [], problems: discovered.problems, warnings: [], fromFile: false });
  // Workers start first, so that they load while the first file is audited here with every
  // rule timed (the last-resort time guard); the others follow as usual, in order.
  const minBytes = options.minBytesPerWorker ?? MIN_BYTES_PER_WORKER;
  const bytes = await sumSizes(discovered.files, (options.jobs - 1) * minBytes);
  const source = options.ruleSource;
  const workers = source === undefined ? 0 : countWorkers(options.jobs, bytes, minBytes);
  const auditHere = (file: string): Promise<InputOutcome> => auditFile(file, ruleSet, rules, read);
  // The pool's module (and Node's worker threads) loads only for a run that starts workers.
  const starting = options.workers ?? (workers > 0 ? (await import('./worker-pool.js')).startWorkers(workers, read) : undefined);
  const pool = source !== undefined && workers > 0 ? starting?.pool(workers, source, auditHere) : undefined;
  if (pool === undefined) void starting?.close();
  try {
    const [first] = discovered.files;
    const timeFirst = first !== undefined && !(await isStreamedFile(first, read.maxBytes));
    if (timeFirst && (await auditFirstFile(first, options, deliver)) === 'stop') return;
    const remaining = timeFirst ? discovered.files.slice(1) : discovered.files;
    await auditRemaining(remaining, pool ?? { audit: auditHere }, (workers + 1) * QUEUE_PER_THREAD, options, deliver);
  } finally {
    await starting?.close();
  }
}

/** Audits the files after the first, `limit` in flight, handing each outcome on in order. */
async function auditRemaining(
  files: string[],
  threads: Pick<WorkerPool, 'audit'> & Partial<Pick<WorkerPool, 'finish'>>,
  limit: number,
  options: AuditInputsOptions,
  deliver: (outcome: InputOutcome) => void | Promise<void>,
): Promise<void> {
  const { read, ruleSet, rules } = options;
  // A JSON Lines file too large to read at once is read here, session by session, when its turn comes.
  const deliverFile = async (done: FileWork): Promise<void> => {
    if ('outcome' in done) return deliver(done.outcome);
    const { readJsonlFile } = await import('../ingest/read-lines.js');
    for await (const part of readJsonlFile(done.streamed, toDisplayPath(done.streamed, read.cwd), read)) await deliver(auditRead(part, ruleSet, rules, false));
    await deliver({ sessions: [], problems: [], warnings: [], fromFile: true });
  };
  let unplanned = files.length;
  const plan = async (file: string): Promise<FileWork> => {
    const audited = (await isStreamedFile(file, read.maxBytes)) ? undefined : threads.audit(file);
    if (--unplanned === 0) threads.finish?.();
    return audited === undefined ? { streamed: file } : { outcome: await audited };
  };
  await mapOrdered(files, limit, plan, deliverFile);
}

/**
 * Audits the first file with every rule timed and hands its outcome on; when one rule was
 * too slow on it, hands on a problem saying so and answers "stop": the other files are not
 * audited, and the report (complete for what was read) ends with exit code 2.
 */
async function auditFirstFile(file: string, options: AuditInputsOptions, deliver: (outcome: InputOutcome) => void | Promise<void>): Promise<'go' | 'stop'> {
  const timing = { now: options.now ?? (() => performance.now()), spent: new Map<string, number>() };
  await deliver(await auditFile(file, options.ruleSet, options.rules, options.read, timing));
  const limit = options.ruleTimeLimitMs ?? DEFAULT_RULE_TIME_LIMIT_MS;
  const slow = findSlowRule(timing, limit);
  if (!slow) return 'go';
  const shown = describeDurations(slow.ms, limit);
  const message =
    `rule "${slow.rule}" took ${shown.took} on this first file (limit ${shown.limit}); ` +
    'one of its patterns may backtrack badly: fix it, or raise --rule-time-limit; no further file was audited';
  await deliver({ sessions: [], problems: [{ file: toDisplayPath(file, options.read.cwd), message }], warnings: [], fromFile: false });
  return 'stop';
}

/**
 * The time a rule took and the limit, in seconds from a limit of a second up, else in
 * milliseconds, with one decimal or as many more as show the limit above 0 and the two apart:
 * `--rule-time-limit 0.0001` read "took 0.0 s (limit 0.0 s)".
 */
function describeDurations(tookMs: number, limitMs: number): { took: string; limit: string } {
  const [scale, unit] = limitMs >= 1000 ? [1000, 's'] : [1, 'ms'];
  const show = (ms: number, digits: number): string => (ms / scale).toFixed(digits);
  let digits = 1;
  while (digits < 12 && (Number(show(limitMs, digits)) === 0 || show(tookMs, digits) === show(limitMs, digits))) digits += 1;
  return { took: `${show(tookMs, digits)} ${unit}`, limit: `${show(limitMs, digits)} ${unit}` };
}

/** A file audited whole, or one to be read session by session. */
type FileWork = { outcome: InputOutcome } | { streamed: string };

/** Whether a file is JSON Lines too large to read at once but within the size limit. */
async function isStreamedFile(file: string, maxBytes: number): Promise<boolean> {
  if (!JSONL_EXTENSIONS.includes(extname(file).toLowerCase())) return false;
  const size = await stat(file).then((info) => info.size, () => 0);
  return size > memoryCeiling() && size <= maxBytes;
}

/**
 * How many worker threads a run of these inputs starts before the files are found (and the
 * rules loaded), so that they load their code meanwhile: as many as named files' sizes call
 * for. A directory or glob counts for nothing here (its workers start after discovery):
 * guessing one for it cost `reassure audit samples/` 0.07 s of wall time and 0.18 s of CPU.
 */
export function countEarlyWorkers(inputs: readonly string[], cwd: string, jobs: number): number {
  let bytes = 0;
  for (const input of inputs) {
    if (input === '-') continue;
    const info = statInput(resolve(cwd, input));
    if (info?.isFile() === true) bytes += info.size;
  }
  return countWorkers(jobs, bytes);
}

// Discovery reports an input it cannot read; here it only counts for nothing.
function statInput(absolute: string): Stats | undefined {
  try {
    return statSync(absolute);
  } catch {
    return undefined;
  }
}

/** How many worker threads are worth starting beside this one for this many bytes of input. */
export function countWorkers(jobs: number, bytes: number, minBytesPerWorker = MIN_BYTES_PER_WORKER): number {
  return Math.max(0, Math.min(jobs - 1, Math.floor(bytes / minBytesPerWorker)));
}

/** The total size of the files, counted only until it reaches `enough` (a cheap estimate of the work). */
async function sumSizes(files: readonly string[], enough: number): Promise<number> {
  let bytes = 0;
  for (let start = 0; start < files.length && bytes < enough; start += STAT_BATCH) {
    const sizes = await Promise.all(files.slice(start, start + STAT_BATCH).map((file) => stat(file).then((info) => info.size, () => 0)));
    bytes += sizes.reduce((sum, size) => sum + size, 0);
  }
  return bytes;
}

async function* noInput(): AsyncGenerator<string> {
  // Standard input that was not given reads as empty.
}
