/**
 * The config's `sessions` entries: a therapist and a date for the sessions of the files a
 * glob matches, for transcripts whose format carries no metadata (plain text, VTT, CSV).
 * A transcript's own `therapist:` and `date:` win; among entries, later ones win.
 */
import type { SessionMeta } from '../config/settings.js';
import type { SessionReport } from '../types.js';

/** A function that fills one session's missing therapist and date (globs expanded once, here). */
export async function createSessionMetaAssigner(entries: readonly SessionMeta[], cwd: string): Promise<(session: SessionReport) => SessionReport> {
  if (entries.length === 0) return (session) => session;
  const matchers = await Promise.all(entries.map(async (entry) => ({ entry, matches: await createMatcher(entry.files, cwd) })));
  return (session) => {
    const found = matchers.filter(({ matches }) => matches(session.file)).map(({ entry }) => entry).reverse();
    const therapist = session.therapist ?? found.find((entry) => entry.therapist !== undefined)?.therapist;
    const date = session.date ?? found.find((entry) => entry.date !== undefined)?.date;
    return { ...session, ...(therapist === undefined ? {} : { therapist }), ...(date === undefined ? {} : { date }) };
  };
}

// A glob matches the files it expands to; a plain path matches that file and what is below it.
async function createMatcher(pattern: string, cwd: string): Promise<(file: string) => boolean> {
  // Loaded only when the config has `sessions` entries, not at every start.
  const fg = (await import('fast-glob')).default;
  if (!fg.isDynamicPattern(pattern)) {
    const base = pattern.replace(/\/+$/, '');
    return (file) => file === base || file.startsWith(`${base}/`);
  }
  const files = new Set(await fg(pattern, { cwd, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true }));
  return (file) => files.has(file);
}
