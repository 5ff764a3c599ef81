/**
 * Normalised text: the spellings a rule need not list (missing apostrophes, chat spellings,
 * split compounds, letter elongation, misspellings, curly quotes and dashes) read as their
 * canonical form, and the disfluencies of speech (fillers, stuttered words) drop out, with a
 * map back to the original offsets. The table is data
 * (rules/normalisation.yaml), extended by a rule file's `normalisation:` key.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { requireYaml } from '../lazy-yaml.js';
import { PACKAGE_ROOT } from '../rules/load.js';
import { normalizeText } from './text.js';
import { formatFieldPath } from '../field-path.js';

/** A table entry as written: the canonical spelling, or it with the words that may follow. */
export type NormalisationEntryDef = string | { to: string; before?: string[] };

/** A normalisation table as written in YAML (the bundled file, or a rule file's extension). */
export interface NormalisationTableDef {
  version?: number;
  elongation?: { enabled?: boolean; double?: string[] };
  words?: Record<string, NormalisationEntryDef>;
  /** Words of hesitation ("uh", "um") that drop out, with the commas and spaces around them. */
  fillers?: string[];
  /** Short words whose immediate repetition ("the-the", "I, I") reads once. */
  stutter?: string[];
}

/** A problem in a table, at a key path ("words", "ur", "to") the loader turns into line:col. */
export interface NormalisationProblem {
  path: (string | number)[];
  message: string;
}

/** One variant of the compiled table. */
export interface NormalisationEntry {
  /** Canonical spelling (as written in the table). */
  to: string;
  /** Words that may follow the variant; absent when any may. */
  before?: ReadonlySet<string>;
}

/** A compiled table, ready to normalise text. */
export interface CompiledNormalisation {
  /** Variant (lower case, words one space apart) to its entry. */
  readonly entries: ReadonlyMap<string, NormalisationEntry>;
  readonly elongation: boolean;
  /** Words that elongated letters may read back to with the letter twice ("good"). */
  readonly double: ReadonlySet<string>;
  /** Filler words (lower case), read as a space or nothing. */
  readonly fillers: ReadonlySet<string>;
  /** Words (lower case) whose repetition reads once. */
  readonly stutter: ReadonlySet<string>;
  /** Finds every candidate (a filler, a stutter, a variant, an elongated word, a quote or a dash) in one scan. */
  readonly scanner: RegExp;
  /** Sticky: the next filler of a run of them, after commas and spaces. */
  readonly nextFiller: RegExp;
}

/** The result of `compileNormalisation`: the table, built from every valid entry, and the problems. */
export interface NormalisationResult {
  compiled: CompiledNormalisation;
  problems: NormalisationProblem[];
}

/** A text's normalised reading. */
export interface NormalisedText {
  /** The normalised text; the input string itself when nothing changed. */
  readonly text: string;
  /**
   * The original offset of a normalised offset. Offsets outside replaced words map exactly; an
   * offset inside a replaced word maps to the word's original start (`side` 'start', the
   * default) or end ('end'), so the start and end of any span map to original span boundaries.
   */
  toOriginal(offset: number, side?: 'start' | 'end'): number;
}

const VARIANT_KEY = /^[a-z0-9']+(?: [a-z0-9']+)*$/;
const ENTRY_KEYS = new Set(['to', 'before']);
const TOP_KEYS = new Set(['version', 'elongation', 'words', 'fillers', 'stutter']);
const ELONGATION_KEYS = new Set(['enabled', 'double']);
// One character for one: curly quotes straight, dashes and minus as a hyphen.
const CHARACTER_READINGS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201B': "'", '\u2032': "'", '\u201C': '"', '\u201D': '"', '\u201F': '"', '\u2033': '"',
  '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-',
};
const CHARACTER_CLASS = `[${Object.keys(CHARACTER_READINGS).join('')}]`;
const LETTER = /^\p{L}$/u;
const WORD_REST = /[\p{L}\p{N}]*/uy;
const NEXT_WORD = /\s+([\p{L}\p{N}']+)/uy;
const SEPARATORS = /[,\s]*/y;
// A filler or stutter is a whole word: no letter, digit, apostrophe or hyphen joins it ("uh-huh" stays).
const NOT_BEFORE = "(?<![\\p{L}\\p{N}'-])";
const NOT_AFTER = "(?![\\p{L}\\p{N}'-])";
// Fillers a stutter may hold between its copies ("and, um, and").
const MAX_FILLERS_IN_STUTTER = 3;

/** Compiles the bundled table, extended by a rule file's `normalisation:` key (its entries win). */
export function compileNormalisation(table: unknown, extension?: unknown): NormalisationResult {
  const problems: NormalisationProblem[] = [];
  const base = checkTable(table, [], problems);
  const extra = extension === undefined ? {} : checkTable(extension, ['normalisation'], problems);
  const entries = new Map<string, NormalisationEntry>();
  for (const words of [base.words, extra.words]) {
    for (const [variant, entry] of Object.entries(words ?? {})) entries.set(variant, readEntry(entry));
  }
  const double = new Set([...(base.elongation?.double ?? []), ...(extra.elongation?.double ?? [])].map((word) => word.toLowerCase()));
  for (const { to } of entries.values()) for (const word of to.toLowerCase().split(' ')) double.add(word);
  const elongation = extra.elongation?.enabled ?? base.elongation?.enabled ?? true;
  const fillers = new Set([...(base.fillers ?? []), ...(extra.fillers ?? [])].map((word) => word.toLowerCase()));
  const stutter = new Set([...(base.stutter ?? []), ...(extra.stutter ?? [])].map((word) => word.toLowerCase()));
  const filler = fillerPattern(fillers);
  const scanner = buildScanner([...entries.keys()], elongation, filler, [...stutter]);
  const nextFiller = new RegExp(`[,\\s]*${NOT_BEFORE}(${filler})${NOT_AFTER}`, 'iuy');
  return { compiled: { entries, elongation, double, fillers, stutter, scanner, nextFiller }, problems };
}

// Canonical spellings are straightened as turns are, so a normalised text is always straight.
function readEntry(entry: NormalisationEntryDef): NormalisationEntry {
  if (typeof entry === 'string') return { to: normalizeText(entry) };
  const to = normalizeText(entry.to);
  return entry.before ? { to, before: new Set(entry.before.map((word) => word.toLowerCase())) } : { to };
}

// Keeps the valid parts of a table and reports the rest.
function checkTable(table: unknown, at: (string | number)[], problems: NormalisationProblem[]): NormalisationTableDef {
  if (!isRecord(table)) {
    problems.push({ path: at, message: `a normalisation table must be a mapping (got ${describe(table)}, expected words:, elongation:, fillers: and stutter:)` });
    return {};
  }
  for (const key of Object.keys(table)) {
    if (!TOP_KEYS.has(key)) problems.push({ path: [...at, key], message: `unknown normalisation key (got ${key}, expected one of ${[...TOP_KEYS].join(', ')})` });
  }
  const checked: NormalisationTableDef = {};
  if (table.version !== undefined && table.version !== 1) problems.push({ path: [...at, 'version'], message: `unknown normalisation version (got ${describe(table.version)}, expected 1)` });
  if (table.elongation !== undefined) checked.elongation = checkElongation(table.elongation, [...at, 'elongation'], problems);
  if (table.words !== undefined) checked.words = checkWords(table.words, [...at, 'words'], problems);
  if (table.fillers !== undefined) checked.fillers = checkWordList(table.fillers, [...at, 'fillers'], problems);
  if (table.stutter !== undefined) checked.stutter = checkWordList(table.stutter, [...at, 'stutter'], problems);
  return checked;
}

function checkElongation(value: unknown, at: (string | number)[], problems: NormalisationProblem[]): NormalisationTableDef['elongation'] {
  if (!isRecord(value)) {
    problems.push({ path: at, message: `elongation must be a mapping (got ${describe(value)}, expected enabled: and double:)` });
    return undefined;
  }
  const checked: NonNullable<NormalisationTableDef['elongation']> = {};
  for (const key of Object.keys(value)) {
    if (!ELONGATION_KEYS.has(key)) problems.push({ path: [...at, key], message: `unknown elongation key (got ${key}, expected enabled or double)` });
  }
  if (typeof value.enabled === 'boolean') checked.enabled = value.enabled;
  else if (value.enabled !== undefined) problems.push({ path: [...at, 'enabled'], message: `enabled must be true or false (got ${describe(value.enabled)})` });
  if (value.double !== undefined) checked.double = checkWordList(value.double, [...at, 'double'], problems);
  return checked;
}

function checkWords(value: unknown, at: (string | number)[], problems: NormalisationProblem[]): Record<string, NormalisationEntryDef> {
  const checked: Record<string, NormalisationEntryDef> = {};
  if (!isRecord(value)) {
    problems.push({ path: at, message: `words must be a mapping of variant to canonical spelling (got ${describe(value)})` });
    return checked;
  }
  for (const [key, entry] of Object.entries(value)) {
    const variant = key.toLowerCase().trim().split(/\s+/).join(' ');
    if (!VARIANT_KEY.test(variant)) {
      problems.push({ path: [...at, key], message: `a variant must be words of letters, digits and apostrophes (got ${JSON.stringify(key)})` });
      continue;
    }
    const read = checkEntry(entry, [...at, key], problems);
    if (read !== undefined) checked[variant] = read;
  }
  return checked;
}

function checkEntry(entry: unknown, at: (string | number)[], problems: NormalisationProblem[]): NormalisationEntryDef | undefined {
  if (typeof entry === 'string' && entry.trim() !== '') return entry.trim();
  if (!isRecord(entry)) {
    problems.push({ path: at, message: `a variant must read as a non-empty spelling or { to, before } (got ${describe(entry)})` });
    return undefined;
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) problems.push({ path: [...at, key], message: `unknown variant key (got ${key}, expected to or before)` });
  }
  if (typeof entry.to !== 'string' || entry.to.trim() === '') {
    problems.push({ path: [...at, 'to'], message: `to must be a non-empty spelling (got ${describe(entry.to)})` });
    return undefined;
  }
  if (entry.before === undefined) return { to: entry.to.trim() };
  return { to: entry.to.trim(), before: checkWordList(entry.before, [...at, 'before'], problems) };
}

function checkWordList(value: unknown, at: (string | number)[], problems: NormalisationProblem[]): string[] {
  if (!Array.isArray(value)) {
    problems.push({ path: at, message: `expected a list of words (got ${describe(value)})` });
    return [];
  }
  const words: string[] = [];
  value.forEach((word: unknown, i) => {
    if (typeof word === 'string' && /^[\p{L}\p{N}']+$/u.test(word)) words.push(word);
    else problems.push({ path: [...at, i], message: `expected a word (got ${describe(word)})` });
  });
  return words;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : JSON.stringify(value);
}

/**
 * One regex finds every candidate left to right: a filler with the commas and spaces before
 * it (groups 1 and 2; the run of fillers after it is read after), a stutter word followed by
 * its separator and, looking ahead, itself again (group 3), a variant as a whole word (group
 * 4), a word with a letter written three times (group 5, the run's letter; the word's rest is
 * read after), or a quote or dash (group 6). Each alternative is tried only where a word or a
 * run of separators starts (the look-behinds fail at once elsewhere), so the scan stays linear
 * in the text.
 */
function buildScanner(variants: string[], elongation: boolean, filler: string, stutter: string[]): RegExp {
  const byFirstLetter = new Map<string, string[]>();
  for (const variant of [...variants].sort((a, b) => b.length - a.length || (a < b ? -1 : 1))) {
    const pattern = variant.split(' ').map(escapeRegex).join('\\s+');
    const first = pattern.charAt(0);
    byFirstLetter.set(first, [...(byFirstLetter.get(first) ?? []), pattern.slice(1)]);
  }
  const alternatives = [...byFirstLetter].map(([first, rests]) => `${first}(?:${rests.join('|')})`);
  // A group that never matches keeps the group numbers when a part is missing.
  const variant = alternatives.length > 0 ? `(${alternatives.join('|')})(?![\\p{L}\\p{N}])` : '((?!))';
  const stretched = elongation ? '[\\p{L}\\p{N}]*?(\\p{L})\\5\\5' : '((?!))';
  const fillers = `(?<![,\\s])([,\\s]*)${NOT_BEFORE}(${filler})${NOT_AFTER}`;
  const separator = `(?:-|[,\\s]+(?:(?:${filler})${NOT_AFTER}[,\\s]+){0,${MAX_FILLERS_IN_STUTTER}})`;
  const words = stutter.length > 0 ? [...stutter].sort((a, b) => b.length - a.length).map(escapeRegex).join('|') : '(?!)';
  const stutters = `(?<![\\p{L}\\p{N}'])(${words})${separator}(?=\\3(?![\\p{L}\\p{N}']))`;
  return new RegExp(`${fillers}|${stutters}|(?<![\\p{L}\\p{N}])(?:${variant}|${stretched})|(${CHARACTER_CLASS})`, 'giu');
}

/**
 * The fillers as one alternation; a letter may be stretched to three or more ("ummm", "hmmm"),
 * as elongation reads it, but not doubled where the table does not list it ("err" stays).
 */
function fillerPattern(fillers: ReadonlySet<string>): string {
  if (fillers.size === 0) return '(?!)';
  const byLength = [...fillers].sort((a, b) => b.length - a.length);
  return byLength.map((word) => [...word.matchAll(/(.)\1*/gu)].map(([run, letter = '']) => stretchRun(run, letter)).join('')).join('|');
}

function stretchRun(run: string, letter: string): string {
  if (!LETTER.test(letter)) return escapeRegex(run);
  return run.length >= 3 ? `${letter}{3,}` : `(?:${run}|${letter}{3,})`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Reads a text through a compiled table in one left-to-right scan. */
export function normaliseText(text: string, compiled: CompiledNormalisation): NormalisedText {
  const scanner = compiled.scanner;
  scanner.lastIndex = 0;
  const pieces: string[] = [];
  // Replacements that change the length, as parallel offset lists (original, then normalised).
  const from: number[] = [];
  const to: number[] = [];
  const normFrom: number[] = [];
  const normTo: number[] = [];
  let copied = 0;
  let normLength = 0;
  for (let match = scanner.exec(text); match !== null; match = scanner.exec(text)) {
    const start = match.index;
    const reading = readCandidate(text, match, compiled);
    if (reading === undefined) continue;
    const end = reading.end;
    scanner.lastIndex = end;
    pieces.push(text.slice(copied, start), reading.text);
    normLength += start - copied;
    if (end - start !== reading.text.length) {
      from.push(start);
      to.push(end);
      normFrom.push(normLength);
      normTo.push(normLength + reading.text.length);
    }
    normLength += reading.text.length;
    copied = end;
  }
  if (pieces.length === 0) return { text, toOriginal: (offset) => offset };
  pieces.push(text.slice(copied));
  return { text: pieces.join(''), toOriginal: (offset, side = 'start') => mapToOriginal({ from, to, normFrom, normTo }, offset, side) };
}

/** What a candidate reads as, and where it ends in the original; undefined when it stays. */
function readCandidate(text: string, match: RegExpExecArray, compiled: CompiledNormalisation): { text: string; end: number } | undefined {
  const [found, leading, filler, stutter, variant, runLetter, character] = match;
  const end = match.index + found.length;
  if (filler !== undefined) return isShouted(filler) ? undefined : readFillers(text, match.index, leading ?? '', end, compiled);
  if (stutter !== undefined) return { text: '', end };
  if (character !== undefined) return { text: CHARACTER_READINGS[character] ?? character, end };
  if (variant !== undefined) {
    const canonical = readVariant(text, variant, end, compiled);
    return canonical === undefined ? undefined : { text: canonical, end };
  }
  if (runLetter === undefined) return undefined;
  WORD_REST.lastIndex = end;
  const wordEnd = end + (WORD_REST.exec(text)?.[0].length ?? 0);
  const written = collapseRuns(text.slice(match.index, wordEnd), compiled.double);
  return { text: readVariant(text, written, wordEnd, compiled) ?? written, end: wordEnd };
}

/**
 * A run of fillers, from the separators before the first to those after the last, reads as
 * one space between two words, and as nothing at the start or end of the text or beside
 * punctuation ("Uh, I think" reads "I think", "so, um." reads "so.").
 */
function readFillers(text: string, start: number, leading: string, firstEnd: number, compiled: CompiledNormalisation): { text: string; end: number } {
  let end = firstEnd;
  for (;;) {
    compiled.nextFiller.lastIndex = end;
    const next = compiled.nextFiller.exec(text);
    if (next === null || isShouted(next[1] ?? '')) break;
    end = compiled.nextFiller.lastIndex;
  }
  SEPARATORS.lastIndex = end;
  const trailing = SEPARATORS.exec(text)?.[0].length ?? 0;
  const between = start > 0 && leading !== '' && trailing > 0 && end + trailing < text.length;
  return { text: between ? ' ' : '', end: end + trailing };
}

// A filler written in capitals may be an abbreviation ("the ER", "UM" for a university).
function isShouted(word: string): boolean {
  return word.length > 1 && word === word.toUpperCase();
}

// The canonical spelling of a variant as written, or undefined when its context rules it out.
function readVariant(text: string, written: string, end: number, compiled: CompiledNormalisation): string | undefined {
  const lower = written.toLowerCase();
  const key = lower.includes(' ') || /\s/.test(lower) ? lower.split(/\s+/).join(' ') : lower;
  const entry = compiled.entries.get(key);
  if (!entry) return undefined;
  if (key.length === 1 && written !== key) return undefined;
  if (entry.before) {
    NEXT_WORD.lastIndex = end;
    const next = NEXT_WORD.exec(text)?.[1]?.toLowerCase();
    if (next === undefined || !entry.before.has(next)) return undefined;
  }
  return matchCase(written, entry.to);
}

// "Dont" reads "Don't", "DONT" reads "DON'T", anything else the table's spelling.
function matchCase(written: string, canonical: string): string {
  if (written.length > 1 && written === written.toUpperCase() && written !== written.toLowerCase()) return canonical.toUpperCase();
  const first = written.charAt(0);
  if (first !== first.toLowerCase()) return canonical.charAt(0).toUpperCase() + canonical.slice(1);
  return canonical;
}

// Each run of three or more letters reads twice when that spells a `double` word, else once.
function collapseRuns(word: string, double: ReadonlySet<string>): string {
  const twice = keepOfRuns(word, 2);
  return double.has(twice.toLowerCase()) ? twice : keepOfRuns(word, 1);
}

// A loop, not a regex: a word can be megabytes of one letter.
function keepOfRuns(word: string, keep: number): string {
  let kept = '';
  let runStart = 0;
  for (let i = 1; i <= word.length; i++) {
    if (i < word.length && word.charAt(i).toLowerCase() === word.charAt(runStart).toLowerCase()) continue;
    const run = i - runStart;
    kept += word.slice(runStart, runStart + (run >= 3 && LETTER.test(word.charAt(runStart)) ? keep : run));
    runStart = i;
  }
  return kept;
}

interface OffsetMap {
  from: number[];
  to: number[];
  normFrom: number[];
  normTo: number[];
}

function mapToOriginal(map: OffsetMap, offset: number, side: 'start' | 'end'): number {
  // The last replacement starting before the offset (at it, for a start).
  let low = 0;
  let high = map.normFrom.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    const startsBefore = side === 'start' ? (map.normFrom[middle] ?? 0) <= offset : (map.normFrom[middle] ?? 0) < offset;
    if (startsBefore) low = middle + 1;
    else high = middle;
  }
  if (low === 0) return offset;
  const i = low - 1;
  const [origFrom, origTo, normEnd] = [map.from[i] ?? 0, map.to[i] ?? 0, map.normTo[i] ?? 0];
  if (offset >= normEnd) return origTo + (offset - normEnd);
  return side === 'start' ? origFrom : origTo;
}

/** The written variants a table reads as `canonical`, each with the words that may follow it. */
export function variantsOf(canonical: string, compiled: CompiledNormalisation): { variant: string; before?: ReadonlySet<string> }[] {
  const variants: { variant: string; before?: ReadonlySet<string> }[] = [];
  for (const [variant, entry] of compiled.entries) {
    if (entry.to.toLowerCase() === canonical.toLowerCase()) variants.push(entry.before ? { variant, before: entry.before } : { variant });
  }
  return variants;
}

/** The bundled table (rules/normalisation.yaml), as written. */
export const BUNDLED_NORMALISATION_PATH = path.join(PACKAGE_ROOT, 'rules', 'normalisation.yaml');

let bundledTable: unknown;
let bundled: CompiledNormalisation | undefined;

/** The bundled table as written (plain data), parsed once per process unless `useBundledNormalisationTable` gave it. */
export function readBundledNormalisationTable(): unknown {
  bundledTable ??= requireYaml().parse(readFileSync(BUNDLED_NORMALISATION_PATH, 'utf8'));
  return bundledTable;
}

/** Hands over the bundled table as read before (from the rule cache), so this process need not parse its YAML. */
export function useBundledNormalisationTable(table: unknown): void {
  bundledTable ??= table;
}

/** The bundled table compiled, read once per process. */
export function bundledNormalisation(): CompiledNormalisation {
  if (bundled) return bundled;
  const { compiled, problems } = compileNormalisation(readBundledNormalisationTable());
  const first = problems[0];
  if (first) throw new Error(`${BUNDLED_NORMALISATION_PATH}: ${formatFieldPath(first.path)}: ${first.message}`);
  bundled = compiled;
  return compiled;
}
