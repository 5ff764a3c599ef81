/**
 * Feature extraction for the trained matcher: the one seam between a turn and a model.
 * Training and scoring both go through `extractFeatures`, so a model always sees the
 * features it was trained on. Words are read from the turn's normalised view (the bundled
 * rules/normalisation.yaml) as lemmas (rules/word-forms.json); `FEATURE_SPEC.normaliser`
 * names that reading, so a model trained with another is refused rather than misread.
 */
import { bundledNormalisation, normaliseText } from '../engine/normalise.js';
import { lemmaOf } from '../rules/word-forms.js';

/** What a model's features are; stored in the model file and checked when it is loaded. */
export interface FeatureSpec {
  /** How words are read from text; a model trained with another normaliser is refused. */
  normaliser: string;
  /** Word n-gram lengths taken from the therapist turn. */
  ngrams: number[];
  /** Unigrams of the client's previous turn, prefixed with this. */
  clientPrefix: string;
  /** The base rule set's findings on the turn, prefixed with this. */
  rulePrefix: string;
}

/**
 * The features this version of reassure computes: lemmas of the normalised text
 * ('simple-words-v1', lower-cased words as written, is refused).
 */
export const FEATURE_SPEC: FeatureSpec = { normaliser: 'normalised-lemmas-v2', ngrams: [1, 2, 3], clientPrefix: 'c:', rulePrefix: 'rule:' };

/** What features are computed from: one therapist turn in its context. */
export interface FeatureInput {
  turnText: string;
  /** The client's previous turn ('' when there is none). */
  clientText: string;
  /** Ids of the base rule set's findings on this turn. */
  baseFindingIds: string[];
}

/** A word of a text as a model reads it: its lemma and where it was written. */
export interface LemmaToken {
  lemma: string;
  start: number;
  end: number;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;
// A contraction's second word ("you're": you, 're; "don't": do, n't), read as a word of its own.
const CLITIC = /(?:n't|'(?:re|m|ve|ll|d|s))$/;
/** Contractions whose first word is not spelled out before "n't". */
const NOT_STEMS: Record<string, string> = { ca: 'can', wo: 'will', sha: 'shall', ai: 'be' };

/**
 * The lemmas of a text's words, in order: the text read through the bundled normalisation
 * table ("u r" reads "you are", "sooo" "so"), contractions split ("you're": you, be), each
 * word by its lemma ("worries": worry). Offsets point into the text as written.
 */
export function readLemmas(text: string): LemmaToken[] {
  const view = normaliseText(text, bundledNormalisation());
  const tokens: LemmaToken[] = [];
  for (const match of view.text.matchAll(WORD)) {
    const start = view.toOriginal(match.index, 'start');
    const end = view.toOriginal(match.index + match[0].length, 'end');
    const word = match[0].toLowerCase();
    const clitic = CLITIC.exec(word);
    if (!clitic || clitic.index === 0) {
      tokens.push({ lemma: lemmaOf(word), start, end });
      continue;
    }
    const first = word.slice(0, clitic.index);
    // The split point in the written text, when the word was written as read.
    const cut = end - start === word.length ? start + clitic.index : end;
    tokens.push({ lemma: (clitic[0] === "n't" ? NOT_STEMS[first] : undefined) ?? lemmaOf(first), start, end: cut });
    tokens.push({ lemma: lemmaOf(clitic[0]), start: cut === end ? start : cut, end });
  }
  return tokens;
}

/** The lemmas of a text's words (see `readLemmas`). */
export function lemmasOf(text: string): string[] {
  return readLemmas(text).map((token) => token.lemma);
}

/**
 * The features of a turn, sorted and without repeats: n-grams of the therapist turn's lemmas
 * (joined by one space), `c:word` for the client's previous turn, `rule:id` for each
 * base finding. Words never contain ':' or ' ', so the kinds cannot collide.
 */
export function extractFeatures(input: FeatureInput): string[] {
  const features = new Set<string>();
  const words = lemmasOf(input.turnText);
  for (const n of FEATURE_SPEC.ngrams) {
    for (let i = 0; i + n <= words.length; i++) features.add(words.slice(i, i + n).join(' '));
  }
  for (const word of lemmasOf(input.clientText)) features.add(`${FEATURE_SPEC.clientPrefix}${word}`);
  for (const id of input.baseFindingIds) features.add(`${FEATURE_SPEC.rulePrefix}${id}`);
  return [...features].sort(compareStrings);
}

/** Whether a feature carries transcript words (everything but the base rules' findings). */
export function isTranscriptFeature(feature: string): boolean {
  return !feature.startsWith(FEATURE_SPEC.rulePrefix);
}

/** Code-unit order, the same on every machine and locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Where a feature's words are in a text (its first occurrence), or undefined for a feature that is not an n-gram there. */
export function locateFeature(feature: string, text: string): { start: number; end: number } | undefined {
  if (!isTranscriptFeature(feature) || feature.startsWith(FEATURE_SPEC.clientPrefix)) return undefined;
  const lemmas = feature.split(' ');
  const tokens = readLemmas(text);
  for (let i = 0; i + lemmas.length <= tokens.length; i++) {
    if (lemmas.every((lemma, k) => tokens[i + k]?.lemma === lemma)) {
      return { start: tokens[i]?.start ?? 0, end: tokens[i + lemmas.length - 1]?.end ?? 0 };
    }
  }
  return undefined;
}
