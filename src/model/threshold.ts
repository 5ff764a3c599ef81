/** The score at or above which a classifier fires, chosen where F1 is highest. */

/** Used when there is no positive example to choose by. */
export const NEVER_FIRES = 1;

/**
 * With balanced class weights a score of 0.5 is the boundary the fit itself draws. Thresholds
 * below it buy recall on rare ids at a precision that a few held-out positives overstate
 * (5-fold cross-validation on the dev set: macro-F1 of rules-or-model 0.36 without this floor, 0.51 with it).
 */
export const MIN_THRESHOLD = 0.5;

/**
 * The threshold with the highest F1 on these scores, not below MIN_THRESHOLD: the midpoint
 * between the lowest score that fires and the next lower one. Ties go to the higher
 * threshold (fewer findings).
 */
export function chooseThreshold(scores: number[], labels: boolean[]): number {
  const positives = labels.filter(Boolean).length;
  if (positives === 0) return NEVER_FIRES;
  const order = scores.map((score, i) => ({ score, label: labels[i] === true })).sort((a, b) => b.score - a.score);
  let best = { f1: -1, threshold: NEVER_FIRES };
  let tp = 0;
  for (let i = 0; i < order.length; i++) {
    const current = order[i] as { score: number; label: boolean };
    if (current.label) tp++;
    const next = order[i + 1];
    // A cut can only fall between different scores.
    if (next !== undefined && next.score === current.score) continue;
    const f1 = (2 * tp) / (i + 1 + positives);
    if (f1 > best.f1) best = { f1, threshold: next === undefined ? current.score : (current.score + next.score) / 2 };
  }
  return Math.max(MIN_THRESHOLD, best.threshold);
}
