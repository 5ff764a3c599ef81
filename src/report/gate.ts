import type { FailLevel, Finding, RunReport, Severity } from '../types.js';

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Whether a severity is at or above the fail level. */
export function meetsFailLevel(severity: Severity, failLevel: FailLevel): boolean {
  return failLevel !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[failLevel];
}

/**
 * Whether a finding fails the run: a pitfall at or above the fail level that is not an
 * intended example. Techniques are good practice and never fail a run.
 */
export function isFailingFinding(finding: Finding, failLevel: FailLevel): boolean {
  return finding.kind === 'pitfall' && finding.expected !== true && meetsFailLevel(finding.severity, failLevel);
}

/** Gates beyond the fail level. */
export interface Gates {
  /** Fail when more than this many pitfall findings (not intended ones) were found. */
  maxPitfalls?: number;
  /** Fail when a labelled pitfall is no longer found. */
  strict?: boolean;
}

/** Whether the findings fail the run (exit 1), from all findings before any display filter. */
export function failsGates(report: RunReport, gates: Gates): boolean {
  const findings = report.sessions.flatMap((session) => session.findings);
  if (findings.some((finding) => isFailingFinding(finding, report.failLevel))) return true;
  const pitfalls = findings.filter((finding) => finding.kind === 'pitfall' && finding.expected !== true).length;
  if (gates.maxPitfalls !== undefined && pitfalls > gates.maxPitfalls) return true;
  return gates.strict === true && report.sessions.some((session) => session.missed.length > 0);
}
