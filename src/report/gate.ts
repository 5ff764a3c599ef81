import type { FailLevel, Finding, Severity } from '../types.js';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a severity is at or above the fail level. */
export function meetsFailLevel(severity: Severity, failLevel: FailLevel): boolean {
  return failLevel !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failLevel];
}

/** Whether a finding fails the run: at or above the fail level and not an intended example. */
export function isFailingFinding(finding: Finding, failLevel: FailLevel): boolean {
  return finding.expected !== true && meetsFailLevel(finding.severity, failLevel);
}
