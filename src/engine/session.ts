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
  const count = session.count && turnsOf(session.count, tally);
  if (session.count && count && count.length >= session.count.min && tally.therapistTurns >= session.count.minTurns) {
    return { turns: count, value: count.length };
  }
  const share = session.share && turnsOf(session.share, tally);
  if (session.share && share && tally.therapistTurns >= session.share.minTurns && tally.therapistTurns > 0) {
    const value = share.length / tally.therapistTurns;
    if (value >= session.share.min) return { turns: share, value: Math.round(value * 1000) / 1000 };
  }
  const answered = tally.sequences.get(rule.id) ?? [];
  if (session.sequence && answered.length >= session.sequence.min) return { turns: answered, value: answered.length };
  return undefined;
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
    column: 1,
    speaker: first?.speaker ?? '',
    match: { start: 0, end: 0, text: '' },
    excerpt: '',
    turns,
    value,
  };
}
