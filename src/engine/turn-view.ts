import { foldAscii, LETTER, MIN_PREFIX } from '../rules/phrase.js';
import { toNeedleText } from '../rules/regex-needs.js';
import { phrasesOfWord, type PhraseIndex } from '../rules/text-pattern.js';
import { normaliseText, type CompiledNormalisation } from './normalise.js';
import { normalizeText, StraightTextContext, type TextContext } from './text.js';

/**
 * A turn prepared for matching: its normalised text (quotes straight, then read through the
 * normalisation table) with sentences and quotes, the way back to original offsets, and
 * which phrases of the rule set may match it.
 */
export interface TurnView extends TextContext {
  /** The original offset of an offset in `text` (`end` for the end of a span). */
  toOriginal(offset: number, side?: 'start' | 'end'): number;
  readonly phrases: PhraseIndex;
  /** `text` as phrases read it: its ASCII letters lower-case (`foldAscii`), computed on first use. */
  readonly folded: string;
  /** The ids of the phrases whose anchor word the turn holds (or that have none), computed on first use. */
  readonly candidates: BitMarks;
  /**
   * Whether the text, read as authors' regexes read it (`toNeedleText`), may contain a
   * lower-case string: false only when it does not; always true for a text too long to
   * search for every need (`MAX_NEEDS_TEXT`).
   */
  contains(needle: string): boolean;
}

// What separates the runs of letters phrases treat as word characters: a phrase's anchor is always one run.
const NON_WORD_RUN = new RegExp(`[^${LETTER}]+`);
const WORD_CHAR = new RegExp(`^[${LETTER}]$`);
const NON_ASCII = /[\u0080-\uffff]/;
/**
 * The longest text looked up for regexes' needs: each need is a scan of the text, and a turn
 * holds a few thousand of them, so in a longer one (where most are present anyway) every
 * regex runs, as it would without needs, and matching stays linear in the turn's length.
 */
export const MAX_NEEDS_TEXT = 4096;

/** Builds the view of a turn's text; sentences, quotes and candidates are computed on first use. */
export function createTurnView(original: string, phrases: PhraseIndex, normalisation: CompiledNormalisation): TurnView {
  const normalised = normaliseText(normalizeText(original), normalisation);
  // The table's reading keeps text straight, so the context need not straighten it again.
  return new PreparedTurn(normalised.text, normalised.toOriginal, phrases);
}

// A class for the reason `StraightTextContext` is one: a view is made for every turn.
class PreparedTurn extends StraightTextContext implements TurnView {
  #folded: string | undefined;
  #candidates: BitMarks | undefined;
  #needleText: string | undefined;
  #trigrams: BitMarks | undefined;

  constructor(
    text: string,
    readonly toOriginal: TurnView['toOriginal'],
    readonly phrases: PhraseIndex,
  ) {
    super(text);
  }

  get folded(): string {
    this.#folded ??= foldAscii(this.text);
    return this.#folded;
  }

  get candidates(): BitMarks {
    this.#candidates ??= markCandidates(this.text, this.phrases);
    return this.#candidates;
  }

  // A function property, not a method reading `this` when called: it is passed around on its own.
  readonly contains = (needle: string): boolean => {
    if (this.text.length > MAX_NEEDS_TEXT) return true;
    this.#needleText ??= toNeedleText(this.folded);
    this.#trigrams ??= markTrigrams(this.#needleText);
    return mayHoldTrigrams(this.#trigrams, needle) && this.#needleText.includes(needle);
  };
}

// Most needles a turn is asked for are absent: a filter of the text's three-character runs
// (1,024 bits) answers most of them without scanning the text; a needle it lets through is
// still looked up in the text.
const TRIGRAM_BITS = 1024;

/** The filter bits of every three-character run of a text. */
export function markTrigrams(text: string): BitMarks {
  const bits = new BitMarks(TRIGRAM_BITS);
  for (let i = 0; i + 3 <= text.length; i++) bits.add(hashTrigram(text, i));
  return bits;
}

/** False only when a text with these filter bits cannot contain `needle`. */
export function mayHoldTrigrams(bits: BitMarks, needle: string): boolean {
  for (let i = 0; i + 3 <= needle.length; i++) if (!bits.has(hashTrigram(needle, i))) return false;
  return true;
}

// Ten bits from the three UTF-16 units at `at` (a multiplicative hash).
function hashTrigram(text: string, at: number): number {
  const key = (text.charCodeAt(at) << 20) ^ (text.charCodeAt(at + 1) << 10) ^ text.charCodeAt(at + 2);
  return Math.imul(key, 0x9e3779b1) >>> 22;
}

/**
 * A set of small non-negative integers (a turn's candidate phrase ids, its trigram filter) as
 * one bit each, 16 to an element of a plain array so that each stays a small integer: about
 * 70 elements for the default rules' 1,100 phrases. Not a `Set` (a turn marks about 70 ids,
 * and growing the set's table made most of what marking allocated), nor a typed array: one
 * that size lives outside the JavaScript heap and is freed only by a full collection, so one
 * per turn piled up tens of megabytes per thread.
 */
export class BitMarks implements Iterable<number> {
  readonly #bits: number[];

  constructor(size: number) {
    this.#bits = new Array<number>((size + 15) >>> 4).fill(0);
  }

  add(id: number): void {
    this.#bits[id >>> 4] = (this.#bits[id >>> 4] as number) | (1 << (id & 15));
  }

  has(id: number): boolean {
    return (((this.#bits[id >>> 4] ?? 0) >>> (id & 15)) & 1) === 1;
  }

  /** The marked ids, in increasing order. */
  *[Symbol.iterator](): Iterator<number> {
    for (let id = 0; id < this.#bits.length * 16; id++) if (this.has(id)) yield id;
  }
}

/** The phrases a text may match: those without anchors, and those keyed by one of its words or a prefix of one. */
export function markCandidates(text: string, phrases: PhraseIndex): BitMarks {
  const marks = new BitMarks(phrases.sources.length);
  for (const id of phrases.always) marks.add(id);
  for (const word of listWords(text)) {
    const ids = phrasesOfWord(phrases, word);
    if (ids) for (const id of ids) marks.add(id);
    if (word.length < MIN_PREFIX) continue;
    for (const { prefix, ids: keyed } of phrases.byPrefix.get(word.slice(0, MIN_PREFIX)) ?? []) {
      if (word.startsWith(prefix)) for (const id of keyed) marks.add(id);
    }
  }
  return marks;
}

/**
 * The lower-case words of a text, each once: runs of phrase letters, split at the few
 * spaces that class counts as letters. Each run is lower-cased on its own, so no
 * neighbouring character can join it.
 */
export function listWords(text: string): Set<string> {
  const words = new Set<string>();
  // Split at what is not a letter, not an exec loop over the runs: one match array fewer per word.
  for (const run of text.split(NON_WORD_RUN)) {
    if (run === '') continue;
    if (!NON_ASCII.test(run)) words.add(run.toLowerCase());
    else for (const part of run.split(/\s+/)) if (part !== '') words.add(part.toLowerCase());
  }
  return words;
}

/** Whether `offset` falls inside a run of word characters (a slice cut there cuts a word). */
export function cutsWord(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isWordChar(text.charAt(offset - 1)) && isWordChar(text.charAt(offset));
}

function isWordChar(char: string): boolean {
  return WORD_CHAR.test(char) && !/\s/.test(char);
}
