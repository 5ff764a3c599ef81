/**
 * Phrase syntax: case-insensitive whole words, any whitespace between words,
 * `{a|b}` alternatives, which may nest (`{a|}` makes a part optional), `word*` for any
 * ending. Apostrophes and quotes match their curly forms because the engine straightens
 * text first.
 */

import { STOPWORDS } from '../engine/words.js';
import type { RegexNeeds } from './regex-needs.js';

/**
 * Letters and digits, as a plain character class: phrases compile without the `u` flag,
 * which makes matching several times faster. The ranges cover Latin, Greek, Cyrillic and
 * the other alphabets and scripts above U+0370 well enough to find word boundaries.
 */
export const LETTER = String.raw`0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\uD7FF\uF900-\uFFEF`;
/**
 * LETTER as the `i` flag read it: also U+0345, which upper-cases to a Greek iota. Phrases
 * compile without `i` (folding case is most of what V8 spends compiling a regex) and run on
 * text whose ASCII letters are lower-cased (`foldAscii`), with each other cased character
 * written as the class of what `i` let it match, so they match exactly what they did with it.
 */
const FOLDED_LETTER = String.raw`${LETTER}\u0345`;
const WORD_CHAR = `[${FOLDED_LETTER}]`;
const SPACE = String.raw`\s+`;
// Before a clitic ("{you} {'ve done}", "it {is|'s}"): white space, or none when the apostrophe follows at once.
const SPACE_OR_CLITIC = String.raw`(?:\s+|(?='))`;
const SPECIALS = new Set('.*+?^${}()|[]\\/');

type Item = { type: 'text'; char: string; source: string } | { type: 'space' } | { type: 'group'; alternatives: Item[][] };

/**
 * A compiled phrase: its regular-expression source (for flags `gi`) and its anchor words,
 * lower-case whole words (ASCII letters and digits) at least one of which every match
 * holds as a maximal run of letters; an anchor ending in `*` is a prefix of such a run
 * (`worr*`). `null` when no such set can be told (short prefixes, sub-word groups): the
 * phrase is then a candidate in every turn.
 */
export interface CompiledPhrase {
  source: string;
  anchors: string[] | null;
  /** What a turn's text must hold for the source to match (`analyseRegexNeeds`), once worked out. */
  needs?: RegexNeeds;
}

/** A word's forms, the word itself first (`formsOf` of rules/word-forms.ts). */
export type FormsOf = (word: string) => readonly string[];

/**
 * Compiles a phrase to a regular-expression source and its anchor words, or returns an error
 * message. With `forms`, each whole word of the phrase also matches its other forms, unless
 * the phrase starts with `=` (exact: as written).
 */
export function compilePhrase(phrase: string, forms?: FormsOf): CompiledPhrase | { error: string } {
  const exact = phrase.trimStart().startsWith('=');
  const trimmed = (exact ? phrase.trimStart().slice(1) : phrase).trim();
  if (trimmed === '') return { error: 'is empty' };
  const parsed = parsePhrase(trimmed);
  if ('error' in parsed) return parsed;
  if (parsed.items.every(isEmptyItem)) return { error: 'has only empty groups, which match nothing (write a word in them)' };
  const items = forms && !exact ? expandForms(parsed.items, forms, true, true) : parsed.items;
  // Whole words: no letter or digit may touch the phrase on either side.
  return { source: `(?<!${WORD_CHAR})(?:${emitSequence(items)})(?!${WORD_CHAR})`, anchors: findAnchors(items) };
}

const ASCII_UPPER = /[A-Z]/;
const ASCII_UPPER_RUNS = /[A-Z]+/g;

/** A text as phrases read it: ASCII letters lower-cased, nothing else changed (so offsets hold). */
export function foldAscii(text: string): string {
  return ASCII_UPPER.test(text) ? text.replace(ASCII_UPPER_RUNS, (run) => run.toLowerCase()) : text;
}

/**
 * Words whose other forms change what a phrase says (tense, person, modality: "will be
 * fine" is not "was fine"), so they match only as written.
 */
const FIXED_WORDS = new Set(
  'am are be been being is was were will would shall should can could may might must do does did done have has had having'.split(' '),
);
const ASCII_LETTERS = /^[a-z]+$/i;

// Each whole word (letters between spaces or the phrase's ends, not touching a group, `*`
// or punctuation) becomes the group of its forms.
function expandForms(items: Item[], forms: FormsOf, leftBounded: boolean, rightBounded: boolean): Item[] {
  const out: Item[] = [];
  let i = 0;
  while (i < items.length) {
    const item = items[i] as Item;
    const left = i === 0 ? leftBounded : items[i - 1]?.type === 'space';
    if (item.type === 'group') {
      const right = i === items.length - 1 ? rightBounded : items[i + 1]?.type === 'space';
      out.push({ type: 'group', alternatives: item.alternatives.map((alt) => expandForms(alt, forms, left, right)) });
      i++;
      continue;
    }
    if (item.type === 'space' || !ASCII_LETTERS.test(item.char)) {
      out.push(item);
      i++;
      continue;
    }
    let j = i;
    while (j < items.length && items[j]?.type === 'text' && ASCII_LETTERS.test((items[j] as { char: string }).char)) j++;
    const run = items.slice(i, j);
    const right = j === items.length ? rightBounded : items[j]?.type === 'space';
    const word = run.map((r) => (r as { char: string }).char).join('').toLowerCase();
    const variants = left && right && !FIXED_WORDS.has(word) ? orderForms(formsToMatch(word, forms)) : [];
    if (variants.length > 1) out.push({ type: 'group', alternatives: variants.map(spellItems) });
    else out.push(...run);
    i = j;
  }
  return out;
}

// The word as written first; forms that open with an apostrophe ("'re") never stand alone.
function formsToMatch(word: string, forms: FormsOf): string[] {
  return [...new Set([word, ...forms(word).filter((form) => !form.startsWith("'"))])];
}

/**
 * Forms of letters only, in one order whatever the word written: a whole word followed by a
 * space or the phrase's end, so at most one of them can match at a position and their order
 * never changes a match. A cue list of a word's forms ("seem", "seems") then compiles to
 * identical groups, of which the alternation keeps the first.
 */
function orderForms(variants: string[]): string[] {
  return variants.every((variant) => ASCII_LOWER_WORD.test(variant)) ? [...variants].sort() : variants;
}

const ASCII_LOWER_WORD = /^[a-z]+$/;

function spellItems(word: string): Item[] {
  return [...word].map((char) => ({ type: 'text', char, source: escapeChar(char) }));
}

function parsePhrase(phrase: string): { items: Item[] } | { error: string } {
  const stack: Item[][][] = [];
  let current: Item[] = [];
  for (let i = 0; i < phrase.length; i++) {
    const char = phrase.charAt(i);
    if (char === '{') {
      stack.push([current]);
      current = [];
    } else if (char === '|') {
      const group = stack[stack.length - 1];
      if (!group) return { error: `has a "|" outside braces at character ${i + 1} (write {a|b})` };
      group.push(current);
      current = [];
    } else if (char === '}') {
      const group = stack.pop();
      if (!group) return { error: `has a "}" without its "{" at character ${i + 1}` };
      const [outer, ...alternatives] = [...group, current];
      current = outer ?? [];
      current.push({ type: 'group', alternatives: alternatives.map(trimSpaces) });
    } else if (/\s/.test(char)) {
      while (i + 1 < phrase.length && /\s/.test(phrase.charAt(i + 1))) i++;
      current.push({ type: 'space' });
    } else {
      current.push({ type: 'text', char: straightenQuote(char), source: escapeChar(char) });
    }
  }
  if (stack.length > 0) return { error: 'has a "{" that is never closed' };
  return { items: current };
}

function straightenQuote(char: string): string {
  if (char === '\u2019' || char === '\u2018') return "'";
  if (char === '\u201c' || char === '\u201d') return '"';
  return char;
}

function escapeChar(char: string): string {
  if (char === '*') return `[${FOLDED_LETTER}'-]*`;
  if (char === "'" || char === '\u2019' || char === '\u2018') return "'";
  if (char === '"' || char === '\u201c' || char === '\u201d') return '"';
  if (char >= '\u0080') return foldedClass(char);
  return SPECIALS.has(char) ? `\\${char}` : char.toLowerCase();
}

const FOLDED_CLASSES = new Map<string, string>();
const LAST_CODE_UNIT = 0xffff;

// What `i` let a non-ASCII character match (never an ASCII one), found by asking V8 once per character.
function foldedClass(char: string): string {
  let folded = FOLDED_CLASSES.get(char);
  if (folded === undefined) {
    const probe = new RegExp(`^\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}$`, 'i');
    const units: string[] = [];
    for (let unit = 0x80; unit <= LAST_CODE_UNIT; unit++) {
      if (probe.test(String.fromCharCode(unit))) units.push(`\\u${unit.toString(16).padStart(4, '0')}`);
    }
    folded = units.length === 1 ? char : `[${units.join('')}]`;
    FOLDED_CLASSES.set(char, folded);
  }
  return folded;
}

function trimSpaces(items: Item[]): Item[] {
  let start = 0;
  let end = items.length;
  while (start < end && items[start]?.type === 'space') start++;
  while (end > start && items[end - 1]?.type === 'space') end--;
  return items.slice(start, end);
}

// A space, or a group whose every alternative is made of such items: it can only match nothing.
function isEmptyItem(item: Item): boolean {
  return item.type === 'space' || (item.type === 'group' && item.alternatives.every((alt) => alt.every(isEmptyItem)));
}

function canBeEmpty(item: Item | undefined): boolean {
  return item?.type === 'group' && item.alternatives.some((alt) => alt.length === 0);
}

// An optional group takes the space beside it along, so "a {b|} c" matches "a c" and "a b c".
function emitSequence(items: Item[]): string {
  let source = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item) continue;
    if (item.type === 'space') {
      source += startsWithApostrophe(items[i + 1]) ? SPACE_OR_CLITIC : SPACE;
    } else if (item.type === 'text') {
      source += item.source;
    } else if (!canBeEmpty(item)) {
      source += `(?:${emitAlternatives(item.alternatives)})`;
    } else {
      const body = emitAlternatives(item.alternatives.filter((alt) => alt.length > 0));
      if (items[i + 1]?.type === 'space') {
        source += `(?:(?:${body})${SPACE})?`;
        i++;
      } else if (source.endsWith(SPACE_OR_CLITIC)) {
        source = `${source.slice(0, -SPACE_OR_CLITIC.length)}(?:${SPACE_OR_CLITIC}(?:${body}))?`;
      } else if (source.endsWith(SPACE)) {
        source = `${source.slice(0, -SPACE.length)}(?:${SPACE}(?:${body}))?`;
      } else {
        source += `(?:${body})?`;
      }
    }
  }
  return source;
}

// Whether an item can begin with an apostrophe: a clitic written after a space ("'ll", "'ve done").
function startsWithApostrophe(item: Item | undefined): boolean {
  if (item?.type === 'text') return item.char === "'";
  return item?.type === 'group' && item.alternatives.some((alternative) => startsWithApostrophe(alternative[0]));
}

// A later alternative identical to an earlier one can never match where that one did not.
function emitAlternatives(alternatives: Item[][]): string {
  return [...new Set(alternatives.map(emitSequence))].join('|');
}

/** The most spellings a segment of joined text and groups ("worr{y|ied}") is expanded to for its anchors. */
const MAX_SEGMENT_SPELLINGS = 64;
const ASCII_WORD = /[a-z0-9]+/g;
const ASCII_ALNUM = /[A-Za-z0-9]/;
/** The shortest `word*` prefix that serves as an anchor; the index keys prefixes by this many letters. */
export const MIN_PREFIX = 3;
/** The commonest words: in most turns of a conversation. */
const COMMONEST = new Set(['i', 'you', 'it', 'the', 'a', 'to', 'and', 'that', 'is', 'so', 'of', 'me', 'my', 'do']);

/**
 * Anchor words of a sequence: of its required segments (between spaces), the one whose
 * words are cheapest, i.e. least common. An optional group is never required.
 */
function findAnchors(items: Item[]): string[] | null {
  let best: string[] | null = null;
  for (const segment of splitSegments(items)) {
    const words = segmentAnchors(segment);
    if (words && (best === null || anchorCost(words) < anchorCost(best))) best = words;
  }
  return best;
}

function splitSegments(items: Item[]): Item[][] {
  const segments: Item[][] = [[]];
  for (const item of items) {
    if (item.type === 'space') segments.push([]);
    else segments[segments.length - 1]?.push(item);
  }
  return segments.filter((segment) => segment.length > 0);
}

// A group standing alone between spaces: every alternative must give anchors. Joined text
// and groups: every spelling must hold a whole word, bounded by ASCII punctuation or the
// segment's ends (a letter, a `*` or a non-ASCII character next to it could extend it).
function segmentAnchors(segment: Item[]): string[] | null {
  const [first] = segment;
  if (segment.length === 1 && first?.type === 'group') {
    if (canBeEmpty(first)) return null;
    const words = new Set<string>();
    for (const alternative of first.alternatives) {
      const found = findAnchors(alternative);
      if (!found) return null;
      found.forEach((word) => words.add(word));
    }
    return [...words];
  }
  const spellings = segment.every((item) => item.type === 'text') ? [segment.map((item) => item.char).join('')] : spellSegment(segment);
  if (!spellings) return null;
  const words = new Set<string>();
  for (const spelling of spellings) {
    const best = cheapestWholeWord(spelling.toLowerCase());
    if (best === undefined) return null;
    words.add(best);
  }
  return [...words];
}

// The cheapest anchor a spelling holds, or undefined: one pass over its ASCII words.
function cheapestWholeWord(lower: string): string | undefined {
  let best: string | undefined;
  ASCII_WORD.lastIndex = 0;
  for (let m = ASCII_WORD.exec(lower); m !== null; m = ASCII_WORD.exec(lower)) {
    if (!isBoundary(lower.charAt(m.index - 1))) continue;
    const next = lower.charAt(m.index + m[0].length);
    const word = next === '*' ? (m[0].length >= MIN_PREFIX ? `${m[0]}*` : undefined) : isBoundary(next) ? m[0] : undefined;
    if (word !== undefined && (best === undefined || wordCost(word) < wordCost(best))) best = word;
  }
  return best;
}

function isBoundary(char: string): boolean {
  return char === '' || (char < '\u0080' && char !== '*' && !ASCII_ALNUM.test(char));
}

// Every spelling of joined text and groups, or null when a group holds a space or there are too many.
function spellSegment(segment: Item[]): string[] | null {
  let spellings = [''];
  let text = '';
  for (const item of segment) {
    if (item.type === 'text') {
      text += item.char;
      continue;
    }
    if (item.type === 'space') return null;
    const options: string[] = [];
    for (const alternative of item.alternatives) {
      const spelled = spellSegment(alternative);
      if (spelled === null || spellings.length * (options.length + spelled.length) > MAX_SEGMENT_SPELLINGS) return null;
      for (const tail of spelled) options.push(text + tail);
    }
    spellings = spellings.flatMap((head) => options.map((tail) => head + tail));
    text = '';
  }
  return text === '' ? spellings : spellings.map((head) => head + text);
}

// A set costs what its words do: about how many turns in a hundred hold each (a prefix
// keys more words than a word); common words are in many, short ones in more than long ones.
function anchorCost(words: string[]): number {
  return words.reduce((sum, word) => sum + wordCost(word), 0);
}

function wordCost(word: string): number {
  if (word.endsWith('*')) return 2 * wordCost(word.slice(0, -1));
  if (COMMONEST.has(word)) return 60;
  if (STOPWORDS.has(word) || word.length <= 2) return 20;
  return 4 / Math.min(word.length, 8);
}
