/**
 * Word forms: a word's lemma and its inflections, for phrases that match every form of their
 * words and for the trained model's lemma features. Read from rules/word-forms.json, which
 * scripts/build-word-forms.js generates at build time from an English NLP library (see the
 * README), so no NLP model loads at audit time. Words the table does not know fall back to
 * regular English inflection. Adjectives keep their form ("better" does not read as "good").
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from './load.js';

/** rules/word-forms.json as written. */
export interface WordFormsFile {
  version: 1;
  /** What built it: the script and the library versions. */
  built: Record<string, string>;
  /** Lemma to its inflections, space-separated (lower case, the lemma itself left out). */
  forms: Record<string, string>;
  /** Inflected forms whose lemma regular inflection does not give ("felt": feel, "lives": life). */
  lemmas: Record<string, string>;
  /** Known words with no other forms ("this", "nothing"), space-separated. */
  keep: string;
}

/** The bundled table's path. */
export const WORD_FORMS_PATH = path.join(PACKAGE_ROOT, 'rules', 'word-forms.json');

interface WordForms {
  file: WordFormsFile;
  keep?: Set<string>;
}

let table: WordForms | undefined;

// Read on first use, looked up as parsed: a small file and no index keep start-up short.
function loadTable(): WordForms {
  table ??= { file: JSON.parse(readFileSync(WORD_FORMS_PATH, 'utf8')) as WordFormsFile };
  return table;
}

function isKept(word: string): boolean {
  const loaded = loadTable();
  loaded.keep ??= new Set(loaded.file.keep.split(' '));
  return loaded.keep.has(word);
}

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The lemma of a word, lower case: "worries" -> "worry", "felt" -> "feel", "better" -> "better". */
export function lemmaOf(word: string): string {
  return findLemma(word.toLowerCase());
}

function findLemma(lower: string): string {
  const { file } = loadTable();
  const lemma = own(file.lemmas, lower);
  if (lemma !== undefined) return lemma;
  if (own(file.forms, lower) !== undefined) return lower;
  const regular = deinflect(lower);
  return regular === lower || isKept(lower) ? lower : regular;
}

/** A word's lemma and its inflections, lower case, lemma first: "worry" -> worry, worried, worries, worrying. */
export function formsOf(word: string): readonly string[] {
  const lemma = lemmaOf(word);
  const forms = own(loadTable().file.forms, lemma);
  if (forms !== undefined) return [lemma, ...forms.split(' ')];
  return isKept(lemma) ? [lemma] : inflect(lemma);
}

const VOWEL = /[aeiou]/;
// A stem of one syllable ending in one vowel and one consonant ("hop", "vap").
const SHORT_STEM = /^[^aeiou]*[aeiou][^aeiouwxy]$/;
const MIN_STEM = 3;

/**
 * Regular English inflection taken off a word the table does not know: plural and third
 * person -s/-es/-ies, past -ed/-ied, -ing (a doubled consonant undone, a one-syllable stem
 * given back its "e": "vaping" -> "vape", "zoomed" -> "zoom"). Stems shorter than three
 * letters are left alone.
 */
export function deinflect(word: string): string {
  if (/[^a-z]/.test(word)) return word;
  const ies = /^(.{2,})ie[sd]$/.exec(word);
  if (ies) return `${ies[1] ?? ''}y`;
  const es = /^(.{2,}(?:ss|x|z|ch|sh))es$/.exec(word);
  if (es) return es[1] ?? word;
  const suffix = /^(.+?)(?:ing|ed)$/.exec(word);
  if (suffix && (suffix[1] ?? '').length >= MIN_STEM && VOWEL.test(suffix[1] ?? '')) return restoreStem(suffix[1] ?? '');
  if (/[^su]s$/.test(word) && word.length > MIN_STEM + 1) return word.slice(0, -1);
  return word;
}

function restoreStem(stem: string): string {
  if (/([^aeioulsz])\1$/.test(stem)) return stem.slice(0, -1);
  return SHORT_STEM.test(stem) ? `${stem}e` : stem;
}

/** Regular inflections of a lemma the table does not know: -s, -ed, -ing. */
export function inflect(lemma: string): readonly string[] {
  if (/[^a-z]/.test(lemma) || lemma.length < MIN_STEM) return [lemma];
  if (/[^aeiou]y$/.test(lemma)) return [lemma, `${lemma.slice(0, -1)}ies`, `${lemma.slice(0, -1)}ied`, `${lemma}ing`];
  if (lemma.endsWith('e')) return [lemma, `${lemma}s`, `${lemma}d`, `${lemma.slice(0, -1)}ing`];
  const s = /(?:ss|x|z|ch|sh)$/.test(lemma) ? `${lemma}es` : `${lemma}s`;
  return [lemma, s, `${lemma}ed`, `${lemma}ing`];
}
