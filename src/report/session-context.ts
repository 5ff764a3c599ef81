/**
 * What a reader of a session needs beyond its counts, taken from the transcript while it is
 * still at hand: the role of every turn (to draw the session along its turns), the
 * therapist and date from its metadata (for trends), and the client turn before each
 * finding (to read the finding in context). Formatters never see transcripts.
 */
import type { Finding, Role, Transcript } from '../types.js';

/** Client turns shown beside a finding are cut to this many characters. */
const CLIENT_EXCERPT_MAX = 200;

/** The session's turn roles, and its therapist and date when the metadata gives them. */
export interface SessionContext {
  turnRoles: Role[];
  therapist?: string;
  date?: string;
}

/** Reads the turn roles, and `therapist` and `date` from the metadata when they are plain values. */
export function describeSessionContext(transcript: Transcript): SessionContext {
  const context: SessionContext = { turnRoles: transcript.turns.map((turn) => turn.role) };
  const therapist = transcript.meta.therapist;
  if (typeof therapist === 'string' && therapist.trim() !== '') context.therapist = therapist.trim();
  const date = readDate(transcript.meta.date);
  if (date !== undefined) context.date = date;
  return context;
}

/** Each turn finding with the last client turn before it, shortened; session findings unchanged. */
export function addClientTurnBefore(findings: Finding[], transcript: Transcript): Finding[] {
  const lastClient: (number | undefined)[] = [];
  let last: number | undefined;
  for (const turn of transcript.turns) {
    lastClient[turn.index] = last;
    if (turn.role === 'client') last = turn.index;
  }
  const byIndex = new Map(transcript.turns.map((turn) => [turn.index, turn]));
  return findings.map((finding) => {
    const before = finding.scope === 'turn' ? byIndex.get(lastClient[finding.turn] ?? -1) : undefined;
    return before === undefined ? finding : { ...finding, clientBefore: { turn: before.index, excerpt: shorten(before.text) } };
  });
}

// Dates come as written (`2025-03-04`) or as a YAML timestamp; anything else is not a date.
function readDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value.trim())) return value.trim();
  return undefined;
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= CLIENT_EXCERPT_MAX ? flat : `${flat.slice(0, CLIENT_EXCERPT_MAX - 1)}…`;
}
