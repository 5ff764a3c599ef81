import type { ModelClassifier } from './model-file.js';
import { compareStrings, isTranscriptFeature } from './features.js';
import { sigmoid } from './logistic.js';

/** A feature of the turn and the weight it added to the score. */
export interface FeatureEvidence {
  feature: string;
  weight: number;
}

/** What one classifier made of one turn. */
export interface ModelScore {
  /** Probability from 0 to 1. */
  score: number;
  fired: boolean;
  /** The features that moved the score most, largest |weight| first. */
  evidence: FeatureEvidence[];
}

/** How many features a finding's evidence lists. */
export const EVIDENCE_SIZE = 5;

/** Scores a turn's features with one classifier; `threshold` overrides the classifier's own. */
export function scoreTurn(classifier: ModelClassifier, features: readonly string[], threshold: number = classifier.threshold): ModelScore {
  let sum = classifier.bias;
  const top: FeatureEvidence[] = [];
  for (const feature of features) {
    const weight = classifier.weights[feature];
    if (weight === undefined) continue;
    sum += weight;
    keepTop(top, { feature, weight });
  }
  const score = sigmoid(sum);
  return { score, fired: score >= threshold, evidence: top };
}

// Inserts an item into a list kept sorted and no longer than EVIDENCE_SIZE: scoring runs on
// every turn, and a full sort of its features would cost more than the scoring itself.
function keepTop(top: FeatureEvidence[], item: FeatureEvidence): void {
  let at = top.length;
  while (at > 0 && ranksBefore(item, top[at - 1] as FeatureEvidence)) at--;
  if (at >= EVIDENCE_SIZE) return;
  top.splice(at, 0, item);
  if (top.length > EVIDENCE_SIZE) top.pop();
}

function ranksBefore(a: FeatureEvidence, b: FeatureEvidence): boolean {
  return Math.abs(a.weight) > Math.abs(b.weight) || (Math.abs(a.weight) === Math.abs(b.weight) && compareStrings(a.feature, b.feature) < 0);
}

/** Evidence safe to show under `--redact`: only the base rules' findings, no transcript word. */
export function redactEvidence(evidence: readonly FeatureEvidence[]): FeatureEvidence[] {
  return evidence.filter((item) => !isTranscriptFeature(item.feature));
}
