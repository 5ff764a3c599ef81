import type { RuleSummary } from '../types.js';

/** Splits rules into techniques and pitfalls, each in `rules` order. */
export function groupRules(rules: readonly RuleSummary[]): { techniques: RuleSummary[]; pitfalls: RuleSummary[] } {
  return {
    techniques: rules.filter((rule) => rule.kind === 'technique'),
    pitfalls: rules.filter((rule) => rule.kind === 'pitfall'),
  };
}
