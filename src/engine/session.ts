import type { CompiledMeasure, CompiledRule, CompiledRuleSet } from '../rules/compile.js';
import type { Finding, Transcript } from '../types.js';

/** What the turn pass counted for the session rules (each a list of turn indices). */
export interface SessionTally {
  therapistTurns: number;
  /** Turns on which each rule (reported or not) matched. */
  hits: Map<string, number[]>;
  /** Turns answering a request, for each rule with a `sequence` measure. */
  sequences: Map<string, number[]>;
}

/**
 * Session rules read the tally the turn pass built, so they cost one look at each
 * counted turn: no session rule re-reads the transcript.
 */
export function evaluateSessionRules(transcript: Transcript, ruleSet: CompiledRuleSet, tally: SessionTally): Finding[] {
  const findings: Finding[] = [];
  for (const rule of ruleSet.evaluation) {
    if (!rule.session || !rule.reported) continue;
    const result = measureSession(rule, tally);
    if (result) findings.push(makeSessionFinding(transcript, rule, result.turns, result.value));
  }
  return findings;
}

function measureSession(rule: CompiledRule, tally: SessionTally): { turns: number[]; value: number } | undefined {
  const session = rule.session;
  if (!session) return undefined;
  // `evidence`: a measure with a lower bound names turns that show the pattern; one with
  // only an upper bound ("no exploring") is a condition, and its turns are no evidence.
  const results: { holds: boolean; turns: number[]; value: number; evidence: boolean }[] = [];
  if (session.count) {
    const turns = turnsOf(session.count, tally);
    const enough = tally.therapistTurns >= session.count.minTurns;
    results.push({ holds: enough && within(session.count, turns.length), turns, value: turns.length, evidence: session.count.min > 0 });
  }
  if (session.share) {
    const turns = turnsOf(session.share, tally);
    const value = tally.therapistTurns === 0 ? 0 : Math.round((turns.length / tally.therapistTurns) * 1000) / 1000;
    const enough = tally.therapistTurns >= session.share.minTurns && tally.therapistTurns > 0;
    results.push({ holds: enough && within(session.share, value), turns, value, evidence: session.share.min > 0 });
  }
  if (session.sequence) {
    const turns = tally.sequences.get(rule.id) ?? [];
    results.push({ holds: turns.length >= session.sequence.min, turns, value: turns.length, evidence: true });
  }
  if (session.requireAll) {
    if (results.length === 0 || !results.every((result) => result.holds)) return undefined;
    const evidence = results.filter((result) => result.evidence);
    const turns = [...new Set(evidence.flatMap((result) => result.turns))].sort((a, b) => a - b);
    return { turns, value: evidence[0]?.value ?? results[0]?.value ?? 0 };
  }
  return results.find((result) => result.holds);
}

function within(measure: CompiledMeasure, value: number): boolean {
  return value >= measure.min && value <= measure.max;
}

function turnsOf(measure: CompiledMeasure, tally: SessionTally): number[] {
  const turns = new Set<number>();
  for (const id of measure.of) for (const turn of tally.hits.get(id) ?? []) turns.add(turn);
  return [...turns].sort((a, b) => a - b);
}

function makeSessionFinding(transcript: Transcript, rule: CompiledRule, turns: number[], value: number): Finding {
  const first = transcript.turns.find((turn) => turn.index === turns[0]);
  return {
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    scope: 'session',
    session: transcript.id,
    file: transcript.path,
    turn: first?.index ?? 0,
    line: first?.line ?? transcript.line,
    speaker: first?.speaker ?? '',
    match: { start: 0, end: 0, text: '', line: first?.line ?? transcript.line, column: 1 },
    excerpt: '',
    turns,
    value,
  };
}
