/**
 * Totals and gates kept while sessions stream past, so a run holds only these numbers and
 * not every session: the same totals `buildRunReport` sums and the same verdict
 * `failsGates` reaches, one session at a time.
 */
import type { FailLevel, RuleSummary, RunTotals, SessionReport } from '../types.js';
import { isFailingFinding, type Gates } from './gate.js';

/** What a run has seen so far. */
export interface RunTally {
  totals: RunTotals;
  /** A finding at or above the fail level was seen. */
  failingFinding: boolean;
  /** Pitfall findings that are not intended examples. */
  unexpectedPitfalls: number;
  /** A labelled pitfall was no longer found. */
  missed: boolean;
}

/** An empty tally: zero totals with every rule id counted. */
export function createRunTally(rules: readonly RuleSummary[]): RunTally {
  const counts = Object.fromEntries(rules.map((rule) => [rule.id, 0]));
  return {
    totals: { sessions: 0, turns: 0, therapistTurns: 0, findings: 0, techniques: 0, pitfalls: 0, counts },
    failingFinding: false,
    unexpectedPitfalls: 0,
    missed: false,
  };
}

/** Adds one session's counts and findings to the tally. */
export function tallySession(tally: RunTally, session: SessionReport, rules: readonly RuleSummary[], failLevel: FailLevel): void {
  const { totals } = tally;
  const kinds = new Map(rules.map((rule) => [rule.id, rule.kind]));
  totals.sessions++;
  totals.turns += session.turns;
  totals.therapistTurns += session.therapistTurns;
  for (const [id, count] of Object.entries(session.counts)) {
    totals.counts[id] = (totals.counts[id] ?? 0) + count;
    if (kinds.get(id) === 'pitfall') totals.pitfalls += count;
    else totals.techniques += count;
  }
  totals.findings = totals.techniques + totals.pitfalls;
  for (const finding of session.findings) {
    if (isFailingFinding(finding, failLevel)) tally.failingFinding = true;
    if (finding.kind === 'pitfall' && finding.expected !== true) tally.unexpectedPitfalls++;
  }
  if (session.missed.length > 0) tally.missed = true;
}

/** Whether the tallied findings fail the run: the verdict `failsGates` gives on the whole report. */
export function failsTally(tally: RunTally, gates: Gates): boolean {
  if (tally.failingFinding) return true;
  if (gates.maxPitfalls !== undefined && tally.unexpectedPitfalls > gates.maxPitfalls) return true;
  return gates.strict === true && tally.missed;
}
