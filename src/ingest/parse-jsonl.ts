import type { TextSegment } from '../types.js';
import { createMeta, type InputParser, type ParseResult, type RawTranscript } from './parser.js';
import { describeJsonParseError, parseJsonTranscript } from './parse-json.js';
import { readTurnValue } from './parse-yaml.js';
import { trimSegmented } from './segments.js';
import { describeOwnOutput, recogniseOwnOutput } from './own-outputs.js';
import { JSONL_SIGNATURE } from './signatures.js';

/**
 * Parses JSON Lines: one turn object per line (`{"speaker": …, "text": …}`); a `session`
 * key that changes from one line to the next starts a new session. A line may also hold a
 * whole session (`{"session": …, "turns": [...]}`), as standard input and large files are
 * read. Blank lines are skipped.
 */
export function parseJsonlTranscript(text: string): ParseResult {
  const transcripts: RawTranscript[] = [];
  let current: RawTranscript | undefined;
  for (const [i, source] of text.split(/\r\n|\r|\n/).entries()) {
    const line = i + 1;
    if (source.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(source);
    } catch (error) {
      return { ok: false, error: { ...describeJsonParseError(error, source), line } };
    }
    const own = recogniseOwnOutput(value);
    if (own !== undefined) return { ok: false, error: { message: describeOwnOutput(own), line } };
    if (isWholeSession(value)) {
      const whole = parseJsonTranscript(source);
      if (!whole.ok) return { ok: false, error: { ...whole.error, line } };
      transcripts.push(...whole.transcripts.map((transcript) => moveToLine(transcript, line)));
      current = undefined;
      continue;
    }
    const session = typeof value === 'object' && value !== null && 'session' in value ? value.session : undefined;
    if (session !== undefined && typeof session !== 'string' && typeof session !== 'number') {
      return { ok: false, error: { message: '`session` must be a name', line } };
    }
    const id = session === undefined ? undefined : String(session);
    if (current === undefined || (id !== undefined && id !== current.id)) {
      current = id === undefined ? { meta: createMeta(), turns: [], line } : { id, meta: createMeta(), turns: [], line };
      transcripts.push(current);
    }
    const read = readTurnValue(value, current.turns.length + 1, line, ['session']);
    if (!read.ok) return read;
    const raw = (value as { text: string }).text;
    current.turns.push({ ...read.turn, ...trimSegmented({ text: raw, segments: locateText(source, raw, line) }) });
  }
  if (transcripts.length === 0) return { ok: false, error: { message: 'no turns found (expected one JSON object per line)' } };
  return { ok: true, transcripts };
}

/** A line that is a whole session: an object with a `turns` list. */
function isWholeSession(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as { turns?: unknown }).turns);
}

/** A session parsed from one line on its own, placed on that line of the file (its metadata too). */
function moveToLine({ metaLines, ...transcript }: RawTranscript, line: number): RawTranscript {
  return {
    ...transcript,
    ...(metaLines === undefined ? {} : { metaLines: placeKeys(metaLines, line) }),
    line,
    turns: transcript.turns.map((turn) => ({ ...turn, line, ...(turn.segments ? { segments: turn.segments.map((segment) => ({ ...segment, line })) } : {}) })),
  };
}

function placeKeys(lines: Record<string, number>, line: number): Record<string, number> {
  const placed = createMeta() as Record<string, number>;
  for (const key of Object.keys(lines)) placed[key] = line;
  return placed;
}

/** The JSON Lines input format. */
export const jsonlParser: InputParser = {
  name: 'jsonl',
  ...JSONL_SIGNATURE,
  parse: (text) => parseJsonlTranscript(text),
};

/** Where the text value starts on its line, when it is written without escapes. */
function locateText(source: string, text: string, line: number): TextSegment[] {
  const written = JSON.stringify(text);
  const at = source.indexOf(written, source.indexOf('"text"') + 6);
  if (written !== `"${text}"` || at < 0) return [{ offset: 0, line, column: 1 }];
  return [{ offset: 0, line, column: at + 2 }];
}
