import { applyRuleOverrides, type RuleOverrides } from '../config/rule-overrides.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import { loadRuleSetCached } from '../rules/rule-cache.js';

/** Where a run's rules come from, as plain data a worker thread can load them from itself. */
export interface RuleSource {
  /** Absolute path of the top rule file. */
  rulesPath: string;
  cwd: string;
  overrides: RuleOverrides;
  /** The rule cache's folder; `undefined` reads the rule files without it. */
  cacheDirectory: string | undefined;
}

/**
 * Loads and compiles the rules a source names, with its overrides. For rules the main
 * thread has already checked, so a problem here is a bug, not a user error.
 */
export function loadRuleSource(source: RuleSource): CompiledRuleSet {
  const compiled = loadRuleSetCached(source.rulesPath, source.cwd, source.cacheDirectory);
  if (!compiled.ok) throw new Error(`rules failed to load in a worker: ${compiled.problems[0]?.message ?? ''}`);
  const overridden = applyRuleOverrides(compiled.ruleSet, source.overrides);
  if (!overridden.ok) throw new Error(`rule overrides failed in a worker: ${overridden.problems[0] ?? ''}`);
  return overridden.ruleSet;
}
