import type { Finding, RuleSummary } from '../types.js';

/**
 * Sorts one session's findings by (turn, column, rule order), rules ranked by their place
 * in `rules`; unknown rules go last, by id. Sessions keep `report.sessions` order, so
 * concatenating sorted sessions gives the run's output order. Returns a new array.
 */
export function sortFindings(findings: readonly Finding[], rules: readonly RuleSummary[]): Finding[] {
  const rank = new Map(rules.map((rule, index) => [rule.id, index]));
  const rankOf = (finding: Finding): number => rank.get(finding.rule) ?? rules.length;
  return [...findings].sort(
    (a, b) =>
      a.turn - b.turn ||
      a.column - b.column ||
      rankOf(a) - rankOf(b) ||
      a.rule.localeCompare(b.rule, 'en'),
  );
}

/** Splits rules into techniques and pitfalls, each in `rules` order. */
export function groupRules(rules: readonly RuleSummary[]): { techniques: RuleSummary[]; pitfalls: RuleSummary[] } {
  return {
    techniques: rules.filter((rule) => rule.kind === 'technique'),
    pitfalls: rules.filter((rule) => rule.kind === 'pitfall'),
  };
}
