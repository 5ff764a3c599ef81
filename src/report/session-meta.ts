/**
 * The config's `sessions` entries: a therapist and a date for the sessions of the files a
 * glob matches, for transcripts whose format carries no metadata (plain text, VTT, CSV).
 * A transcript's own `therapist:` and `date:` win; among entries, later ones win.
 */
import { findSessionMeta, type ResolvedSessionEntry } from '../config/session-files.js';
import type { SessionReport } from '../types.js';

/** A function that fills one session's missing therapist and date from the resolved entries. */
export function createSessionMetaAssigner(entries: readonly ResolvedSessionEntry[]): (session: SessionReport) => SessionReport {
  if (entries.length === 0) return (session) => session;
  return (session) => {
    const found = findSessionMeta(entries, session.file);
    const therapist = session.therapist ?? found.therapist;
    const date = session.date ?? found.date;
    return { ...session, ...(therapist === undefined ? {} : { therapist }), ...(date === undefined ? {} : { date }) };
  };
}
