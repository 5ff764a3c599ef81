import type { MatchSpan, SourcePosition, Turn } from '../types.js';
import type { Sentence } from './text.js';

const EXCERPT_MAX = 160;

/** The file position of a text offset in a turn, through the turn's segments. */
export function positionInTurn(turn: Turn, offset: number): SourcePosition {
  const segments = turn.segments ?? [];
  let found: SourcePosition = { line: turn.line, column: 1 };
  for (const segment of segments) {
    if (segment.offset > offset) break;
    found = { line: segment.line, column: segment.column + (offset - segment.offset) };
  }
  return found;
}

/** Where a match is in the file, and the sentence around it, shortened around the match. */
export function describeMatch(turn: Turn, span: MatchSpan, sentence: Sentence): SourcePosition & { excerpt: string } {
  return { ...positionInTurn(turn, span.start), excerpt: makeExcerpt(turn.text, span, sentence) };
}

function makeExcerpt(text: string, span: MatchSpan, sentence: Sentence): string {
  const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();
  if (sentence.end - sentence.start <= EXCERPT_MAX) return flat(text.slice(sentence.start, sentence.end));
  const room = Math.max(0, EXCERPT_MAX - (span.end - span.start));
  const start = Math.max(sentence.start, span.start - Math.floor(room / 2));
  const end = Math.min(sentence.end, start + EXCERPT_MAX);
  return `${start > sentence.start ? '…' : ''}${flat(text.slice(start, end))}${end < sentence.end ? '…' : ''}`;
}
