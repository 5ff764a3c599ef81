import { TOOL } from '../report/run-report.js';
import type { LabelledTurn } from './dataset.js';
import { FEATURE_SPEC } from './features.js';
import { MODEL_FORMAT, MODEL_VERSION, type ModelFile } from './model-file.js';
import { DEFAULT_TRAINING, crossValidate, round, trainClassifiers, type CrossValidation, type MacroScores, type Progress, type Scores } from './train.js';

/** What a model is trained from, besides its turns. */
export interface BuildOptions {
  /** Ids to train a classifier for (those with no labelled turn are left out). */
  ids: string[];
  rules: { name: string; sha256: string };
  dataLicence?: string;
  /** Cross-validate by transcript over this many folds first. */
  folds?: number;
  progress?: Progress;
}

/** A model file trained on the turns, with its provenance and (optionally) held-out figures. */
export function buildModel(turns: LabelledTurn[], options: BuildOptions): ModelFile {
  const labels = Object.fromEntries(options.ids.map((id) => [id, turns.filter((turn) => turn.labels.includes(id)).length]));
  const ids = options.ids.filter((id) => (labels[id] ?? 0) > 0);
  const progress = options.progress ?? (() => {});
  const crossValidation = options.folds === undefined ? null : roundFigures(crossValidate(turns, ids, options.folds, DEFAULT_TRAINING, progress));
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    features: FEATURE_SPEC,
    training: DEFAULT_TRAINING,
    provenance: {
      tool: { ...TOOL },
      rules: options.rules,
      dataLicence: options.dataLicence ?? null,
      sessions: new Set(turns.map((turn) => turn.session)).size,
      therapistTurns: turns.length,
      labels,
      crossValidation,
    },
    classifiers: trainClassifiers(turns, ids, DEFAULT_TRAINING, progress),
  };
}

function roundFigures(cv: CrossValidation): CrossValidation {
  const fix = (scores: Scores): Scores => ({
    precision: roundOrNull(scores.precision),
    recall: roundOrNull(scores.recall),
    f1: roundOrNull(scores.f1),
    kappa: roundOrNull(scores.kappa),
  });
  const fixMacro = (m: MacroScores): MacroScores => ({ model: fix(m.model), rules: fix(m.rules), combined: fix(m.combined) });
  return {
    folds: cv.folds,
    rows: cv.rows.map((row) => ({ ...row, ...fixMacro(row) })),
    macro: fixMacro(cv.macro),
    perFold: cv.perFold.map((fold) => ({ ...fold, macro: fixMacro(fold.macro) })),
  };
}

function roundOrNull(value: number | null): number | null {
  return value === null ? null : round(value);
}
