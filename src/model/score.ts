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
  const present: FeatureEvidence[] = [];
  for (const feature of features) {
    const weight = classifier.weights[feature];
    if (weight === undefined) continue;
    sum += weight;
    present.push({ feature, weight });
  }
  const score = sigmoid(sum);
  present.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || compareStrings(a.feature, b.feature));
  return { score, fired: score >= threshold, evidence: present.slice(0, EVIDENCE_SIZE) };
}

/** Evidence safe to show under `--redact`: only the base rules' findings, no transcript word. */
export function redactEvidence(evidence: readonly FeatureEvidence[]): FeatureEvidence[] {
  return evidence.filter((item) => !isTranscriptFeature(item.feature));
}
