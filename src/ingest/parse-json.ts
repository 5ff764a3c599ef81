import { LineCounter, parseDocument } from 'yaml';
import type { InputParser, ParseError, ParseResult, RawTranscript } from './parser.js';
import { describeYamlErrorRedacted } from '../errors.js';
import { findExcessiveNesting, MAX_FLOW_DEPTH, readTranscriptDocuments, type LinePositions } from './parse-yaml.js';
import { describeOwnOutput, recogniseOwnOutput } from './own-outputs.js';
import { JSON_SIGNATURE } from './signatures.js';

/**
 * Parses a JSON transcript: the YAML shape (an object with `turns`, a bare array of turns,
 * or an array of such objects). JSON.parse decides validity; the YAML library, which reads
 * JSON as YAML, supplies line and column of every turn.
 */
export function parseJsonTranscript(text: string): ParseResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: describeJsonParseError(error, text) };
  }
  const own = recogniseOwnOutput(value);
  if (own !== undefined) return { ok: false, error: { message: describeOwnOutput(own), line: 1 } };
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) return { ok: false, error: { message: `nesting deeper than ${MAX_FLOW_DEPTH} levels`, line: deep } };
  if (isSessionList(value)) return parseSessionsOneByOne(text);
  return parseWithPositions(text, 0, new LineCounter());
}

/**
 * Parses `text` (found at `start` of the file) with the YAML library for the positions.
 * `lines` maps file offsets; it is filled by the parse when it is a fresh counter.
 */
function parseWithPositions(text: string, start: number, lines: LineCounter): ParseResult {
  const fresh = start === 0;
  const doc = parseDocument(text, { ...(fresh ? { lineCounter: lines } : {}), prettyErrors: false, uniqueKeys: false });
  const positions: LinePositions = fresh ? lines : { linePos: (offset) => lines.linePos(offset + start) };
  const [error] = doc.errors;
  // JSON is YAML 1.2; should the library still disagree, say so rather than guess positions.
  if (error !== undefined) {
    const describe = (what: string): string => `cannot locate the turns of this JSON: ${what}`;
    const line = positions.linePos(error.pos[0]).line;
    return { ok: false, error: { message: describe(error.message.split('\n', 1)[0] ?? ''), redactedMessage: describe(describeYamlErrorRedacted(error)), line } };
  }
  return readTranscriptDocuments([doc], text, positions);
}

/**
 * A list of sessions is parsed one session at a time: the YAML library's tree of a whole
 * large file (10^5 sessions) takes gigabytes and minutes, one session's is small.
 */
function parseSessionsOneByOne(text: string): ParseResult {
  const lines = countLines(text);
  const transcripts: RawTranscript[] = [];
  for (const [start, end] of findTopLevelObjects(text)) {
    const parsed = parseWithPositions(text.slice(start, end), start, lines);
    if (!parsed.ok) return parsed;
    transcripts.push(...parsed.transcripts);
  }
  return { ok: true, transcripts };
}

/** A list of two or more objects that each have `turns`: sessions. */
function isSessionList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 1 && value.every((item) => typeof item === 'object' && item !== null && !Array.isArray(item) && 'turns' in item);
}

/** A line counter for `text`, filled in one pass. */
function countLines(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) lines.addNewLine(index + 1);
  return lines;
}

/** Start and end offsets of the objects directly inside the top-level array of valid JSON. */
function findTopLevelObjects(text: string): [number, number][] {
  const objects: [number, number][] = [];
  let depth = 0;
  let inString = false;
  let start = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (depth === 1) start = index;
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
      if (depth === 1) objects.push([start, index + 1]);
    }
  }
  return objects;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

/** The JSON input format. */
export const jsonParser: InputParser = {
  name: 'json',
  ...JSON_SIGNATURE,
  parse: (text) => parseJsonTranscript(text),
};

/** The text without a leading byte-order mark: an editor may save JSON with one, which JSON.parse refuses. */
export function withoutByteOrderMark(text: string): string {
  return text.startsWith('\ufeff') ? text.slice(1) : text;
}

/** A JSON syntax error: its message, the message under `--redact`, and where it stops. */
export interface JsonErrorDescription {
  message: string;
  /** The message without the character it names (a transcript's), which `--redact` shows instead. */
  redactedMessage: string;
  line?: number;
  /** The 1-based column of the character where the text stops being JSON. */
  column?: number;
}

/**
 * A JSON.parse error as one line with its line and column (in the message too with
 * `inMessage`, for a problem, which has no column of its own). V8's messages differ between
 * Node versions, often give no position and quote the text, so the position comes from
 * `findJsonErrorOffset`, and the redacted form quotes nothing.
 */
export function describeJsonError(error: unknown, text: string, inMessage = false): JsonErrorDescription {
  const offset = findJsonErrorOffset(text);
  if (offset === undefined) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n', 1)[0] ?? '';
    return { message: `invalid JSON: ${message}`, redactedMessage: "invalid JSON (the parser's message left out by --redact)" };
  }
  const before = text.slice(0, offset).split('\n');
  const place = { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
  const at = inMessage ? ` at column ${place.column}` : '';
  const found = text[offset];
  if (found === undefined) return { message: `invalid JSON: unexpected end of input${at}`, redactedMessage: `invalid JSON: unexpected end of input${at}`, ...place };
  return { message: `invalid JSON: unexpected character ${JSON.stringify(found)}${at}`, redactedMessage: `invalid JSON: unexpected character${at} (left out by --redact)`, ...place };
}

/** A transcript's JSON syntax error as a parse error, its column in the message. */
export function describeJsonParseError(error: unknown, text: string): ParseError {
  const { message, redactedMessage, line } = describeJsonError(error, text, true);
  return { message, ...(redactedMessage === message ? {} : { redactedMessage }), ...(line === undefined ? {} : { line }) };
}

// eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters.
const JSON_SCALAR = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** The offset of the first JSON syntax error (iterative, so deep nesting cannot overflow the stack). */
export function findJsonErrorOffset(text: string): number | undefined {
  const closers: string[] = [];
  let expected: 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'after' = 'value';
  let i = 0;
  const skipSpace = (): void => {
    while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i += 1;
  };
  const scalar = (): boolean => {
    JSON_SCALAR.lastIndex = i;
    if (!JSON_SCALAR.test(text)) return false;
    i = JSON_SCALAR.lastIndex;
    return true;
  };
  for (;;) {
    skipSpace();
    const char = text[i];
    if (expected === 'after') {
      const closer = closers.at(-1);
      if (closer === undefined) return i < text.length ? i : undefined;
      if (char === ',') expected = closer === '}' ? 'key' : 'value';
      else if (char === closer) closers.pop();
      else return i;
      i += 1;
    } else if ((expected === 'keyOrClose' && char === '}') || (expected === 'valueOrClose' && char === ']')) {
      closers.pop();
      i += 1;
      expected = 'after';
    } else if (expected === 'key' || expected === 'keyOrClose') {
      if (char !== '"' || !scalar()) return i;
      skipSpace();
      if (text[i] !== ':') return i;
      i += 1;
      expected = 'value';
    } else if (char === '{' || char === '[') {
      closers.push(char === '{' ? '}' : ']');
      i += 1;
      expected = char === '{' ? 'keyOrClose' : 'valueOrClose';
    } else {
      if (!scalar()) return i;
      expected = 'after';
    }
  }
}
