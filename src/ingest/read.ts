import { readFileSync, statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { formatSize } from '../config/parse-size.js';
import { FS_REASONS } from '../errors.js';
import type { InputProblem, SpeakerSummary, Transcript, WarningKind } from '../types.js';
import { assembleTranscript } from './assemble.js';
import { decodeTranscript, normalizeText } from './decode.js';
import { chooseParser } from './formats.js';
import type { ColumnOptions, InputParser } from './parser.js';
import { listSpeakers, type RoleOptions } from './speakers.js';

/** Files larger than this (10 MiB) are refused unless the caller sets another limit. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** How to read transcripts. */
export interface ReadOptions {
  /** Paths in problems and transcripts are relative to this directory. */
  cwd: string;
  roles: RoleOptions;
  maxBytes: number;
  columns?: ColumnOptions;
}

/** The sessions of one input, what stopped it from being read, and what the user should know. */
export interface ReadResult {
  transcripts: Transcript[];
  problems: InputProblem[];
  warnings: InputProblem[];
}

/**
 * Reads one transcript file into its sessions. Known problems (unreadable, too large,
 * binary, empty, unparsable) come back as one-line problems, never as exceptions.
 */
export async function readTranscriptFile(absPath: string, opts: ReadOptions): Promise<ReadResult> {
  const file = toDisplayPath(absPath, opts.cwd);
  let bytes: Uint8Array;
  try {
    // Read in this thread: the thread pool took five round trips per file (stat, open, fstat,
    // read, close), each waking another thread, which cost more than the reads themselves. Only
    // a regular file is read, so nothing here waits on a pipe or a device.
    const info = statSync(absPath);
    if (!info.isFile()) return failed(file, 'not a regular file');
    if (info.size > opts.maxBytes) return failed(file, tooLarge(info.size, opts.maxBytes));
    if (info.size > memoryCeiling()) return failed(file, tooLargeForMemory(info.size));
    bytes = readFileSync(absPath);
  } catch (error) {
    return failed(file, describeFsError(error));
  }
  return readTranscriptBytes(bytes, file, opts);
}

/**
 * Reads transcript text that did not come from a file (stdin, shown as `-`), sniffing its
 * format. Bytes are decoded as a file's are (UTF-16, Windows-1252, binary refused).
 */
export async function readTranscriptText(text: string | Uint8Array, displayPath: string, opts: ReadOptions): Promise<ReadResult> {
  if (typeof text !== 'string') return readTranscriptBytes(text, displayPath, opts);
  const size = Buffer.byteLength(text);
  if (size > opts.maxBytes) return failed(displayPath, tooLarge(size, opts.maxBytes));
  const normalized = normalizeText(text);
  return readDecodedText(normalized, displayPath, opts, await chooseParser(displayPath, normalized, opts.columns));
}

// The bytes decoded by what they are, with a warning when they were read as Windows-1252.
async function readTranscriptBytes(bytes: Uint8Array, file: string, opts: ReadOptions): Promise<ReadResult> {
  // A file may have grown between stat and read.
  if (bytes.length > opts.maxBytes) return failed(file, tooLarge(bytes.length, opts.maxBytes));
  const decoded = decodeTranscript(bytes);
  if (!decoded.ok) return failed(file, decoded.message);
  const result = readDecodedText(decoded.text, file, opts, await chooseParser(file, decoded.text, opts.columns));
  if (decoded.encoding === 'windows-1252') {
    result.warnings.unshift({ file, message: 'not valid UTF-8; read as Windows-1252', kind: 'windows-1252' });
  }
  return result;
}

/** A path relative to `cwd` with forward slashes, as reports show it. */
export function toDisplayPath(absPath: string, cwd: string): string {
  return relative(cwd, absPath).split(sep).join('/') || '.';
}

/** Parses decoded text with the given parser and assembles its sessions. */
export function readDecodedText(text: string, file: string, opts: ReadOptions, parser: InputParser): ReadResult {
  if (text.trim() === '') return failed(file, 'empty file');
  const parsed = parser.parse(text, file, opts.columns === undefined ? {} : { columns: opts.columns });
  if (!parsed.ok) return { transcripts: [], problems: [{ file, ...parsed.error }], warnings: [] };
  const count = parsed.transcripts.length;
  const transcripts = parsed.transcripts.map((raw, index) =>
    assembleTranscript(raw, { path: file, format: parser.name, index, count, roles: opts.roles }),
  );
  return { transcripts, problems: [], warnings: transcripts.flatMap((t) => warnAbout(t, file, opts.roles)) };
}

/** Warnings about roles that would silently switch rules off: no therapist, no client, a busy `other`. */
function warnAbout(transcript: Transcript, file: string, roles: RoleOptions): InputProblem[] {
  const where = { file, line: transcript.line };
  if (transcript.turns.length === 0) return [{ ...where, message: `session ${transcript.id} has no turns`, kind: 'no-turns' }];
  const speakers = listSpeakers(transcript);
  if (!speakers.some((speaker) => speaker.role === 'therapist')) {
    // "use --therapist NAME" alone reads as wrong advice to someone who gave one that matched nobody.
    const given = roles.therapist.length > 0;
    const what = given ? 'no therapist turn found (no speaker has a therapist name given)' : 'no therapist turn found';
    return [roleWarning('no-therapist-turn', where, what, speakers, given ? '--therapist with one of these names' : '--therapist NAME')];
  }
  if (!speakers.some((speaker) => speaker.role === 'client')) {
    return [roleWarning('no-client-turn', where, 'no client turn found, so rules on what the client said cannot fire', speakers, '--client NAME')];
  }
  const busy = speakers.filter((speaker) => speaker.role === 'other' && isBusy(speaker.turns, transcript.turns.length));
  if (busy.length === 0) return [];
  const turns = busy.reduce((sum, speaker) => sum + speaker.turns, 0);
  return [roleWarning('other-speakers', where, `${turns} turns are by speakers with the role other`, busy, '--client NAME or --therapist NAME')];
}

/** A speaker with this many turns, and this share of the session, is likely a participant. */
const BUSY_TURNS = 3;
const BUSY_SHARE = 0.2;

function isBusy(turns: number, total: number): boolean {
  return turns >= BUSY_TURNS && turns >= total * BUSY_SHARE;
}

/** A role warning naming the speakers seen, with a form that names none of them for `--redact`. */
function roleWarning(kind: WarningKind, where: { file: string; line: number }, what: string, seen: readonly SpeakerSummary[], option: string): InputProblem {
  const count = `${seen.length} speaker${seen.length === 1 ? '' : 's'}`;
  return {
    ...where,
    kind,
    message: `${what}; speakers seen: ${seen.map((speaker) => speaker.speaker).join(', ')}; use ${option}`,
    redactedMessage: `${what}; ${count} seen (names left out by --redact); use ${option}`,
  };
}

function failed(file: string, message: string): ReadResult {
  return { transcripts: [], problems: [{ file, message }], warnings: [] };
}

/** `file is too large (12.0 MiB, limit 10.0 MiB)`. */
export function tooLarge(size: number, max: number): string {
  return `file is too large (${formatSize(size)}, limit ${formatSize(max)})`;
}

/**
 * The largest file read whole: its text, turns and findings take many times its size, and
 * past the heap's limit V8 would crash instead of reporting. JSON Lines is read session by
 * session instead.
 */
export function memoryCeiling(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / 32);
}

/** Why a file above the memory ceiling is refused. */
export function tooLargeForMemory(size: number): string {
  return `file is too large to read at once (${formatSize(size)}, at most ${formatSize(memoryCeiling())} in this much memory): split it, or write it as JSON Lines (.jsonl), which is read session by session`;
}

/** One line for a file-system error, by its code. */
export function describeFsError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  if (code === undefined) return `cannot read file (${String(error)})`;
  return FS_REASONS[code] ?? `cannot read file (${code})`;
}
