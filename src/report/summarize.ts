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
import { describeGuess } from '../closest-name.js';
import { sortFindings } from './order.js';
import { addClientTurnBefore, checkSessionDate, describeSessionContext } from './session-context.js';

/** What the rule set says of labels beyond the reported rules, when known. */
export interface LabelRules {
  /** Rules with a session measure: only their session labels can be found. */
  sessionRules?: ReadonlySet<string>;
  /** Rules in the rule set that are not reported (switched off, or helpers): their labels are valid but not checked. */
  unreported?: ReadonlySet<string>;
}

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
export function summarizeSession(transcript: Transcript, findings: Finding[], rules: RuleSummary[], labelRules: LabelRules = {}): SessionSummary {
  const { sessionRules } = labelRules;
  const dateWarning = checkSessionDate(transcript);
  const warnings: InputProblem[] = [...(dateWarning === undefined ? [] : [dateWarning]), ...checkLabels(transcript, rules, labelRules)];
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
      missed: findMissedExpectations(transcript, kept, rules, sessionRules),
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

// A pitfall a human labelled as intended that no rule found any more: on a therapist turn, or
// on the session for a rule with a session measure (no other label can ever be found), once.
function findMissedExpectations(transcript: Transcript, findings: Finding[], rules: RuleSummary[], sessionRules?: ReadonlySet<string>): Expectation[] {
  const pitfalls = new Set(rules.filter((rule) => rule.kind === 'pitfall').map((rule) => rule.id));
  const found = new Set(findings.map((f) => (f.scope === 'session' ? `session:${f.rule}` : `${f.turn}:${f.rule}`)));
  const missed: Expectation[] = [];
  for (const rule of new Set(transcript.labels ?? [])) {
    if (pitfalls.has(rule) && (sessionRules?.has(rule) ?? true) && !found.has(`session:${rule}`)) missed.push({ rule, scope: 'session', turn: 0, line: transcript.line });
  }
  for (const turn of transcript.turns) {
    if (turn.role !== 'therapist') continue;
    for (const rule of new Set(turn.labels ?? [])) {
      if (pitfalls.has(rule) && !found.has(`${turn.index}:${rule}`)) missed.push({ rule, scope: 'turn', turn: turn.index, line: turn.line });
    }
  }
  return missed;
}

/**
 * A warning per label that can never be checked: one naming no rule (a typo leaves its
 * finding failing), one on a client or other turn, one on the session for a rule with no
 * session measure (`sessionRules`, when known); as `eval` says for the labels it measures.
 */
function checkLabels(transcript: Transcript, rules: RuleSummary[], { sessionRules, unreported }: LabelRules): InputProblem[] {
  const ids = rules.map((rule) => rule.id);
  const warnings: InputProblem[] = [];
  const unknown = (label: string, line: number, where: string): void => {
    const message = `label ${JSON.stringify(label)} names no rule of the rule set${describeGuess(label, ids)}`;
    warnings.push({ file: transcript.path, line, message: `${where}${message}`, redactedMessage: `${where}a label names no rule of the rule set`, kind: 'label-unknown' });
  };
  for (const label of new Set(transcript.labels ?? [])) {
    if (unreported?.has(label) === true) continue;
    if (!ids.includes(label)) unknown(label, transcript.line, 'session: ');
    else if (sessionRules !== undefined && !sessionRules.has(label)) {
      const message = `session: label "${label}" is on the session, and rule ${label} has no session measure; only its turns are checked`;
      warnings.push({ file: transcript.path, line: transcript.line, message, kind: 'label-misplaced' });
    }
  }
  for (const turn of transcript.turns) {
    for (const label of new Set(turn.labels ?? [])) {
      if (unreported?.has(label) === true) continue;
      if (!ids.includes(label)) unknown(label, turn.line, `turn ${turn.index}: `);
      else if (turn.role !== 'therapist') {
        const message = `turn ${turn.index}: label "${label}" is on ${turn.role === 'client' ? 'a client turn' : `a turn whose speaker is ${turn.role}`}; only therapist turns are checked`;
        warnings.push({ file: transcript.path, line: turn.line, message, kind: 'label-misplaced' });
      }
    }
  }
  return warnings;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
