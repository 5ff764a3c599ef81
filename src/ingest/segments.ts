import type { TextSegment } from '../types.js';

/** Text together with the segments that map its offsets back to the source file. */
export interface SegmentedText {
  text: string;
  segments: TextSegment[];
}

/** The segments of a turn, making the implicit "all on `line`, column 1" explicit. */
export function materializeSegments(segments: readonly TextSegment[] | undefined, line: number): TextSegment[] {
  return segments !== undefined && segments.length > 0 ? [...segments] : [{ offset: 0, line, column: 1 }];
}

/** Joins pieces with a separator, shifting each piece's segments by where it lands. */
export function joinSegmented(parts: readonly SegmentedText[], separator = ' '): SegmentedText {
  let text = '';
  const segments: TextSegment[] = [];
  for (const part of parts) {
    if (part.text === '') continue;
    if (text !== '') text += separator;
    const shift = text.length;
    for (const segment of part.segments) segments.push({ ...segment, offset: segment.offset + shift });
    text += part.text;
  }
  return { text, segments: dedupeSegments(segments) };
}

/** Trims whitespace at both ends, moving segments so they still point at the same characters. */
export function trimSegmented(part: SegmentedText): SegmentedText {
  const lead = part.text.length - part.text.trimStart().length;
  const sliced = sliceSegmented(part, lead);
  const text = sliced.text.trimEnd();
  const segments = sliced.segments.filter((segment) => segment.offset < text.length || segment.offset === 0);
  return { text, segments };
}

/** The text from `start` on, with segments moved so they still point at the same characters. */
export function sliceSegmented(part: SegmentedText, start: number): SegmentedText {
  const moved = part.segments.map((segment) =>
    segment.offset >= start
      ? { ...segment, offset: segment.offset - start }
      : // A segment that starts before the cut now starts at offset 0, further right.
        { ...segment, offset: 0, column: segment.column + start - segment.offset },
  );
  return { text: part.text.slice(start), segments: dedupeSegments(moved) };
}

/** Keeps, for each offset, the last segment that claims it, in offset order. */
function dedupeSegments(segments: readonly TextSegment[]): TextSegment[] {
  const byOffset = new Map<number, TextSegment>();
  for (const segment of segments) byOffset.set(segment.offset, segment);
  return [...byOffset.values()].sort((a, b) => a.offset - b.offset);
}
