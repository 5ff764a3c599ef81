import { readFileSync } from 'node:fs';
import { ReassureError, describeReadError } from '../errors.js';
import { describeJsonError, withoutByteOrderMark } from '../ingest/parse-json.js';
import { FEATURE_SPEC, compareStrings, type FeatureSpec } from './features.js';
import type { CrossValidation } from './train.js';

/** The `format` value every model file carries. */
export const MODEL_FORMAT = 'reassure-model';
/** Version of the model file's shape; a file of another version is refused. */
export const MODEL_VERSION = 1;

/** One id's classifier: score = sigmoid(bias + weights of the features present). */
export interface ModelClassifier {
  /** Fires at or above this score. */
  threshold: number;
  bias: number;
  /** Pruned weights, by feature. */
  weights: Record<string, number>;
}

/** How the classifiers were fitted. */
export interface TrainingSettings {
  optimiser: 'lbfgs';
  l2: number;
  maxIterations: number;
  /** Features seen fewer times than this in the training turns are not used. */
  minCount: number;
  /** Weights smaller than this in absolute value are dropped from the file. */
  prune: number;
  /** Inner folds (by transcript) whose out-of-fold scores choose each threshold. */
  thresholdFolds: number;
}

/** Where a model came from. */
export interface Provenance {
  tool: { name: string; version: string };
  /** The base rule set whose findings are features: as named, and the SHA-256 of its files. */
  rules: { name: string; sha256: string };
  /** The training data's licence, as given with `--data-licence` (null when not given). */
  dataLicence: string | null;
  sessions: number;
  therapistTurns: number;
  /** Labelled therapist turns per id. */
  labels: Record<string, number>;
  /** Held-out figures, when trained with `--folds`. */
  crossValidation: CrossValidation | null;
}

/** A trained model as stored: see schema/model.schema.json. */
export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  features: FeatureSpec;
  training: TrainingSettings;
  provenance: Provenance;
  classifiers: Record<string, ModelClassifier>;
}

/** A model file's text: two-space JSON, keys of weights sorted, one weight per line. */
export function serializeModel(model: ModelFile): string {
  const classifiers = Object.fromEntries(
    Object.keys(model.classifiers)
      .map((id) => [id, model.classifiers[id] as ModelClassifier] as const)
      .map(([id, c]) => [id, { threshold: c.threshold, bias: c.bias, weights: sortKeys(c.weights) }]),
  );
  return `${JSON.stringify({ ...model, classifiers }, null, 2)}\n`;
}

/**
 * Reads and checks a model file. A file that is not JSON, not a model, of another version,
 * or computed with other features is refused with one line naming the file (exit 2).
 */
export function loadModelFile(file: string, shownAs: string = file): ModelFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ReassureError(`cannot read model file: ${describeReadError(error)}`, { file: shownAs });
  }
  let parsed: unknown;
  const json = withoutByteOrderMark(text);
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    const { message, line } = describeJsonError(error, json);
    throw new ReassureError(`not a model file: ${message}${line === undefined ? '' : ` at line ${line}`}`, { file: shownAs });
  }
  const problem = findModelProblem(parsed);
  if (problem) throw new ReassureError(problem, { file: shownAs });
  return parsed as ModelFile;
}

/** Whether a file's text is a model file of any version: what `train` may write over. */
export function isModelFileText(text: string): boolean {
  try {
    const parsed: unknown = JSON.parse(withoutByteOrderMark(text));
    return isRecord(parsed) && parsed.format === MODEL_FORMAT;
  } catch {
    return false;
  }
}

/** What is wrong with a parsed model file, or undefined when this version can use it. */
export function findModelProblem(value: unknown): string | undefined {
  if (!isRecord(value) || value.format !== MODEL_FORMAT) return `not a model file (expected "format": "${MODEL_FORMAT}")`;
  if (value.version !== MODEL_VERSION) return `model file version ${JSON.stringify(value.version)} is not supported (expected ${MODEL_VERSION})`;
  const spec = JSON.stringify(value.features);
  if (spec !== JSON.stringify(FEATURE_SPEC)) return `model features ${spec} differ from this version's (expected ${JSON.stringify(FEATURE_SPEC)}); train it again`;
  if (!isRecord(value.classifiers) || !isRecord(value.provenance) || !isRecord(value.training)) return 'model file is incomplete (expected training, provenance and classifiers)';
  for (const [id, classifier] of Object.entries(value.classifiers)) {
    const problem = findClassifierProblem(classifier);
    if (problem) return `classifiers.${id}: ${problem}`;
  }
  return undefined;
}

function findClassifierProblem(value: unknown): string | undefined {
  if (!isRecord(value)) return `got ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}, expected an object`;
  for (const key of ['threshold', 'bias'] as const) {
    if (!Number.isFinite(value[key])) return `${key}: got ${describeValue(value[key])}, expected a number`;
  }
  const threshold = value.threshold as number;
  if (threshold < 0 || threshold > 1) return `threshold: got ${threshold}, expected a number from 0 to 1`;
  const weights = value.weights;
  if (!isRecord(weights)) return 'weights: expected an object of numbers';
  // A for-in loop: Object.entries on tens of thousands of keys costs most of the load time.
  for (const feature in weights) {
    if (!Number.isFinite(weights[feature])) return `weights["${feature}"]: got ${describeValue(weights[feature])}, expected a number`;
  }
  return undefined;
}

// JSON.stringify writes Infinity (1e999 in a file) as null.
function describeValue(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.keys(record).sort(compareStrings).map((key) => [key, record[key] as number]));
}
