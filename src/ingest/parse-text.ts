import { createMeta, type InputParser, type ParseResult, type RawTurn } from './parser.js';
import { joinSegmented, trimSegmented, type SegmentedText } from './segments.js';
import { TEXT_SIGNATURE } from './signatures.js';

/** A clock time as exports write it: `1:02`, `00:01:02`, `00:01:02.500`. */
export const TIMESTAMP_SOURCE = String.raw`\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;
const TS = TIMESTAMP_SOURCE;
// `\u2019` (’) escaped, so that the command line's bundle stays ASCII (see scripts/bundle.js).
const NAME = String.raw`\p{L}[\p{L}\p{M}\p{N}.'\u2019_\- ]{0,39}`;
const OPTIONAL_TS = String.raw`(?:[[(](${TS})[\])]|(${TS}))`;

/** `[00:01] Dr. Lee (00:01): text`; the colon must be followed by a space or the end. */
const LABEL_LINE = new RegExp(
  String.raw`^\s*(?:${OPTIONAL_TS}\s+)?(${NAME})\s*(?:[[(](${TS})[\])]\s*)?:(?:\s+(.*))?$`,
  'u',
);
/** `Jane Smith  00:01:02` alone on a line: the text follows on the next lines. */
const HEADER_LINE = new RegExp(String.raw`^\s*(${NAME})\s+${OPTIONAL_TS}\s*$`, 'u');
/** `[10:03 AM] Jane Smith` alone on a line (a copied meeting chat): the text follows on the next lines. */
const TIME_FIRST_HEADER_LINE = new RegExp(String.raw`^\s*[[(](${TS}(?:\s?[AaPp]\.?[Mm]\.?)?)[\])]\s+(${NAME})\s*$`, 'u');
const TIME_LINE = new RegExp(String.raw`^\s*${OPTIONAL_TS}\s*$`, 'u');

/** A file with no speaker label anywhere: the forms that would have been read, on one line. */
const NO_LABELS = 'no speaker labels found; expected lines like `Name: text`, `[00:01] Name: text`, or `Name  00:01` or `[10:03 AM] Name` above the text';

const MAX_NAME_WORDS = 4;
const MAX_NAME_LENGTH = 40;
const NAME_PARTICLES = new Set(['van', 'von', 'de', 'da', 'del', 'der', 'di', 'du', 'la', 'le', 'bin', 'al']);
/** Single words that start sentences with a colon far more often than they name a speaker. */
const NOT_NAMES = new Set(
  ('so well and but or then now yes no ok okay note also because like anyway basically honestly actually ' +
    'however look listen example answer question reason problem thing point truth fact result first second ' +
    'finally plus meaning update summary edit warning p.s')
    .split(' '),
);

/** A speaker label found at the start of a line. */
export interface SpeakerLabel {
  speaker: string;
  time?: string;
  /** The text after the label on the same line, and the 0-based index where it starts. */
  rest: string;
  restIndex: number;
}

/**
 * Whether a prefix can be a speaker label rather than the start of a sentence: at most four
 * words and forty characters, a letter first, `.` only in abbreviations (`Dr.`), and later
 * words capitalised or numbers (`Speaker 1`, `Jane Smith`, not `The thing is`).
 */
export function isSpeakerName(name: string): boolean {
  const words = name.trim().split(/\s+/);
  const [first, ...rest] = words;
  if (first === undefined || first === '' || name.trim().length > MAX_NAME_LENGTH || words.length > MAX_NAME_WORDS) return false;
  if (words.some((word) => word.includes('.') && !/^(?:\p{L}{1,4}\.)+$/u.test(word))) return false;
  if (rest.length === 0) return !NOT_NAMES.has(first.toLowerCase());
  return rest.every((word) => /^[\p{Lu}\p{N}]/u.test(word) || NAME_PARTICLES.has(word.toLowerCase()));
}

/** Reads a `Speaker: text` label (with the timestamp forms exports use) from one line. */
export function readSpeakerLabel(line: string): SpeakerLabel | undefined {
  const label = LABEL_LINE.exec(line);
  if (label !== null) {
    const name = (label[3] ?? '').trim();
    if (!isSpeakerName(name)) return undefined;
    const rest = label[5] ?? '';
    const time = label[1] ?? label[2] ?? label[4];
    return withTime({ speaker: name, rest, restIndex: line.length - rest.length }, time);
  }
  const header = HEADER_LINE.exec(line);
  if (header !== null) return readHeader(line, header[1], header[2] ?? header[3]);
  const timeFirst = TIME_FIRST_HEADER_LINE.exec(line);
  if (timeFirst !== null) return readHeader(line, timeFirst[2], timeFirst[1]);
  return undefined;
}

// A name alone on its line with a time: the turn's text starts on the next line.
function readHeader(line: string, name: string | undefined, time: string | undefined): SpeakerLabel | undefined {
  const speaker = (name ?? '').trim();
  return isSpeakerName(speaker) ? withTime({ speaker, rest: '', restIndex: line.length }, time) : undefined;
}

/**
 * Parses a plain-text transcript: one turn per `Speaker: text` line; lines without a label
 * continue the turn before (joined with a space); blank lines are ignored; timestamps go to
 * `time`. A timestamp alone on a line is the time of the next turn.
 */
export function parsePlainTranscript(text: string): ParseResult {
  const lines = text.split(/\r\n|\r|\n/);
  const turns: { turn: RawTurn; parts: SegmentedText[] }[] = [];
  let pendingTime: string | undefined;
  for (const [i, line] of lines.entries()) {
    const lineNumber = i + 1;
    if (line.trim() === '') continue;
    const label = readSpeakerLabel(line);
    if (label !== undefined) {
      const turn: RawTurn = { speaker: label.speaker, text: '', line: lineNumber };
      const time = label.time ?? pendingTime;
      if (time !== undefined) turn.time = time;
      pendingTime = undefined;
      turns.push({ turn, parts: [piece(label.rest, lineNumber, label.restIndex)] });
      continue;
    }
    const timeOnly = TIME_LINE.exec(line);
    if (timeOnly !== null) {
      pendingTime = timeOnly[1] ?? timeOnly[2];
      continue;
    }
    const current = turns.at(-1);
    if (current === undefined) {
      const labelled = lines.some((other) => readSpeakerLabel(other) !== undefined);
      return labelled
        ? { ok: false, error: { message: 'text before the first `Speaker:` label', line: lineNumber } }
        : { ok: false, error: { message: NO_LABELS } };
    }
    current.parts.push(piece(line, lineNumber, 0));
  }
  if (turns.length === 0) return { ok: false, error: { message: NO_LABELS } };
  const rawTurns = turns.map(({ turn, parts }) => {
    const joined = joinSegmented(parts);
    return { ...turn, text: joined.text, segments: joined.segments };
  });
  return { ok: true, transcripts: [{ meta: createMeta(), turns: rawTurns, line: rawTurns[0]?.line ?? 1 }] };
}

/** The plain-text input format, and the fallback for files no other parser claims. */
export const textParser: InputParser = {
  name: 'text',
  ...TEXT_SIGNATURE,
  parse: (text) => parsePlainTranscript(text),
};

function piece(text: string, line: number, index: number): SegmentedText {
  return trimSegmented({ text, segments: [{ offset: 0, line, column: index + 1 }] });
}

function withTime(label: SpeakerLabel, time: string | undefined): SpeakerLabel {
  return time === undefined ? label : { ...label, time };
}
