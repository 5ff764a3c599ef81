import { MIN_PREFIX, type CompiledPhrase } from './phrase.js';
import type { RegexNeeds } from './regex-needs.js';

/**
 * Finds text: phrases of the rule set's phrase index, by id and in the order written
 * (matched as one alternation of them would be), and authors' regular expressions
 * (global, case-insensitive, Unicode), each run only in a turn that holds what it needs.
 */
export interface TextPattern {
  phrases: number[];
  regexes: RegExp[];
  /** What each of `regexes` needs of a turn's text to match at all (see `findRegexNeeds`). */
  needs: RegexNeeds[];
}

/**
 * Every distinct phrase of a rule set, keyed by its anchor words. A turn's words are looked
 * up once to mark its candidate phrases; only those whose needs the turn holds run, each its
 * own small regex, made on first use. Plain data but for `regexes`, which fills as phrases first run.
 */
export interface PhraseIndex {
  /** Regular-expression source of each phrase (flag `g`, run on `foldAscii` text), by id. */
  sources: string[];
  /** Anchor word -> ids of the phrases it keys (see `phrasesOfWord`: a restored index fills it as words are looked up). */
  byWord: Map<string, number[]>;
  /** The anchor words of a restored index as the rule cache kept them, moved into `byWord` on first lookup. */
  storedWords?: StoredWords;
  /** Anchor prefixes (`worr*`), by their first `MIN_PREFIX` letters. */
  byPrefix: Map<string, { prefix: string; ids: number[] }[]>;
  /** Ids of phrases without anchor words: candidates in every turn. */
  always: number[];
  /** What each phrase needs of a turn's folded text to match at all, by id (none: nothing known); see `phraseNeeds`. */
  needs: (RegexNeeds | undefined)[];
  /** The needs of a restored index as the rule cache kept them (see `encodeNeeds`), read on first use. */
  storedNeeds?: string[];
  /** Compiled regexes by id, made on first use. */
  regexes: (RegExp | undefined)[];
}

/** Interns compiled phrases into an index while a rule set compiles: one id per distinct source. */
export interface PhraseIndexBuilder {
  add(phrase: CompiledPhrase): number;
  index: PhraseIndex;
}

/**
 * A phrase index as the rule cache keeps it: plain data, the sources joined into one string
 * (one long string parses faster than a thousand short ones) with where each ends.
 */
export interface StoredPhraseIndex {
  sources: string;
  ends: number[];
  byWord: StoredWords;
  byPrefix: [string, { prefix: string; ids: number[] }[]][];
  always: number[];
  /** Each phrase's needs as one string (see `encodeNeeds`): a thousand strings parse faster than the nested lists. */
  needs: string[];
}

/**
 * Anchor words and the phrases they key, flat: a few thousand words parse and index far
 * faster as one string and two lists of numbers than as as many entries.
 */
export interface StoredWords {
  /** The words, one a line. */
  words: string;
  /** Where each word's ids end in `ids`. */
  ends: number[];
  ids: number[];
}

/** An index to fill (empty, or one restored from the rule cache) and the function that adds phrases to it. */
export function createPhraseIndex(start?: PhraseIndex): PhraseIndexBuilder {
  const index: PhraseIndex = start ?? { sources: [], byWord: new Map(), byPrefix: new Map(), always: [], needs: [], regexes: [] };
  // Made on the first phrase added: a restored index usually gets none.
  let ids: Map<string, number> | undefined;
  const add = (phrase: CompiledPhrase): number => {
    ids ??= new Map(index.sources.map((source, id) => [source, id]));
    const known = ids.get(phrase.source);
    if (known !== undefined) return known;
    const id = index.sources.length;
    index.sources.push(phrase.source);
    ids.set(phrase.source, id);
    index.needs[id] = phrase.needs ?? [];
    if (phrase.anchors === null) index.always.push(id);
    for (const word of phrase.anchors ?? []) {
      if (word.endsWith('*')) addPrefix(index, word.slice(0, -1), id);
      else index.byWord.set(word, [...(phrasesOfWord(index, word) ?? []), id]);
    }
    return id;
  };
  return { add, index };
}

/** An index as the rule cache keeps it. */
export function storePhraseIndex(index: PhraseIndex): StoredPhraseIndex {
  let end = 0;
  const ends = index.sources.map((source) => (end += source.length));
  const { byPrefix, always } = index;
  const needs = index.sources.map((_, id) => encodeNeeds(phraseNeeds(index, id)));
  return { sources: index.sources.join(''), ends, byWord: storeWords(index), byPrefix: [...byPrefix], always, needs };
}

function storeWords(index: PhraseIndex): StoredWords {
  if (index.storedWords !== undefined) restoreWords(index, index.storedWords);
  const ends: number[] = [];
  const ids: number[] = [];
  for (const keyed of index.byWord.values()) {
    ids.push(...keyed);
    ends.push(ids.length);
  }
  return { words: [...index.byWord.keys()].join('\n'), ends, ids };
}

/** An index from what the rule cache kept, its regexes not yet compiled. */
export function restorePhraseIndex(stored: StoredPhraseIndex): PhraseIndex {
  const sources = stored.ends.map((end, id) => stored.sources.slice(stored.ends[id - 1] ?? 0, end));
  // Copied, as phrases added later (none, for the rule set it was stored for) extend the lists.
  const byPrefix = new Map(stored.byPrefix.map(([key, entries]) => [key, entries.map((entry) => ({ prefix: entry.prefix, ids: [...entry.ids] }))]));
  return { sources, byWord: new Map(), storedWords: stored.byWord, byPrefix, always: [...stored.always], needs: [], storedNeeds: stored.needs, regexes: [] };
}

/** The ids of the phrases a word anchors, if any; a restored index first moves the rule cache's words into `byWord`. */
export function phrasesOfWord(index: PhraseIndex, word: string): readonly number[] | undefined {
  if (index.storedWords !== undefined) restoreWords(index, index.storedWords);
  return index.byWord.get(word);
}

// Once, on the first lookup: a run that matches nothing never pays for it, and every later
// lookup (each word of each turn) is one map lookup, hit or miss. Until then `byWord` is
// empty: adding a phrase looks its words up first.
function restoreWords(index: PhraseIndex, stored: StoredWords): void {
  index.storedWords = undefined;
  if (stored.words === '') return;
  stored.words.split('\n').forEach((word, position) => {
    index.byWord.set(word, stored.ids.slice(stored.ends[position - 1] ?? 0, stored.ends[position]));
  });
}

/** What a phrase needs of a turn's folded text, read from the rule cache's form on first use. */
export function phraseNeeds(index: PhraseIndex, id: number): RegexNeeds {
  let needs = index.needs[id];
  if (!needs) {
    needs = decodeNeeds(index.storedNeeds?.[id] ?? '');
    index.needs[id] = needs;
  }
  return needs;
}

// Needed strings never hold white space other than a space (see `toNeedleText`): a tab
// separates the sets, a line break the strings of a set.
function encodeNeeds(needs: RegexNeeds): string {
  return needs.map((set) => set.join('\n')).join('\t');
}

function decodeNeeds(text: string): RegexNeeds {
  return text === '' ? [] : text.split('\t').map((set) => set.split('\n'));
}

/** The regex of a phrase, compiled on first use. */
export function phraseRegex(index: PhraseIndex, id: number): RegExp {
  let regex = index.regexes[id];
  if (!regex) {
    regex = new RegExp(index.sources[id] ?? '(?!)', 'g');
    index.regexes[id] = regex;
  }
  return regex;
}

function addPrefix(index: PhraseIndex, prefix: string, id: number): void {
  const key = prefix.slice(0, MIN_PREFIX);
  const entries = index.byPrefix.get(key) ?? [];
  const entry = entries.find((e) => e.prefix === prefix);
  if (entry) entry.ids.push(id);
  else entries.push({ prefix, ids: [id] });
  index.byPrefix.set(key, entries);
}
