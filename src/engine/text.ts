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
  const text = normalizeText(original);
  let sentences: Sentence[] | undefined;
  let quoted: [number, number][] | undefined;
  return {
    text,
    get sentences() {
      sentences ??= splitSentences(text);
      return sentences;
    },
    get quoted() {
      quoted ??= findQuotedSpans(text);
      return quoted;
    },
  };
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
    sentences.push(makeSentence(text, start, end));
    start = skipSpace(text, after);
  }
  if (start < text.length) sentences.push(makeSentence(text, start, trimEnd(text, text.length)));
  return sentences;
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

const WORD = /[\p{L}\p{N}']+/gu;

/** The start offset of the Nth word before `offset`, not crossing `floor`. */
export function wordsBackStart(text: string, floor: number, offset: number, words: number): number {
  const starts: number[] = [];
  for (const match of text.slice(floor, offset).matchAll(WORD)) starts.push(floor + match.index);
  return starts.length > words ? (starts[starts.length - words] ?? floor) : floor;
}

/** The end offset of the Nth word after `offset`, not crossing `ceiling`. */
export function wordsForwardEnd(text: string, offset: number, ceiling: number, words: number): number {
  let count = 0;
  for (const match of text.slice(offset, ceiling).matchAll(WORD)) {
    count++;
    if (count === words) return offset + match.index + match[0].length;
  }
  return ceiling;
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
