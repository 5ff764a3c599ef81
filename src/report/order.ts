import type { Finding } from '../types.js';

/** Plain code-point comparison: the same order on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts a session's findings by turn, then column, then the rules' display order. */
export function sortFindings(findings: Finding[], ruleOrder: readonly string[]): Finding[] {
  const rank = new Map(ruleOrder.map((id, index) => [id, index]));
  return [...findings].sort(
    (a, b) =>
      a.turn - b.turn ||
      (a.scope === b.scope ? 0 : a.scope === 'turn' ? -1 : 1) ||
      a.line - b.line ||
      a.column - b.column ||
      (rank.get(a.rule) ?? 0) - (rank.get(b.rule) ?? 0),
  );
}
