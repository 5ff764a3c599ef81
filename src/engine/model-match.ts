import { FEATURE_SPEC, extractFeatures, isTranscriptFeature, locateFeature } from '../model/features.js';
import { scoreTurn } from '../model/score.js';
import type { CompiledModelMatcher } from '../rules/matchers/model.js';
import type { FindingEvidence, MatchSpan } from '../types.js';
import type { TextContext } from './text.js';

/** A match span with the evidence of the model that found it. */
export type EvidencedSpan = MatchSpan & { evidence?: FindingEvidence };

/** What a model needs from the turn besides its text, computed once when a model first asks. */
export interface ModelInputs {
  features: () => readonly string[];
}

/** Lazily computed features of a therapist turn, as `reassure train` computed them. */
export function createModelInputs(turnText: string, clientText: string, baseFindingIds: () => string[]): ModelInputs {
  let features: string[] | undefined;
  return {
    features: () => (features ??= extractFeatures({ turnText, clientText, baseFindingIds: baseFindingIds() })),
  };
}

/**
 * The span of a model that fires on the turn, with its evidence: the words of its strongest
 * positive n-gram of the turn where they are (as written: "worried about" for "worry about"),
 * else the first sentence.
 */
export function findModelSpans(matcher: CompiledModelMatcher, inputs: ModelInputs, context: TextContext): EvidencedSpan[] {
  const result = scoreTurn(matcher.classifier, inputs.features(), matcher.threshold);
  if (!result.fired) return [];
  const evidence: FindingEvidence = { model: matcher.model, score: result.score, threshold: matcher.threshold, features: result.evidence };
  const words = result.evidence.find((item) => item.weight > 0 && isTranscriptFeature(item.feature) && !item.feature.startsWith(FEATURE_SPEC.clientPrefix));
  const found = words ? locateFeature(words.feature, context.text) : undefined;
  const sentence = context.sentences[0] ?? { start: 0, end: context.text.length };
  const { start, end } = found ?? sentence;
  return [{ start, end, text: context.text.slice(start, end), evidence }];
}
