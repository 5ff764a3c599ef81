import { foldOfSession } from '../eval/folds.js';
import { cohensKappa, type Confusion } from '../eval/evaluate.js';
import type { LabelledTurn } from './dataset.js';
import { compareStrings } from './features.js';
import { DEFAULT_LOGISTIC_OPTIONS, trainLogistic, type LogisticOptions } from './logistic.js';
import type { ModelClassifier, TrainingSettings } from './model-file.js';
import { scoreTurn } from './score.js';
import { chooseThreshold } from './threshold.js';

/** The settings `reassure train` uses. */
export const DEFAULT_TRAINING: TrainingSettings = {
  optimiser: 'lbfgs',
  l2: DEFAULT_LOGISTIC_OPTIONS.l2,
  maxIterations: DEFAULT_LOGISTIC_OPTIONS.maxIterations,
  minCount: 2,
  // Weights below 0.05 change no held-out figure by more than 0.01 (dev set, 5 folds) and
  // make up three quarters of a model file.
  prune: 0.05,
  thresholdFolds: 3,
};

/** Reports what training is doing (a terminal shows it; nothing else does). */
export type Progress = (message: string) => void;

/**
 * One classifier per id, trained on all the turns. Each threshold is chosen where F1 is
 * highest on out-of-fold scores of an inner split of the same turns by transcript.
 */
export function trainClassifiers(
  turns: LabelledTurn[],
  ids: string[],
  settings: TrainingSettings = DEFAULT_TRAINING,
  progress: Progress = () => {},
): Record<string, ModelClassifier> {
  const thresholds = chooseThresholds(turns, ids, settings, progress);
  progress(`fitting ${ids.length} classifiers on ${turns.length} turns`);
  const fitted = fitClassifiers(turns, ids, settings);
  return Object.fromEntries(ids.map((id) => [id, { ...(fitted.get(id) as Omit<ModelClassifier, 'threshold'>), threshold: round(thresholds.get(id) ?? 0.5) }]));
}

/** Precision, recall, F1 and kappa of one predictor for one id. */
export interface Scores {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
}

/** One id's held-out figures: the model alone, the rules alone, and either firing. */
export interface CrossValidationRow {
  id: string;
  /** Labelled turns. */
  gold: number;
  model: Scores;
  rules: Scores;
  combined: Scores;
}

/** Macro averages of the model alone, the rules alone, and either firing. */
export interface MacroScores {
  model: Scores;
  rules: Scores;
  combined: Scores;
}

/** One held-out fold's size and macro averages (fold 0 of 5 is the dev set's sealed fold). */
export interface FoldFigures {
  fold: number;
  sessions: number;
  therapistTurns: number;
  macro: MacroScores;
}

/** Cross-validated figures by transcript: per id and macro over all folds, and per fold. */
export interface CrossValidation {
  folds: number;
  rows: CrossValidationRow[];
  macro: MacroScores;
  perFold: FoldFigures[];
}

type Tallies = Map<string, { model: Confusion; rules: Confusion; combined: Confusion }>;

/**
 * K-fold cross-validation by transcript (the split of `eval --fold`): each fold is scored by
 * classifiers trained, thresholds included, on the other folds only.
 */
export function crossValidate(
  turns: LabelledTurn[],
  ids: string[],
  folds: number,
  settings: TrainingSettings = DEFAULT_TRAINING,
  progress: Progress = () => {},
): CrossValidation {
  const counts = createTallies(ids);
  const perFold: FoldFigures[] = [];
  const foldOf = turns.map((turn) => foldOfSession(turn.session, folds));
  for (let fold = 0; fold < folds; fold++) {
    progress(`cross-validation: fold ${fold + 1} of ${folds}`);
    const held = turns.filter((_, i) => foldOf[i] === fold);
    const classifiers = trainClassifiers(
      turns.filter((_, i) => foldOf[i] !== fold),
      ids,
      settings,
    );
    const foldCounts = createTallies(ids);
    for (const turn of held) {
      for (const id of ids) {
        const classifier = classifiers[id];
        if (!classifier) continue;
        const gold = turn.labels.includes(id);
        const model = scoreTurn(classifier, turn.features).fired;
        const rules = turn.rules.includes(id);
        for (const tallies of [counts, foldCounts]) {
          const tally = tallies.get(id);
          if (!tally) continue;
          count(tally.model, gold, model);
          count(tally.rules, gold, rules);
          count(tally.combined, gold, model || rules);
        }
      }
    }
    const sessions = new Set(held.map((turn) => turn.session)).size;
    perFold.push({ fold, sessions, therapistTurns: held.length, macro: macroOf(scoreTallies(foldCounts)) });
  }
  const rows = scoreTallies(counts);
  return { folds, rows, macro: macroOf(rows), perFold };
}

function createTallies(ids: string[]): Tallies {
  return new Map(ids.map((id) => [id, { model: emptyConfusion(), rules: emptyConfusion(), combined: emptyConfusion() }]));
}

function scoreTallies(tallies: Tallies): CrossValidationRow[] {
  return [...tallies].map(([id, tally]) => ({ id, gold: tally.model.tp + tally.model.fn, model: score(tally.model), rules: score(tally.rules), combined: score(tally.combined) }));
}

// Over the ids with labelled turns, as `eval`'s macro average.
function macroOf(rows: CrossValidationRow[]): MacroScores {
  const labelled = rows.filter((row) => row.gold > 0);
  return { model: macro(labelled.map((r) => r.model)), rules: macro(labelled.map((r) => r.rules)), combined: macro(labelled.map((r) => r.combined)) };
}

function chooseThresholds(turns: LabelledTurn[], ids: string[], settings: TrainingSettings, progress: Progress): Map<string, number> {
  const scores = new Map(ids.map((id) => [id, [] as number[]]));
  const labels = new Map(ids.map((id) => [id, [] as boolean[]]));
  const foldOf = turns.map((turn) => foldOfSession(turn.session, settings.thresholdFolds));
  for (let fold = 0; fold < settings.thresholdFolds; fold++) {
    progress(`choosing thresholds: inner fold ${fold + 1} of ${settings.thresholdFolds}`);
    const fitted = fitClassifiers(
      turns.filter((_, i) => foldOf[i] !== fold),
      ids,
      settings,
    );
    const held = turns.filter((_, i) => foldOf[i] === fold);
    for (const id of ids) {
      const classifier = fitted.get(id);
      for (const turn of held) {
        const score = classifier ? scoreTurn({ ...classifier, threshold: 1 }, turn.features).score : 0;
        scores.get(id)?.push(score);
        labels.get(id)?.push(turn.labels.includes(id));
      }
    }
  }
  return new Map(ids.map((id) => [id, chooseThreshold(scores.get(id) ?? [], labels.get(id) ?? [])]));
}

// Features seen at least `minCount` times in these turns, indexed in sorted order.
function fitClassifiers(turns: LabelledTurn[], ids: string[], settings: TrainingSettings): Map<string, Omit<ModelClassifier, 'threshold'>> {
  const frequency = new Map<string, number>();
  for (const turn of turns) for (const feature of turn.features) frequency.set(feature, (frequency.get(feature) ?? 0) + 1);
  const vocabulary = [...frequency].filter(([, n]) => n >= settings.minCount).map(([feature]) => feature).sort(compareStrings);
  const index = new Map(vocabulary.map((feature, i) => [feature, i]));
  const rows = turns.map((turn) => Int32Array.from(turn.features.flatMap((feature) => (index.has(feature) ? [index.get(feature) as number] : []))));
  const options: LogisticOptions = { ...DEFAULT_LOGISTIC_OPTIONS, l2: settings.l2, maxIterations: settings.maxIterations };
  const fitted = new Map<string, Omit<ModelClassifier, 'threshold'>>();
  for (const id of ids) {
    const model = trainLogistic({ rows, labels: turns.map((turn) => turn.labels.includes(id)), features: vocabulary.length }, options);
    const weights: Record<string, number> = {};
    vocabulary.forEach((feature, i) => {
      const weight = round(model.weights[i] ?? 0);
      if (Math.abs(weight) >= settings.prune) weights[feature] = weight;
    });
    fitted.set(id, { bias: round(model.bias), weights });
  }
  return fitted;
}

/** Four decimals: enough for scoring, short and stable in a diff. */
export function round(value: number): number {
  const rounded = Math.round(value * 1e4) / 1e4;
  return rounded === 0 ? 0 : rounded;
}

function emptyConfusion(): Confusion {
  return { tp: 0, fp: 0, fn: 0, tn: 0 };
}

function count(counts: Confusion, gold: boolean, predicted: boolean): void {
  if (gold && predicted) counts.tp++;
  else if (predicted) counts.fp++;
  else if (gold) counts.fn++;
  else counts.tn++;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function score(counts: Confusion): Scores {
  const precision = ratio(counts.tp, counts.tp + counts.fp);
  const recall = ratio(counts.tp, counts.tp + counts.fn);
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, kappa: cohensKappa(counts) };
}

// Undefined figures count as 0 for ids with labelled turns, as in `eval`'s macro average.
function macro(rows: Scores[]): Scores {
  const mean = (key: keyof Scores): number | null => (rows.length === 0 ? null : rows.reduce((sum, row) => sum + (row[key] ?? 0), 0) / rows.length);
  return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), kappa: mean('kappa') };
}
