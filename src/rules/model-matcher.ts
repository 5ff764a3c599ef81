import path from 'node:path';
import { ReassureError } from '../errors.js';
import { loadModelFile, type ModelClassifier } from '../model/model-file.js';
import { PACKAGE_ROOT } from './load.js';

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
