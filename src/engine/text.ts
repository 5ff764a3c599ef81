/** A sentence of a turn: offsets into the turn text, `end` exclusive. */
export interface Sentence {
  start: number;
  end: number;
  question: boolean;
}

/** A turn's text prepared for matching, with its sentences and quoted spans computed once. */
export interface TextContext {
  /** Straightened quotes and spaces; the same length as the original, so offsets agree. */
  readonly text: string;
  readonly sentences: Sentence[];
  readonly quoted: [number, number][];
}

const CURLY_SINGLE = /[\u2018\u2019\u201B\u2032`]/g;
const CURLY_DOUBLE = /[\u201C\u201D\u201F\u2033]/g;
const ODD_SPACES = /[\u00A0\u2007\u202F\t]/g;

/** Replaces curly quotes and odd spaces with plain ones, one character for one. */
export function normalizeText(text: string): string {
  return text.replace(CURLY_SINGLE, "'").replace(CURLY_DOUBLE, '"').replace(ODD_SPACES, ' ');
}

/** Builds a text context whose sentences and quotes are computed on first use. */
export function createTextContext(original: string): TextContext {
  return contextOfStraightText(normalizeText(original));
}

/** A text context over text already straightened by `normalizeText` (the turn view's). */
export function contextOfStraightText(text: string): TextContext {
  return new StraightTextContext(text);
}

/**
 * A text context whose sentences and quotes are computed on first use. A class, not an
 * object literal with getters: V8 builds such a literal through its runtime, about a
 * microsecond per getter, and every turn of a run makes one.
 */
export class StraightTextContext implements TextContext {
  #sentences: Sentence[] | undefined;
  #quoted: [number, number][] | undefined;

  constructor(readonly text: string) {}

  get sentences(): Sentence[] {
    this.#sentences ??= splitSentences(this.text);
    return this.#sentences;
  }

  get quoted(): [number, number][] {
    this.#quoted ??= findQuotedSpans(this.text);
    return this.#quoted;
  }
}

const ABBREVIATIONS = new Set([
  'dr', 'mr', 'mrs', 'ms', 'prof', 'st', 'jr', 'sr', 'vs', 'etc', 'approx', 'no', 'e.g', 'i.e', 'a.m', 'p.m', 'eg', 'ie', 'cf', 'mt',
]);
const BOUNDARY = /(?:[.!?\u2026]+["')\]]*)(?=\s|$)|\n+/g;

/**
 * Splits a turn into sentences. Abbreviations ("Dr.", "e.g.") and initials do not end a
 * sentence; an ellipsis followed by a lower-case word does not either; a missing final
 * punctuation mark is normal.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  let start = skipSpace(text, 0);
  for (const boundary of text.matchAll(BOUNDARY)) {
    const after = boundary.index + boundary[0].length;
    const end = trimEnd(text, boundary[0].startsWith('\n') ? boundary.index : after);
    if (end <= start || !endsSentence(text, boundary.index, boundary[0], after)) continue;
    sentences.push(...cutSentence(text, start, end));
    start = skipSpace(text, after);
  }
  if (start < text.length) sentences.push(...cutSentence(text, start, trimEnd(text, text.length)));
  return sentences;
}

/**
 * Sentences longer than this (in UTF-16 units) are cut into pieces for the guards, which
 * read the whole sentence around each match: unpunctuated chat can run for megabytes.
 */
export const MAX_SENTENCE_LENGTH = 1000;

/**
 * One sentence, or pieces of at most `MAX_SENTENCE_LENGTH` when it is longer: each cut after
 * the last clause mark (, ; : or a dash) in the second half of the piece, else at the last
 * space, else (one huge word) at the length limit.
 */
function cutSentence(text: string, start: number, end: number): Sentence[] {
  const pieces: Sentence[] = [];
  let from = start;
  while (end - from > MAX_SENTENCE_LENGTH) {
    const cut = findCut(text, from, from + MAX_SENTENCE_LENGTH);
    pieces.push(makeSentence(text, from, trimEnd(text, cut)));
    from = skipSpace(text, cut);
  }
  if (from < end) pieces.push(makeSentence(text, from, end));
  return pieces;
}

function findCut(text: string, from: number, limit: number): number {
  const half = from + MAX_SENTENCE_LENGTH / 2;
  let space = -1;
  for (let i = limit; i > half; i--) {
    const next = text.charAt(i);
    if (!/\s/.test(next)) continue;
    if (/[,;:\u2013\u2014-]/.test(text.charAt(i - 1))) return i;
    if (space === -1) space = i;
  }
  if (space !== -1) return space;
  return isLowSurrogate(text.charCodeAt(limit)) ? limit - 1 : limit;
}

function endsSentence(text: string, index: number, mark: string, end: number): boolean {
  if (mark.startsWith('\n')) return true;
  const next = text.slice(skipSpace(text, end), skipSpace(text, end) + 1);
  if (mark.startsWith('..') || mark.startsWith('\u2026')) return !/\p{Ll}/u.test(next);
  if (mark === '.') {
    const word = /([\p{L}.]+)$/u.exec(text.slice(Math.max(0, index - 12), index))?.[1]?.toLowerCase() ?? '';
    if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.replace(/^\./, ''))) return false;
    // A single capital letter before the dot is an initial ("J. Smith").
    if (/^\p{Lu}$/u.test(text.slice(index - 1, index)) && !/[\p{L}]/u.test(text.slice(index - 2, index - 1))) return false;
  }
  return true;
}

function makeSentence(text: string, start: number, end: number): Sentence {
  return { start, end, question: isQuestion(text.slice(start, end)) };
}

const AUXILIARY = String.raw`(?:do|does|did|is|are|was|were|will|would|can|could|should|shall|have|has|had|may|might|am)`;
// Without a "?", only an inverted auxiliary ("do you…", "what did…") makes a question:
// "Don't worry about it" and "How hard that must be" are not questions.
const QUESTION_START = new RegExp(
  String.raw`^(?:(?:and|but|so|well|okay|ok|um|uh|now),?\s+)*(?:${AUXILIARY}\s+(?:you|i|we|they|he|she|it|there|that|this|things|everything)\b|(?:what|how|why|when|where|who|which)(?:'s|\s+${AUXILIARY}\b|\s+happened\b))`,
  'i',
);
/** The longest sentence without a "?" that still counts as a question when it opens like one. */
const MAX_UNMARKED_QUESTION_WORDS = 15;
const TAG_QUESTION = /,\s*(?:\S+\s*){1,3}\?\W*$/;

/**
 * A sentence is a question when it ends in "?" — unless the "?" only closes a short tag on a
 * statement ("You'll be fine, okay?") — or when it opens like one and has no end mark.
 */
export function isQuestion(sentence: string): boolean {
  const trimmed = sentence.trim();
  const opensLikeQuestion = QUESTION_START.test(trimmed);
  if (/\?["')\]]*$/.test(trimmed)) return opensLikeQuestion || !TAG_QUESTION.test(trimmed);
  if (/[.!\u2026]["')\]]*$/.test(trimmed)) return false;
  // Unpunctuated chat runs several sentences together: only a short one is taken as a question.
  return opensLikeQuestion && trimmed.split(/\s+/).length <= MAX_UNMARKED_QUESTION_WORDS;
}

/** Spans inside double quotes, or single quotes used as quotation marks (not apostrophes). */
export function findQuotedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const match of text.matchAll(/"([^"]*)"/g)) spans.push([match.index, match.index + match[0].length]);
  for (const match of text.matchAll(/(?<=^|[\s([:,])'(?=\p{L})[^']*?(?<=[\p{L}\p{N}.!?,])'(?=$|[\s.,!?;:)\]])/gu)) {
    spans.push([match.index, match.index + match[0].length]);
  }
  return spans.sort((a, b) => a[0] - b[0]);
}

/** The sentence containing an offset (the last one when the offset is past the end). */
export function sentenceAt(context: TextContext, offset: number): Sentence {
  const { sentences } = context;
  let low = 0;
  let high = sentences.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if ((sentences[middle]?.start ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return sentences[low] ?? { start: 0, end: context.text.length, question: false };
}

const WORD_CHARACTER = /^[\p{L}\p{N}']$/u;

/**
 * The start offset of the Nth word before `offset`, not crossing `floor`: `floor` itself
 * when fewer than N + 1 words lie between. Scans back over those words only, so a guard's
 * look-back costs the same anywhere in a long sentence.
 */
export function wordsBackStart(text: string, floor: number, offset: number, words: number): number {
  let index = offset;
  let found = 0;
  let nthStart = floor;
  while (index > floor) {
    while (index > floor && !isWordBefore(text, floor, index)) index -= widthBefore(text, floor, index);
    if (index === floor) break;
    while (index > floor && isWordBefore(text, floor, index)) index -= widthBefore(text, floor, index);
    found++;
    if (found === words) nthStart = index;
    if (found > words) return nthStart;
  }
  return floor;
}

/** The end offset of the Nth word after `offset`, not crossing `ceiling`. */
export function wordsForwardEnd(text: string, offset: number, ceiling: number, words: number): number {
  let index = offset;
  let found = 0;
  while (index < ceiling) {
    while (index < ceiling && !isWordAt(text, index, ceiling)) index += widthAt(text, index, ceiling);
    if (index === ceiling) break;
    while (index < ceiling && isWordAt(text, index, ceiling)) index += widthAt(text, index, ceiling);
    found++;
    if (found === words) return index;
  }
  return ceiling;
}

/** UTF-16 units of the code point ending at `index`, not reaching below `floor`. */
function widthBefore(text: string, floor: number, index: number): number {
  return index - 2 >= floor && isLowSurrogate(text.charCodeAt(index - 1)) && isHighSurrogate(text.charCodeAt(index - 2)) ? 2 : 1;
}

/** UTF-16 units of the code point starting at `index`, not reaching `ceiling`. */
function widthAt(text: string, index: number, ceiling: number): number {
  return index + 2 <= ceiling && isHighSurrogate(text.charCodeAt(index)) && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
}

function isWordBefore(text: string, floor: number, index: number): boolean {
  return WORD_CHARACTER.test(text.slice(index - widthBefore(text, floor, index), index));
}

function isWordAt(text: string, index: number, ceiling: number): boolean {
  return WORD_CHARACTER.test(text.slice(index, index + widthAt(text, index, ceiling)));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function skipSpace(text: string, index: number): number {
  let i = index;
  while (i < text.length && /\s/.test(text.charAt(i))) i++;
  return i;
}

function trimEnd(text: string, end: number): number {
  let i = end;
  while (i > 0 && /\s/.test(text.charAt(i - 1))) i--;
  return i;
}
