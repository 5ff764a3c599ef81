/**
 * Reading JSON Lines as the lines arrive (standard input, very large `.jsonl` files): each
 * session is read and handed on as soon as it is complete, so the first report can be
 * written while the input is still open and memory holds one session at a time.
 *
 * A line is either a turn (`{"speaker", "text", "session"?}`, the JSON Lines format: a
 * session ends where the `session` key changes) or a whole session (`{"session", "turns":
 * [...]}`, the JSON format on one line). Other input on standard input is read whole.
 */
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Transcript } from '../types.js';
import { normalizeText } from './decode.js';
import { jsonParser } from './parse-json.js';
import { jsonlParser } from './parse-jsonl.js';
import { formatSize } from '../config/parse-size.js';
import { describeStdinError, isReadError } from '../errors.js';
import { memoryCeiling, readDecodedText, readTranscriptText, tooLarge, tooLargeForMemory, type ReadOptions, type ReadResult } from './read.js';

/** One line of input with its 1-based number. */
interface NumberedLine {
  text: string;
  line: number;
}

/** The turn lines of the session being read. */
interface PendingSession {
  id: string | undefined;
  lines: NumberedLine[];
  bytes: number;
  /** Set once the session passed the size limit: its remaining lines are skipped. */
  tooLarge: boolean;
}

/**
 * Reads sessions from standard input: JSON Lines session by session as they arrive, any
 * other format (sniffed as before) once the input ends. Should reading fail (a directory
 * given as standard input), the sessions complete before are kept and the failure is one
 * problem on `file`; what was read of the rest is dropped, not audited as if whole.
 */
export async function* readStdinSessions(chunks: AsyncIterable<string | Uint8Array>, file: string, opts: ReadOptions): AsyncGenerator<ReadResult> {
  const failure: { error?: unknown } = {};
  for await (const result of readStdinText(endAtReadError(chunks, failure), file, opts)) {
    if (failure.error !== undefined) break;
    yield result;
  }
  if (failure.error !== undefined) yield { transcripts: [], problems: [{ file, message: describeStdinError(failure.error) }], warnings: [] };
}

// The chunks until one fails to arrive with a system error (a code such as EISDIR), kept in `failure`.
async function* endAtReadError(chunks: AsyncIterable<string | Uint8Array>, failure: { error?: unknown }): AsyncGenerator<string | Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    if (!isReadError(error)) throw error;
    failure.error = error;
  }
}

async function* readStdinText(chunks: AsyncIterable<string | Uint8Array>, file: string, opts: ReadOptions): AsyncGenerator<ReadResult> {
  const limit = Math.min(opts.maxBytes, memoryCeiling());
  // The bytes as they arrived, for input read whole: decoded as a file's are (UTF-16,
  // Windows-1252, binary refused), not as the UTF-8 lines that tell JSON Lines apart.
  const kept: Uint8Array[] = [];
  let size = 0;
  let keeping = true;
  const lines = splitLines(
    tapChunks(chunks, (chunk) => {
      size += chunk.length;
      if (keeping && size <= limit) kept.push(chunk);
    }),
  );
  const first: NumberedLine[] = [];
  // Read by hand: leaving a for-await loop early would close the generator.
  for (let next = await lines.next(); next.done !== true; next = await lines.next()) {
    first.push(next.value);
    if (next.value.text.trim() !== '') break;
  }
  const opening = first.at(-1);
  // A stream mapper's empty share (a Spark partition, a Hadoop split) holds no session, which is no error.
  if (opening === undefined || opening.text.trim() === '') {
    yield { transcripts: [], problems: [], warnings: [{ file, message: 'standard input is empty: no session to audit', kind: 'empty-input' }] };
    return;
  }
  if (isJsonObjectLine(opening.text)) {
    keeping = false;
    kept.length = 0;
    yield* readJsonlLines(prepend(first, lines), file, opts);
    return;
  }
  // Past the limit the rest is drained unread: it would be refused anyway.
  for await (const line of lines) void line;
  if (size > limit) {
    const message = size > opts.maxBytes ? tooLarge(size, opts.maxBytes) : tooLargeForMemory(size);
    yield { transcripts: [], problems: [{ file, message }], warnings: [] };
    return;
  }
  yield await readTranscriptText(Buffer.concat(kept), file, opts);
}

// Each chunk as bytes to `see`, then on unchanged.
async function* tapChunks(chunks: AsyncIterable<string | Uint8Array>, see: (bytes: Uint8Array) => void): AsyncGenerator<string | Uint8Array> {
  for await (const chunk of chunks) {
    see(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    yield chunk;
  }
}

/** Reads a JSON Lines file session by session (for files too large to read at once). */
export function readJsonlFile(absPath: string, file: string, opts: ReadOptions): AsyncGenerator<ReadResult> {
  return readJsonlLines(splitLines(createReadStream(absPath) as AsyncIterable<Uint8Array>), file, opts);
}

/** Reads JSON Lines sessions, each as soon as its last line has arrived. */
export async function* readJsonlLines(lines: AsyncIterable<NumberedLine>, file: string, opts: ReadOptions): AsyncGenerator<ReadResult> {
  let pending: PendingSession | undefined;
  for await (const { text, line } of lines) {
    if (text.trim() === '') continue;
    const value = parseObjectLine(text);
    if (value === undefined || Array.isArray(value.turns)) {
      if (pending) yield readPending(pending, file, opts);
      pending = undefined;
      yield relocate(readDecodedText(text, file, opts, value === undefined ? jsonlParser : jsonParser), () => line);
      continue;
    }
    const id = value.session === undefined ? undefined : String(value.session);
    if (pending && id !== undefined && id !== pending.id) {
      yield readPending(pending, file, opts);
      pending = undefined;
    }
    pending ??= { id, lines: [], bytes: 0, tooLarge: false };
    pending.bytes += Buffer.byteLength(text) + 1;
    if (pending.bytes > opts.maxBytes && !pending.tooLarge) {
      pending.tooLarge = true;
      pending.lines = [];
      yield { transcripts: [], problems: [{ file, line, message: `session ${pending.id ?? file} is too large (over ${formatSize(opts.maxBytes)}); its other lines are skipped` }], warnings: [] };
    }
    if (!pending.tooLarge) pending.lines.push({ text, line });
  }
  if (pending) yield readPending(pending, file, opts);
}

function readPending(pending: PendingSession, file: string, opts: ReadOptions): ReadResult {
  if (pending.tooLarge) return { transcripts: [], problems: [], warnings: [] };
  const { lines } = pending;
  const result = readDecodedText(lines.map((entry) => entry.text).join('\n'), file, opts, jsonlParser);
  return relocate(result, (line) => lines[line - 1]?.line ?? line);
}

/** Line numbers of a text read on its own turned into line numbers of the whole input. */
function relocate(result: ReadResult, lineOf: (line: number) => number): ReadResult {
  const move = <T extends { line?: number }>(entry: T): T => (entry.line === undefined ? entry : { ...entry, line: lineOf(entry.line) });
  return {
    transcripts: result.transcripts.map((transcript): Transcript => ({
      ...transcript,
      line: lineOf(transcript.line),
      turns: transcript.turns.map((turn) => ({ ...move(turn), ...(turn.segments ? { segments: turn.segments.map(move) } : {}) })),
    })),
    problems: result.problems.map(move),
    warnings: result.warnings.map(move),
  };
}

/** Splits decoded chunks into lines (LF, CR LF or CR), numbered from 1, without a leading BOM. */
export async function* splitLines(chunks: AsyncIterable<string | Uint8Array>): AsyncGenerator<NumberedLine> {
  const decoder = new StringDecoder('utf8');
  let buffer = '';
  let line = 0;
  for await (const chunk of chunks) {
    buffer += typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk));
    if (line === 0) buffer = buffer.replace(/^\ufeff/, '');
    const parts = buffer.split(/\r\n|\r(?!$)|\n/);
    buffer = parts.pop() ?? '';
    for (const part of parts) yield { text: normalizeText(part), line: ++line };
  }
  buffer += decoder.end();
  if (buffer !== '') yield { text: normalizeText(buffer.replace(/\r$/, '')), line: ++line };
}

async function* prepend<T>(first: T[], rest: AsyncIterable<T>): AsyncGenerator<T> {
  yield* first;
  yield* rest;
}

function isJsonObjectLine(text: string): boolean {
  return /^\s*\{.*\}\s*$/.test(text) && parseObjectLine(text) !== undefined;
}

/** A line parsed as a JSON object; `undefined` when it is not one (the caller says what is wrong). */
export function parseObjectLine(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
