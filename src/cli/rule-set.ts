import path from 'node:path';
import { formatProblem } from '../errors.js';
import { DEFAULT_RULES_PATH } from '../rules/load.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import { loadRuleSetCached, resolveCacheDirectory, type RuleFilesSnapshot } from '../rules/rule-cache.js';
import type { CliIO } from './main.js';
import { countSetupProblems } from './setup-stop.js';

/**
 * Loads the rule file (the bundled one when none is named), through the user's rule cache
 * unless `cache` is false. Every problem is printed as `file:line:col: message` before one
 * error ends the run with exit code 2.
 */
export function loadRulesOrFail(rulesPath: string | undefined, io: CliIO, options: { maxBytes?: number; cache?: boolean } = {}): CompiledRuleSet {
  return loadRulesWithSnapshotOrFail(rulesPath, io, options).ruleSet;
}

/**
 * `loadRulesOrFail`, with the snapshot of the rule files that worker threads compile from.
 * `beforeProblems` runs when the rules cannot be loaded, before their problems are printed:
 * it may end the run with an error of its own instead (so that only a failing run pays
 * for finding it).
 */
export function loadRulesWithSnapshotOrFail(
  rulesPath: string | undefined,
  io: CliIO,
  options: { maxBytes?: number; cache?: boolean; beforeProblems?: () => void } = {},
): { ruleSet: CompiledRuleSet; snapshot: RuleFilesSnapshot } {
  const directory = options.cache === false ? undefined : resolveCacheDirectory(io.env);
  const result = loadRuleSetCached(resolveRulesPath(rulesPath, io.cwd), io.cwd, directory, options.maxBytes);
  if (result.ok) return result;
  options.beforeProblems?.();
  for (const problem of result.problems) {
    io.stderr.write(`${formatProblem(problem.message, { file: problem.file, line: problem.line, column: problem.column })}\n`);
  }
  throw countSetupProblems(result.problems.length, 'the rule file');
}

/** The absolute path of the named rule file, or of the bundled one. */
export function resolveRulesPath(rulesPath: string | undefined, cwd: string): string {
  return rulesPath === undefined ? DEFAULT_RULES_PATH : path.resolve(cwd, rulesPath);
}
