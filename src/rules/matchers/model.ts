import path from 'node:path';
import { ReassureError } from '../../errors.js';
import { loadModelFile, type ModelClassifier } from '../../model/model-file.js';
import { PACKAGE_ROOT } from '../load.js';
import { compareStrings } from '../../model/features.js';
import { findModelSpans } from '../../engine/model-match.js';
import type { MatcherKind } from './types.js';

/** A `{model, id, threshold?}` matcher, compiled: one classifier of a loaded model file. */
export interface CompiledModelMatcher {
  type: 'model';
  /** The model as the rule names it (shown in evidence). */
  model: string;
  id: string;
  classifier: ModelClassifier;
  threshold: number;
}

/** A bare name (no slash, no extension) names a model bundled under rules/models/. */
const BUNDLED_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Model files read while compiling one rule set, by absolute path (or the problem met). */
export type ModelCache = Map<string, ReturnType<typeof loadModelFile> | ReassureError>;

/**
 * Loads (once per file) the model a matcher names, relative to the rule file that holds
 * the matcher, and picks its classifier. Returns a problem message instead when the file
 * cannot be used or has no classifier for the id.
 */
export function compileModelMatcher(
  def: { model: string; id?: string; threshold?: number },
  ruleFile: { file: string; absolutePath: string },
  cache: ModelCache,
): CompiledModelMatcher | { problem: string } {
  if (def.id === undefined) return { problem: 'a model matcher needs "id" (the classifier to use)' };
  const bundled = BUNDLED_NAME.test(def.model);
  const absolute = bundled ? path.join(PACKAGE_ROOT, 'rules', 'models', `${def.model}.json`) : path.resolve(path.dirname(ruleFile.absolutePath), def.model);
  const shown = bundled ? `bundled model "${def.model}"` : path.posix.join(path.posix.dirname(ruleFile.file), def.model);
  if (!cache.has(absolute)) {
    try {
      cache.set(absolute, loadModelFile(absolute, shown));
    } catch (error) {
      if (!(error instanceof ReassureError)) throw error;
      cache.set(absolute, error);
    }
  }
  const loaded = cache.get(absolute);
  if (loaded === undefined || loaded instanceof ReassureError) return { problem: `${shown}: ${loaded?.message ?? 'not loaded'}` };
  const classifier = loaded.classifiers[def.id];
  if (!classifier) return { problem: `${shown} has no classifier "${def.id}" (expected one of ${Object.keys(loaded.classifiers).join(', ')})` };
  return { type: 'model', model: def.model, id: def.id, classifier, threshold: def.threshold ?? classifier.threshold };
}

/** How many of a model's weights `rules explain` shows each way. */
const EXPLAINED_WEIGHTS = 8;

// The largest weights for and against, so a reader sees what the model learned.
function describeModelWeights(classifier: ModelClassifier): string[] {
  const weights = Object.entries(classifier.weights).sort(([fa, a], [fb, b]) => b - a || compareStrings(fa, fb));
  const show = (list: [string, number][]): string => list.map(([feature, weight]) => `"${feature}" ${weight > 0 ? '+' : ''}${weight}`).join(', ');
  return [
    `threshold ${classifier.threshold}, bias ${classifier.bias}, ${weights.length} weights`,
    `for: ${show(weights.filter(([, w]) => w > 0).slice(0, EXPLAINED_WEIGHTS))}`,
    `against: ${show(weights.filter(([, w]) => w < 0).reverse().slice(0, EXPLAINED_WEIGHTS))}`,
  ];
}

/**
 * `model: file-or-name` with `id` (and `threshold`): a trained classifier scores the whole
 * therapist turn, after every other matcher, with the rules' findings among its features.
 */
export const modelKind: MatcherKind<CompiledModelMatcher> = {
  key: 'model',
  schema: {
    type: 'string',
    minLength: 1,
    description:
      'A model file written by `reassure train` (relative to this rule file), or the name of a bundled model; only in a rule\'s `match`. Needs `id`.',
  },
  companions: ['id', 'threshold'],
  compile: (def, ctx) => {
    // A model scores a whole therapist turn: it belongs in the rule's own `match`.
    if (!ctx.matchFile) return [{ keyPath: ['model'], message: 'a model matcher goes in the rule\'s "match" (it scores the therapist turn)' }];
    const compiled = compileModelMatcher({ ...def, model: def.model ?? '' }, ctx.matchFile, ctx.models);
    return 'problem' in compiled ? [{ keyPath: ['model'], message: compiled.problem }] : compiled;
  },
  find: (compiled, view, ctx) => (ctx.modelInputs ? findModelSpans(compiled, ctx.modelInputs, view) : []),
  describe: (def) =>
    `model ${def.model ?? ''}, classifier ${def.id ?? '?'}${def.threshold !== undefined ? `, threshold ${def.threshold}` : ''} (fires on turns the other matchers miss)`,
  explain: (compiled) => ({ title: `Strongest features of model ${compiled.model} (${compiled.id})`, items: describeModelWeights(compiled.classifier) }),
  late: true,
};
