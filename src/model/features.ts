/**
 * Feature extraction for the trained matcher: the one seam between a turn and a model.
 * Training and scoring both go through `extractFeatures`, so a model always sees the
 * features it was trained on. When the engine's normalised, lemmatised turn lands, only
 * `normaliseWords` changes (and `FEATURE_SPEC.normaliser` with it, so older model files are
 * refused rather than misread).
 */

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

/** The features this version of reassure computes. */
export const FEATURE_SPEC: FeatureSpec = { normaliser: 'simple-words-v1', ngrams: [1, 2, 3], clientPrefix: 'c:', rulePrefix: 'rule:' };

/** What features are computed from: one therapist turn in its context. */
export interface FeatureInput {
  turnText: string;
  /** The client's previous turn ('' when there is none). */
  clientText: string;
  /** Ids of the base rule set's findings on this turn. */
  baseFindingIds: string[];
}

const CURLY_APOSTROPHES = /[\u2018\u2019\u201B\u2032`]/g;
const WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

/** Lower-cased words with straightened apostrophes; punctuation and spacing dropped. */
export function normaliseWords(text: string): string[] {
  return [...text.toLowerCase().replace(CURLY_APOSTROPHES, "'").matchAll(WORD)].map((match) => match[0]);
}

/**
 * The features of a turn, sorted and without repeats: n-grams of the therapist turn
 * (words joined by one space), `c:word` for the client's previous turn, `rule:id` for each
 * base finding. Words never contain ':' or ' ', so the kinds cannot collide.
 */
export function extractFeatures(input: FeatureInput): string[] {
  const features = new Set<string>();
  const words = normaliseWords(input.turnText);
  for (const n of FEATURE_SPEC.ngrams) {
    for (let i = 0; i + n <= words.length; i++) features.add(words.slice(i, i + n).join(' '));
  }
  for (const word of normaliseWords(input.clientText)) features.add(`${FEATURE_SPEC.clientPrefix}${word}`);
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
