import { createRequire } from 'node:module';
import type { RootNode } from 'regjsparser';

// The regex parser is loaded on the first pattern whose needs are not known already (from the rule cache).
const require = createRequire(import.meta.url);
let parser: typeof import('regjsparser') | undefined;

/**
 * What every match of a regex holds: each set lists lower-case ASCII strings, one of which
 * the matched text (its ASCII letters lower-cased, each run of white space read as one
 * space) contains; a match holds one of every set. No sets: nothing known, the regex runs
 * in every turn.
 */
export type RegexNeeds = string[][];

/** Needs found so far, by source, for the rule cache to keep (they depend only on the source and this code). */
const known = new Map<string, RegexNeeds>();

/** The needs found so far, as plain data. */
export function exportRegexNeeds(): Record<string, RegexNeeds> {
  return Object.fromEntries(known);
}

/** Needs kept by the rule cache, so that their regexes are not parsed again. */
export function importRegexNeeds(needs: Record<string, RegexNeeds>): void {
  for (const [source, sets] of Object.entries(needs)) known.set(source, sets);
}

/** What is known of a node: the strings it can consume, if few, and sets its matches need. */
interface Info {
  /** Every string the node can consume is one of these (lower-cased); null: too many or unknown. */
  exact: string[] | null;
  needs: RegexNeeds;
}

/** The most strings an exact set may hold. */
const MAX_EXACT = 16;
/** The most characters a needed string keeps (a prefix of a needed string is needed too). */
const MAX_NEEDLE = 12;
/** The most sets kept for one regex: the most selective ones. */
const MAX_SETS = 3;
/** The most characters a class may hold and still count as a few strings. */
const MAX_CLASS = 8;

const UNKNOWN: Info = { exact: null, needs: [] };
const EMPTY: Info = { exact: [''], needs: [] };
const SPACE: Info = { exact: [' '], needs: [] };

const PARSER_FEATURES = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true } as const;
type Node = RootNode<typeof PARSER_FEATURES>;

/**
 * The needs of an author's regex (flags as it runs with; case is always folded, which only
 * widens what a need allows), remembered by source. A regex that does not parse needs nothing.
 */
export function findRegexNeeds(source: string, flags: string): RegexNeeds {
  const remembered = known.get(source);
  if (remembered) return remembered;
  const needs = analyseRegexNeeds(source, flags);
  known.set(source, needs);
  return needs;
}

/** `findRegexNeeds` without remembering: a phrase's needs are kept with the compiled phrase. */
export function analyseRegexNeeds(source: string, flags: string): RegexNeeds {
  parser ??= require('regjsparser') as typeof import('regjsparser');
  try {
    return rankSets(needsOf(describeNode(parser.parse(source, flags, PARSER_FEATURES))));
  } catch {
    return [];
  }
}

/**
 * The text a turn's needs are looked up in: `folded` (ASCII letters lower-cased) with the
 * two other characters that the `i` flag reads as ASCII letters (ſ as s, the Kelvin sign as k)
 * written as those letters, and each run of white space (what `\s` matches) as one space, so
 * that words a regex joins with `\s+` make one needed string.
 */
export function toNeedleText(folded: string): string {
  const letters = /[\u017f\u212a]/.test(folded) ? folded.replace(/\u017f/g, 's').replace(/\u212a/g, 'k') : folded;
  return UNSPACED.test(letters) ? letters.replace(WHITE_SPACE_RUN, ' ') : letters;
}

// White space other than a single space: what `toNeedleText` reads as one space.
const UNSPACED = /[^\S ]|\s\s/;
const WHITE_SPACE_RUN = /\s+/g;
const WHITE_SPACE = /^\s$/u;

/** Whether a text (see `toNeedleText`) holds what a regex needs (none known: yes); `has` tells whether it contains a string. */
export function meetsNeeds(needs: RegexNeeds | undefined, has: (needle: string) => boolean): boolean {
  // Loops, not every/some: this runs for every candidate phrase of every turn, and a closure per call is garbage.
  if (needs === undefined) return true;
  for (const set of needs) if (!holdsOneOf(set, has)) return false;
  return true;
}

function holdsOneOf(set: readonly string[], has: (needle: string) => boolean): boolean {
  for (const needle of set) if (has(needle)) return true;
  return false;
}

function describeNode(node: Node): Info {
  switch (node.type) {
    case 'value':
      return { exact: foldCodePoint(node.codePoint), needs: [] };
    case 'characterClass':
      return { exact: describeClass(node), needs: [] };
    case 'anchor':
      return EMPTY;
    case 'alternative':
      return describeSequence(node.body);
    case 'disjunction':
      return describeDisjunction(node.body.map(describeNode));
    case 'group':
      // A look-around consumes nothing: what it needs is not in the match.
      return node.behavior === 'normal' || node.behavior === 'ignore' ? describeSequence(node.body) : EMPTY;
    case 'quantifier':
      return describeQuantifier(describeNode(node.body[0]), node.min, node.max);
    case 'characterClassEscape':
      return node.value === 's' ? SPACE : UNKNOWN;
    default:
      // Dot, other escapes such as \w, properties, back-references.
      return UNKNOWN;
  }
}

// ASCII as itself, letters lower-cased, white space as a space; any other character may stand for several.
function foldCodePoint(codePoint: number): string[] | null {
  const char = String.fromCodePoint(codePoint);
  if (WHITE_SPACE.test(char)) return [' '];
  return codePoint < 0x80 ? [char.toLowerCase()] : null;
}

function describeClass(node: Extract<Node, { type: 'characterClass' }>): string[] | null {
  if (node.negative) return null;
  const chars = new Set<string>();
  for (const item of node.body) {
    const [from, to] = item.type === 'value' ? [item.codePoint, item.codePoint] : item.type === 'characterClassRange' ? [item.min.codePoint, item.max.codePoint] : [0, -1];
    if (item.type !== 'value' && item.type !== 'characterClassRange') return null;
    if ((to >= 0x80 && !(from === to && foldCodePoint(from))) || to - from >= MAX_CLASS) return null;
    for (let code = from; code <= to; code++) chars.add(foldCodePoint(code)?.[0] ?? '');
    if (chars.size > MAX_CLASS) return null;
  }
  return chars.size === 0 ? null : [...chars];
}

// Adjacent exact parts join into the strings they consume together; each run that cannot
// grow is a set the match needs, as is every need of a part.
function describeSequence(nodes: readonly Node[]): Info {
  const needs: RegexNeeds = [];
  let run: string[] = [''];
  let exact = true;
  const flush = (): void => {
    if (run.every((s) => s !== '')) needs.push(run);
    run = [''];
  };
  for (const node of nodes) {
    const info = describeNode(node);
    needs.push(...info.needs);
    const joined = info.exact && join(run, info.exact);
    if (joined) {
      run = joined;
      continue;
    }
    exact = false;
    flush();
    if (info.exact) run = info.exact;
  }
  if (exact) return { exact: run, needs };
  flush();
  return { exact: null, needs };
}

// Joined strings read as the needle text does: two spaces that meet are one run of white space.
function join(left: string[], right: string[]): string[] | null {
  const [only] = left;
  if (left.length === 1 && right.length === 1 && only !== undefined && right[0] !== undefined) return [joinPair(only, right[0])];
  if (left.length * right.length > MAX_EXACT) return null;
  const joined = new Set<string>();
  for (const first of left) for (const second of right) joined.add(joinPair(first, second));
  return [...joined];
}

function joinPair(first: string, second: string): string {
  return first.endsWith(' ') && second.startsWith(' ') ? first + second.slice(1) : first + second;
}

// A match takes one branch: it needs one of the strings some set of that branch needs. When
// every branch's strings are known, they are all it needs (each branch's needs hold in them).
function describeDisjunction(branches: Info[]): Info {
  const exacts = branches.map((branch) => branch.exact);
  const all = exacts.every((e) => e !== null) ? dedupe(exacts.flat() as string[]) : null;
  const exact = all && all.length <= MAX_EXACT ? all : null;
  if (exact) return { exact, needs: [] };
  const chosen = branches.map((branch) => rankSets(needsOf(branch))[0]);
  const needs = chosen.every((set) => set !== undefined) ? [dropContaining(chosen.flat() as string[])] : [];
  return { exact, needs };
}

function describeQuantifier(body: Info, min: number, max: number | undefined): Info {
  if (max === 0) return EMPTY;
  // Any run of white space reads as one space: repeated, it is a space or (from zero) nothing.
  if (body.exact?.length === 1 && body.exact[0] === ' ') return { exact: min === 0 ? ['', ' '] : [' '], needs: [] };
  let exact: string[] | null = null;
  if (body.exact && max !== undefined && max <= 3) {
    let power: string[] | null = [''];
    const strings = new Set<string>(min === 0 ? [''] : []);
    for (let count = 1; count <= max && power; count++) {
      power = join(power, body.exact);
      if (power && count >= min) for (const s of power) strings.add(s);
    }
    exact = power && strings.size <= MAX_EXACT ? [...strings] : null;
  }
  return { exact, needs: min === 0 ? [] : needsOf(body) };
}

// An exact set of non-empty strings is a need of its own.
function needsOf(info: Info): RegexNeeds {
  return info.exact && info.exact.length > 0 && info.exact.every((s) => s !== '') ? [...info.needs, info.exact] : info.needs;
}

/**
 * The most selective sets first (longest shortest string, then fewest strings), at most
 * MAX_SETS, each cut to MAX_NEEDLE characters per string and without strings that contain
 * another of the set (a text holding the longer holds the shorter).
 */
function rankSets(sets: RegexNeeds): RegexNeeds {
  const cut = sets.map((set) => dropContaining(set.map((s) => s.slice(0, MAX_NEEDLE))));
  const shortest = (set: string[]): number => Math.min(...set.map((s) => s.length));
  const ranked = cut.sort((a, b) => shortest(b) - shortest(a) || a.length - b.length);
  const kept: RegexNeeds = [];
  for (const set of ranked) if (!kept.some((other) => implies(other, set))) kept.push(set);
  return kept.slice(0, MAX_SETS);
}

// A text holding one of `set`'s strings holds one of `weaker`'s too: each contains one of them.
function implies(set: string[], weaker: string[]): boolean {
  return set.every((s) => weaker.some((w) => s.includes(w)));
}

function dropContaining(strings: string[]): string[] {
  const unique = dedupe(strings);
  return unique.filter((s) => !unique.some((other) => other !== s && s.includes(other)));
}

function dedupe(strings: string[]): string[] {
  return [...new Set(strings)];
}
