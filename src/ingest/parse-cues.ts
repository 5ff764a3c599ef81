import type { TextSegment } from '../types.js';
import { createMeta, type ParseResult, type RawTurn } from './parser.js';
import { readSpeakerLabel } from './parse-text.js';
import { joinSegmented, sliceSegmented, trimSegmented, type SegmentedText } from './segments.js';

/** One line of a subtitle file, with its 1-based number. */
export interface SourceLine {
  text: string;
  line: number;
}

/** A subtitle cue: its start time as written and its payload lines. */
export interface Cue {
  start: string;
  payload: SourceLine[];
}

const MARKUP = /<[^<>]*>|\{\\[^{}]*\}|&(?:amp|lt|gt|nbsp|lrm|rlm|quot|apos);/gi;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&nbsp;': ' ', '&lrm;': '', '&rlm;': '', '&quot;': '"', '&apos;': "'" };
const VOICE = /^\s*<v(?:\.[^\s>]*)?\s+([^>]*)>/;

/** Splits text into blocks of non-blank lines (subtitle files separate cues with blank lines). */
export function splitBlocks(text: string): SourceLine[][] {
  const blocks: SourceLine[][] = [];
  let block: SourceLine[] = [];
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') {
      if (block.length > 0) blocks.push(block);
      block = [];
    } else {
      block.push({ text: line, line: i + 1 });
    }
  });
  if (block.length > 0) blocks.push(block);
  return blocks;
}

/**
 * Removes tags (`<i>`, `</v>`, `{\an8}`) and decodes the common entities of one payload line,
 * keeping segments so offsets still map to the right columns.
 */
export function stripMarkup(raw: string, line: number, startIndex: number): SegmentedText {
  let text = '';
  const segments: TextSegment[] = [];
  const append = (piece: string, index: number): void => {
    if (piece === '') return;
    const last = segments.at(-1);
    const column = startIndex + index + 1;
    if (last === undefined || last.column + (text.length - last.offset) !== column) segments.push({ offset: text.length, line, column });
    text += piece;
  };
  let cursor = 0;
  for (const match of raw.matchAll(MARKUP)) {
    append(raw.slice(cursor, match.index), cursor);
    const entity = ENTITIES[match[0].toLowerCase()];
    if (entity !== undefined) append(entity, match.index);
    cursor = match.index + match[0].length;
  }
  append(raw.slice(cursor), cursor);
  return trimSegmented({ text, segments });
}

/**
 * Turns cues into raw turns. A payload line names its speaker with a `<v Name>` voice tag or
 * a `Name:` prefix; a line without one continues the speaker before it, across cues.
 */
export function readCues(cues: readonly Cue[]): ParseResult {
  const turns: RawTurn[] = [];
  let speaker: string | undefined;
  for (const cue of cues) {
    let current: { turn: RawTurn; parts: SegmentedText[] } | undefined;
    const flush = (): void => {
      if (current === undefined) return;
      const joined = joinSegmented(current.parts);
      turns.push({ ...current.turn, text: joined.text, segments: joined.segments });
    };
    for (const { text, line } of cue.payload) {
      const payload = readPayload(text, line);
      if (payload.speaker === undefined && speaker === undefined) {
        return { ok: false, error: { message: 'cue text without a speaker (expected `<v Name>` or `Name:`)', line } };
      }
      const lineSpeaker = payload.speaker ?? speaker ?? '';
      if (current === undefined || current.turn.speaker !== lineSpeaker) {
        flush();
        current = { turn: { speaker: lineSpeaker, text: '', line, time: cue.start }, parts: [] };
      }
      speaker = lineSpeaker;
      current.parts.push(payload.text);
    }
    flush();
  }
  if (turns.length === 0) return { ok: false, error: { message: 'no cues with text found' } };
  return { ok: true, transcripts: [{ meta: createMeta(), turns, line: turns[0]?.line ?? 1 }] };
}

/** The speaker a payload line names (voice tag, or `Name:` once tags are stripped) and its text. */
function readPayload(raw: string, line: number): { speaker?: string; text: SegmentedText } {
  const voice = VOICE.exec(raw);
  const name = voice?.[1]?.trim();
  if (voice !== null && name !== undefined && name !== '') {
    return { speaker: name, text: stripMarkup(raw.slice(voice[0].length), line, voice[0].length) };
  }
  const text = stripMarkup(raw, line, 0);
  const label = readSpeakerLabel(text.text);
  // `Jane Smith 00:01:02` alone is a caption line, not a speaker header.
  if (label === undefined || (label.time !== undefined && label.rest === '')) return { text };
  return { speaker: label.speaker, text: trimSegmented(sliceSegmented(text, label.restIndex)) };
}
