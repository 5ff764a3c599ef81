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
    this.#candidates ??= markCandidates(this.text, this.phrases, this.folded);
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
 * one bit each, 32 to an element of a plain array (each a 32-bit integer, which V8 keeps
 * unboxed): 35 elements for the default rules' 1,100 phrases. Not a `Set` (a turn marks about
 * 70 ids, and growing the set's table made most of what marking allocated), nor a typed
 * array: one that size lives outside the JavaScript heap and is freed only by a full
 * collection, so one per turn piled up tens of megabytes per thread.
 */
export class BitMarks implements Iterable<number> {
  readonly #bits: number[];

  constructor(size: number) {
    this.#bits = new Array<number>((size + 31) >>> 5).fill(0);
  }

  add(id: number): void {
    this.#bits[id >>> 5] = (this.#bits[id >>> 5] as number) | (1 << (id & 31));
  }

  has(id: number): boolean {
    return (((this.#bits[id >>> 5] ?? 0) >>> (id & 31)) & 1) === 1;
  }

  /** The marked ids, in increasing order. */
  *[Symbol.iterator](): Iterator<number> {
    for (let id = 0; id < this.#bits.length * 32; id++) if (this.has(id)) yield id;
  }
}

/**
 * The phrases a text may match: those without anchors, and those keyed by one of its words or
 * a prefix of one. `folded` is the text's `foldAscii`. Runs for every turn: a text of ASCII
 * characters only (most) is scanned in place, each word sliced once from the folded text, its
 * prefix looked up by number; any other text is split into `listWords`.
 */
export function markCandidates(text: string, phrases: PhraseIndex, folded = foldAscii(text)): BitMarks {
  const marks = new BitMarks(phrases.sources.length);
  for (const id of phrases.always) marks.add(id);
  if (NON_ASCII.test(text)) {
    for (const word of listWords(text)) markWord(marks, phrases, word);
    return marks;
  }
  const prefixes = asciiPrefixesOf(phrases);
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && isAsciiWordCode(folded.charCodeAt(i))) {
      if (start === -1) start = i;
      continue;
    }
    if (start === -1) continue;
    const ids = phrasesOfWord(phrases, folded.slice(start, i));
    if (ids) for (const id of ids) marks.add(id);
    if (i - start >= MIN_PREFIX) {
      for (const { prefix, ids: keyed } of prefixes.get(asciiPrefixKey(folded, start)) ?? []) {
        if (prefix.length <= i - start && folded.startsWith(prefix, start)) for (const id of keyed) marks.add(id);
      }
    }
    start = -1;
  }
  return marks;
}

function markWord(marks: BitMarks, phrases: PhraseIndex, word: string): void {
  const ids = phrasesOfWord(phrases, word);
  if (ids) for (const id of ids) marks.add(id);
  if (word.length < MIN_PREFIX) return;
  for (const { prefix, ids: keyed } of phrases.byPrefix.get(word.slice(0, MIN_PREFIX)) ?? []) {
    if (word.startsWith(prefix)) for (const id of keyed) marks.add(id);
  }
}

// The letters of `LETTER` in a folded ASCII text: digits and lower-case ASCII letters.
function isAsciiWordCode(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
}

// The first `MIN_PREFIX` (3) characters of an ASCII word as one small integer, 7 bits each.
function asciiPrefixKey(text: string, start: number): number {
  return (text.charCodeAt(start) << 14) | (text.charCodeAt(start + 1) << 7) | text.charCodeAt(start + 2);
}

type PrefixEntries = { prefix: string; ids: number[] }[];

/**
 * Each index's prefix table with its ASCII keys as `asciiPrefixKey` numbers, made on first use
 * (again when keys were added since: the entries are the index's own lists, so phrases added
 * under a known key are seen).
 */
const asciiPrefixTables = new WeakMap<PhraseIndex, { keys: number; table: Map<number, PrefixEntries> }>();

function asciiPrefixesOf(phrases: PhraseIndex): Map<number, PrefixEntries> {
  const known = asciiPrefixTables.get(phrases);
  if (known !== undefined && known.keys === phrases.byPrefix.size) return known.table;
  const table = new Map<number, PrefixEntries>();
  for (const [key, entries] of phrases.byPrefix) if (key.length === MIN_PREFIX && !NON_ASCII.test(key)) table.set(asciiPrefixKey(key, 0), entries);
  asciiPrefixTables.set(phrases, { keys: phrases.byPrefix.size, table });
  return table;
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
