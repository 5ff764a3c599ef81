import type { InputParser, ParseResult } from './parser.js';
import { readCues, splitBlocks, type Cue } from './parse-cues.js';
import { SRT_SIGNATURE } from './signatures.js';

const TIMING = /^\s*(\d{1,2}:\d{2}:\d{2}[,.]\d{1,3})\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}(?:\s.*)?$/;

/** Parses SubRip subtitles: numbered cues with `Name:` prefixes, the cue start as `time`. */
export function parseSrtTranscript(text: string): ParseResult {
  const cues: Cue[] = [];
  for (const block of splitBlocks(text)) {
    const numbered = /^\s*\d+\s*$/.test(block[0]?.text ?? '');
    const timing = block[numbered ? 1 : 0];
    const start = timing === undefined ? null : TIMING.exec(timing.text);
    if (start === null) {
      const line = timing?.line ?? block[0]?.line ?? 1;
      return { ok: false, error: { message: 'expected a cue number and a timing line (`00:00:01,000 --> 00:00:04,000`)', line } };
    }
    cues.push({ start: start[1] ?? '', payload: block.slice(numbered ? 2 : 1) });
  }
  return readCues(cues);
}

/** The SubRip input format. */
export const srtParser: InputParser = {
  name: 'srt',
  ...SRT_SIGNATURE,
  parse: (text) => parseSrtTranscript(text),
};
