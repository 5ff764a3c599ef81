import type { InputParser, ParseResult } from './parser.js';
import { readCues, splitBlocks, type Cue } from './parse-cues.js';
import { VTT_SIGNATURE } from './signatures.js';

const TIMING = /^\s*((?:\d+:)?\d{2}:\d{2}\.\d{3})\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}(?:\s.*)?$/;

/**
 * Parses WebVTT captions: speakers from `<v Name>` voice tags or `Name:` prefixes, the cue
 * start as `time`, other tags stripped. NOTE, STYLE and REGION blocks are skipped.
 */
export function parseVttTranscript(text: string): ParseResult {
  const [header, ...blocks] = splitBlocks(text);
  if (header === undefined || !/^\uFEFF?WEBVTT(?:[ \t].*)?$/.test(header[0]?.text ?? '') || header[0]?.line !== 1) {
    return { ok: false, error: { message: 'missing `WEBVTT` header on the first line', line: 1 } };
  }
  const cues: Cue[] = [];
  for (const block of blocks) {
    if (/^(?:NOTE|STYLE|REGION)(?:\s|$)/.test(block[0]?.text ?? '')) continue;
    const timingIndex = block.findIndex((line) => line.text.includes('-->'));
    // A block without a timing line is not a cue; WebVTT parsers skip it.
    if (timingIndex < 0 || timingIndex > 1) continue;
    const timing = block[timingIndex];
    const start = timing === undefined ? null : TIMING.exec(timing.text);
    if (timing === undefined || start === null) {
      return { ok: false, error: { message: 'invalid cue timing (expected `00:00:01.000 --> 00:00:04.000`)', line: timing?.line ?? 1 } };
    }
    cues.push({ start: start[1] ?? '', payload: block.slice(timingIndex + 1) });
  }
  return readCues(cues);
}

/** The WebVTT input format. */
export const vttParser: InputParser = {
  name: 'vtt',
  ...VTT_SIGNATURE,
  parse: (text) => parseVttTranscript(text),
};
