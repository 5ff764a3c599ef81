import type { Turn } from '../types.js';

/** A turn as a parser read it, before it is numbered, given a role and merged with its neighbours. */
export type RawTurn = Omit<Turn, 'index' | 'role'>;

/** Speaker labels a transcript itself assigns to roles (`roles: {therapist: [Dr. Lee]}`). */
export interface RoleHints {
  therapist?: string[];
  client?: string[];
}

/** A session as a parser read it. */
export interface RawTranscript {
  /** Session id from the source, if it names one. */
  id?: string;
  /** Metadata by key, in an object without a prototype (see {@link createMeta}). */
  meta: Record<string, unknown>;
  /** 1-based line of each metadata key's value, where the format gives one. */
  metaLines?: Record<string, number>;
  roles?: RoleHints;
  turns: RawTurn[];
  labels?: string[];
  /** 1-based line where the session starts. */
  line: number;
}

/**
 * An empty metadata object. Without a prototype, keys such as `__proto__` and `constructor`
 * are the file's own keys: `__proto__: {therapist: x}` cannot lend the session a therapist.
 */
export function createMeta(): Record<string, unknown> {
  return Object.create(null) as Record<string, unknown>;
}

/** A parse error: one line, naming the line where there is one. */
export interface ParseError {
  message: string;
  /** The message without words from the file, for `--redact`, when `message` quotes some. */
  redactedMessage?: string;
  line?: number;
}

/** What every parser returns: transcripts, or a typed error. Parsers never throw. */
export type ParseResult =
  | { ok: true; transcripts: RawTranscript[] }
  | { ok: false; error: ParseError };

/** Column names for tabular formats, when the header does not use a name we recognise. */
export interface ColumnOptions {
  speaker?: string;
  text?: string;
}

/** Options a caller may pass to a parser; parsers ignore what does not apply to them. */
export interface ParseOptions {
  columns?: ColumnOptions;
}

/** One input format. Registered in `ingest/formats.ts`. */
export interface InputParser {
  /** Name shown in reports (`Transcript.format`). */
  name: string;
  /** File extensions (lower case, with the dot) this parser claims. */
  extensions: readonly string[];
  /** For files whose extension says nothing: does the content look like this format? */
  sniff?: (text: string) => boolean;
  /**
   * Parses decoded text (see `decode.ts`: BOM removed, line endings normalised to LF;
   * parsers still accept CR LF so they can be used on raw strings).
   */
  parse: (text: string, file: string, options?: ParseOptions) => ParseResult;
}
