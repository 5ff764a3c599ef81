import { applyRuleOverrides, type RuleOverrides } from '../config/rule-overrides.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import { compileSnapshot, type RuleFilesSnapshot } from '../rules/rule-cache.js';

/** A run's rules as plain data a worker thread compiles them from, without reading or checking the rule files. */
export interface RuleSource {
  /** The rule files the main thread loaded and checked. */
  snapshot: RuleFilesSnapshot;
  cwd: string;
  overrides: RuleOverrides;
}

/**
 * Compiles the rules a source holds, with its overrides. For rules the main thread has
 * already checked, so a problem here is a bug, not a user error.
 */
export function loadRuleSource(source: RuleSource): CompiledRuleSet {
  const compiled = compileSnapshot(source.snapshot, source.cwd);
  if (!compiled.ok) throw new Error(`rules failed to load in a worker: ${compiled.problems[0]?.message ?? ''}`);
  const overridden = applyRuleOverrides(compiled.ruleSet, source.overrides);
  if (!overridden.ok) throw new Error(`rule overrides failed in a worker: ${overridden.problems[0]?.message ?? ''}`);
  return overridden.ruleSet;
}
