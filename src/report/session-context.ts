/**
 * What a reader of a session needs beyond its counts, taken from the transcript while it is
 * still at hand: the role of every turn (to draw the session along its turns), the
 * therapist and date from its metadata (for trends), and the client turn before each
 * finding (to read the finding in context). Formatters never see transcripts.
 */
import { isCalendarDate } from '../config/session-files.js';
import type { Finding, InputProblem, Role, Transcript } from '../types.js';

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
  if (typeof date === 'string') context.date = date;
  return context;
}

/**
 * A warning when the metadata's `date:` is given but is not a date on the calendar (the
 * check the config's `sessions:` dates get): the session is audited without it.
 */
export function checkSessionDate(transcript: Transcript): InputProblem | undefined {
  const value = transcript.meta.date;
  if (readDate(value) !== false) return undefined;
  const what = 'expected a date on the calendar (YYYY-MM-DD); the session is audited without a date';
  return {
    file: transcript.path,
    line: transcript.metaLines?.date ?? transcript.line,
    message: `date: got ${describeDateValue(value)}, ${what}`,
    redactedMessage: `date: got a value left out by --redact, ${what}`,
    kind: 'invalid-date',
  };
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

// Dates come as written (`2025-03-04`) or as a YAML timestamp; undefined when none is given,
// false when what is given is not a date on the calendar.
function readDate(value: unknown): string | undefined | false {
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? false : value.toISOString().slice(0, 10);
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value.trim())) return false;
  const date = value.trim();
  return isCalendarDate(date) ? date : false;
}

// A string quoted and cut short, anything else by its type.
function describeDateValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 39)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : value instanceof Date ? 'an invalid date' : 'a mapping';
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= CLIENT_EXCERPT_MAX ? flat : `${flat.slice(0, CLIENT_EXCERPT_MAX - 1)}…`;
}
