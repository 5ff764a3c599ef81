import type { Finding } from '../types.js';

/** Plain code-point comparison: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The one order of findings: by turn (a session finding after the turn findings of its first
 * turn), line, column, then the rules' display order (unknown rules last, by id). Returns a
 * new array; sessions keep their own order.
 */
export function sortFindings(findings: readonly Finding[], rules: readonly { id: string }[]): Finding[] {
  const rank = new Map(rules.map((rule, index) => [rule.id, index]));
  const rankOf = (finding: Finding): number => rank.get(finding.rule) ?? rules.length;
  return [...findings].sort(
    (a, b) =>
      a.turn - b.turn ||
      (a.scope === b.scope ? 0 : a.scope === 'turn' ? -1 : 1) ||
      a.match.line - b.match.line ||
      a.match.column - b.match.column ||
      rankOf(a) - rankOf(b) ||
      compareText(a.rule, b.rule),
  );
}
