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
export const FEATURE_SPEC: FeatureSpec = { normaliser: 'normalised-lemmas-v3', ngrams: [1, 2, 3], clientPrefix: 'c:', rulePrefix: 'rule:' };

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

/** Distinct words remembered by `readWord`; past this the memory starts again. */
const MAX_REMEMBERED = 100_000;
const remembered = new Map<string, WordReading>();

/** A word as written, read as one lemma, or two for a contraction; `cut` is where the second starts. */
interface WordReading {
  lemmas: readonly string[];
  cut: number;
}

// Most words of a turn were read before: one lookup then, not a lower-casing and three regexes.
function readWord(written: string): WordReading {
  const known = remembered.get(written);
  if (known) return known;
  const word = written.toLowerCase();
  const clitic = CLITIC.exec(word);
  let reading: WordReading;
  if (!clitic || clitic.index === 0) {
    reading = { lemmas: [lemmaOf(word)], cut: word.length };
  } else {
    const first = word.slice(0, clitic.index);
    const firstLemma = (clitic[0] === "n't" ? NOT_STEMS[first] : undefined) ?? lemmaOf(first);
    reading = { lemmas: [firstLemma, lemmaOf(clitic[0])], cut: clitic.index };
  }
  if (remembered.size >= MAX_REMEMBERED) remembered.clear();
  remembered.set(written, reading);
  return reading;
}

/**
 * The lemmas of a text's words, in order: the text read through the bundled normalisation
 * table ("u r" reads "you are", "sooo" "so"), contractions split ("you're": you, be), each
 * word by its lemma ("worries": worry). Offsets point into the text as written; the two
 * halves of a contraction share the word's span when it was written otherwise ("dont").
 */
export function readLemmas(text: string): LemmaToken[] {
  const view = normaliseText(text, bundledNormalisation());
  const tokens: LemmaToken[] = [];
  for (const match of view.text.matchAll(WORD)) {
    const start = view.toOriginal(match.index, 'start');
    const end = view.toOriginal(match.index + match[0].length, 'end');
    const { lemmas, cut } = readWord(match[0]);
    const [first, second] = lemmas;
    if (second === undefined) {
      tokens.push({ lemma: first ?? '', start, end });
      continue;
    }
    const at = end - start === match[0].length ? start + cut : undefined;
    tokens.push({ lemma: first ?? '', start, end: at ?? end }, { lemma: second, start: at ?? start, end });
  }
  return tokens;
}

/** The lemmas of a text's words (as `readLemmas`, without offsets). */
export function lemmasOf(text: string): string[] {
  const lemmas: string[] = [];
  for (const match of normaliseText(text, bundledNormalisation()).text.matchAll(WORD)) {
    for (const lemma of readWord(match[0]).lemmas) lemmas.push(lemma);
  }
  return lemmas;
}

/**
 * The features of a turn, sorted and without repeats: n-grams of the therapist turn's lemmas
 * (joined by one space), `c:word` for the client's previous turn, `rule:id` for each
 * base finding. Words never contain ':' or ' ', so the kinds cannot collide.
 */
export function extractFeatures(input: FeatureInput): string[] {
  const features = new Set<string>();
  const words = lemmasOf(input.turnText);
  const longest = Math.max(...FEATURE_SPEC.ngrams);
  // Each n-gram extends the one before it by a word: no slicing and joining per n-gram.
  for (let i = 0; i < words.length; i++) {
    let gram = '';
    for (let n = 1; n <= longest && i + n <= words.length; n++) {
      gram = n === 1 ? (words[i] ?? '') : `${gram} ${words[i + n - 1] ?? ''}`;
      if (FEATURE_SPEC.ngrams.includes(n)) features.add(gram);
    }
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
