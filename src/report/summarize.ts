import type {
  Expectation,
  Finding,
  InputProblem,
  RuleSummary,
  SessionReport,
  SpeakerSummary,
  SuppressedFinding,
  Transcript,
} from '../types.js';
import { sortFindings } from './order.js';
import { addClientTurnBefore, checkSessionDate, describeSessionContext } from './session-context.js';

/** A session's report, and what the user should hear about its labels and suppressions. */
export interface SessionSummary {
  session: SessionReport;
  warnings: InputProblem[];
}

/**
 * Turns a transcript's findings into its report: marks findings a human labelled as
 * intended, takes suppressed ones out of the counts, lists labelled pitfalls no rule found,
 * and zero-fills the counts for every rule.
 */
export function summarizeSession(transcript: Transcript, findings: Finding[], rules: RuleSummary[]): SessionSummary {
  const dateWarning = checkSessionDate(transcript);
  const warnings: InputProblem[] = dateWarning === undefined ? [] : [dateWarning];
  const ruleIds = rules.map((rule) => rule.id);
  const turnsByIndex = new Map(transcript.turns.map((turn) => [turn.index, turn]));
  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  const usedSuppressions = new Set<string>();
  for (const finding of sortFindings(addClientTurnBefore(findings, transcript), rules)) {
    const turn = turnsByIndex.get(finding.turn);
    const labels = finding.scope === 'session' ? transcript.labels : turn?.labels;
    const marked = labels?.includes(finding.rule) ? { ...finding, expected: true } : finding;
    const suppression = finding.scope === 'turn' ? turn?.ignore?.find((entry) => entry.rule === finding.rule) : undefined;
    if (suppression && suppression.reason !== undefined && suppression.reason.trim() !== '') {
      suppressed.push({ finding: marked, reason: suppression.reason });
      usedSuppressions.add(`${finding.turn}:${finding.rule}`);
    } else {
      kept.push(marked);
    }
  }
  for (const turn of transcript.turns) {
    for (const entry of turn.ignore ?? []) {
      const where = { file: transcript.path, line: turn.line };
      if (entry.reason === undefined || entry.reason.trim() === '') {
        warnings.push({ ...where, message: `turn ${turn.index}: ignore of "${entry.rule}" has no reason, so it suppresses nothing (add reason: "…")`, kind: 'ignore-without-reason' });
      } else if (!usedSuppressions.has(`${turn.index}:${entry.rule}`)) {
        warnings.push({ ...where, message: `turn ${turn.index}: ignore of "${entry.rule}" suppresses nothing (no such finding on this turn)`, kind: 'ignore-unused' });
      }
    }
  }
  const counts = Object.fromEntries(ruleIds.map((id) => [id, 0]));
  for (const finding of kept) counts[finding.rule] = (counts[finding.rule] ?? 0) + 1;
  const therapistTurns = transcript.turns.filter((turn) => turn.role === 'therapist');
  const reassuringTurns = new Set(kept.filter((f) => f.scope === 'turn').map((f) => f.turn));
  return {
    session: {
      id: transcript.id,
      file: transcript.path,
      format: transcript.format,
      turns: transcript.turns.length,
      therapistTurns: therapistTurns.length,
      reassuranceShare: therapistTurns.length === 0 ? 0 : round(reassuringTurns.size / therapistTurns.length),
      counts,
      findings: kept,
      speakers: summarizeSpeakers(transcript),
      missed: findMissedExpectations(transcript, kept, rules),
      suppressed,
      ...describeSessionContext(transcript),
    },
    warnings,
  };
}

/** Speakers in order of first appearance, with their role and number of turns. */
export function summarizeSpeakers(transcript: Transcript): SpeakerSummary[] {
  const speakers = new Map<string, SpeakerSummary>();
  for (const turn of transcript.turns) {
    const entry = speakers.get(turn.speaker) ?? { speaker: turn.speaker, role: turn.role, turns: 0 };
    entry.turns++;
    speakers.set(turn.speaker, entry);
  }
  return [...speakers.values()];
}

// A pitfall a human labelled as intended that no rule found any more.
function findMissedExpectations(transcript: Transcript, findings: Finding[], rules: RuleSummary[]): Expectation[] {
  const pitfalls = new Set(rules.filter((rule) => rule.kind === 'pitfall').map((rule) => rule.id));
  const found = new Set(findings.map((f) => (f.scope === 'session' ? `session:${f.rule}` : `${f.turn}:${f.rule}`)));
  const missed: Expectation[] = [];
  for (const rule of transcript.labels ?? []) {
    if (pitfalls.has(rule) && !found.has(`session:${rule}`)) missed.push({ rule, scope: 'session', turn: 0, line: transcript.line });
  }
  for (const turn of transcript.turns) {
    for (const rule of turn.labels ?? []) {
      if (pitfalls.has(rule) && !found.has(`${turn.index}:${rule}`)) missed.push({ rule, scope: 'turn', turn: turn.index, line: turn.line });
    }
  }
  return missed;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
