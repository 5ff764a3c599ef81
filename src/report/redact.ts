/**
 * `--redact`: a copy of the report without transcript text, for sharing reports about
 * sessions whose words must not leave the machine.
 *
 * Gone: match texts, excerpts and the client turns beside findings (emptied), model evidence
 * features that are transcript words, speaker labels (replaced by their role, with a number
 * when a role has several speakers: `therapist`, `client 1`, `client 2`, `other`), therapist
 * names from the metadata (replaced by `therapist 1`, `therapist 2`, … the same across
 * sessions, so trends still group).
 * Kept: session ids and file paths (names the user chose, not transcript text), positions,
 * counts, suppression reasons (a coder's note, not what was said) and input problem
 * messages (written by reassure about the file; parsers must not quote transcript text in
 * them). Problems and warnings that name speakers, or quote the file (a CSV header that may
 * be a transcript row), carry a `redactedMessage` without those words, which replaces the
 * message.
 */
import { redactEvidence } from '../model/score.js';
import type { Finding, InputProblem, Role, RunReport, SessionReport, SpeakerSummary } from '../types.js';

/** Returns a copy of the report with every transcript word removed and `redacted: true`. */
export function redactReport(report: RunReport): RunReport {
  return {
    ...report,
    sessions: report.sessions.map(createSessionRedactor()),
    problems: report.problems.map(redactProblem),
    warnings: report.warnings.map(redactProblem),
    redacted: true,
  };
}

/**
 * Redacts sessions one at a time (a streamed run), numbering therapist names in the order
 * they are met, so the same therapist has the same number in every session.
 */
export function createSessionRedactor(): (session: SessionReport) => SessionReport {
  const therapists = new Map<string, string>();
  return (session) => {
    const redacted = redactSession(session);
    if (session.therapist === undefined) return redacted;
    if (!therapists.has(session.therapist)) therapists.set(session.therapist, `therapist ${therapists.size + 1}`);
    return { ...redacted, therapist: therapists.get(session.therapist) };
  };
}

/** A problem or warning in its form without speaker names. */
export function redactProblem({ redactedMessage, ...problem }: InputProblem): InputProblem {
  return redactedMessage === undefined ? problem : { ...problem, message: redactedMessage };
}

/** One session with its findings, suppressed findings and speaker labels redacted. */
function redactSession(session: SessionReport): SessionReport {
  const labels = assignRoleLabels(session.speakers);
  const redact = (finding: Finding): Finding => redactFinding(finding, labels.get(finding.speaker) ?? 'therapist');
  return {
    ...session,
    findings: session.findings.map(redact),
    suppressed: session.suppressed.map((entry) => ({ ...entry, finding: redact(entry.finding) })),
    speakers: session.speakers.map((speaker) => ({ ...speaker, speaker: labels.get(speaker.speaker) ?? speaker.role })),
  };
}

/**
 * Maps each speaker label to its role, numbered in order of appearance when the role has
 * more than one speaker. Findings of speakers not listed fall back to `therapist`, since
 * rules judge therapist turns.
 */
function assignRoleLabels(speakers: readonly SpeakerSummary[]): Map<string, string> {
  const perRole = new Map<Role, number>();
  for (const speaker of speakers) perRole.set(speaker.role, (perRole.get(speaker.role) ?? 0) + 1);
  const seen = new Map<Role, number>();
  const labels = new Map<string, string>();
  for (const speaker of speakers) {
    const index = (seen.get(speaker.role) ?? 0) + 1;
    seen.set(speaker.role, index);
    labels.set(speaker.speaker, (perRole.get(speaker.role) ?? 0) > 1 ? `${speaker.role} ${index}` : speaker.role);
  }
  return labels;
}

/** A finding (or its JSON form) with no match text, no excerpt and its speaker replaced by a role label. */
export function redactFinding<T extends Omit<Finding, 'session' | 'file'>>(finding: T, speaker: string): T {
  const redacted: T = {
    ...finding,
    speaker,
    match: { ...finding.match, text: '' },
    excerpt: '',
    ...(finding.evidence === undefined ? {} : { evidence: { ...finding.evidence, features: redactEvidence(finding.evidence.features) } }),
  };
  if (finding.clientBefore !== undefined) redacted.clientBefore = { ...finding.clientBefore, excerpt: '' };
  return redacted;
}
