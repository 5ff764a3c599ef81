/**
 * The config's `sessions` entries with the files each names resolved once, as plain data:
 * the reader (worker threads too) takes an entry's therapist as a role hint for its files,
 * and the report fills in missing therapists and dates from the same entries. A date there,
 * as a transcript's own, must be on the calendar.
 */
import type { SessionMeta } from './settings.js';

/** A `sessions` entry with its files resolved. */
export interface ResolvedSessionEntry {
  therapist?: string;
  date?: string;
  /** A glob's files, as paths relative to the working directory. */
  files?: ReadonlySet<string>;
  /** A plain path: that file, and every file below it. */
  under?: string;
}

/** What the entries say of one file: a later entry's value wins over an earlier one's. */
export interface FileSessionMeta {
  therapist?: string;
  date?: string;
}

/** Resolves each entry's files (globs expanded once, relative to `cwd`). */
export async function resolveSessionEntries(entries: readonly SessionMeta[], cwd: string): Promise<ResolvedSessionEntry[]> {
  if (entries.length === 0) return [];
  // Loaded only when the config has `sessions` entries, not at every start.
  const fg = (await import('fast-glob')).default;
  return Promise.all(
    entries.map(async ({ files, ...meta }) => {
      if (!fg.isDynamicPattern(files)) return { ...meta, under: files.replace(/\/+$/, '') };
      const found = await fg(files, { cwd, dot: true, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true });
      return { ...meta, files: new Set(found) };
    }),
  );
}

/** The therapist and date the entries give `file` (a path relative to the working directory). */
export function findSessionMeta(entries: readonly ResolvedSessionEntry[], file: string): FileSessionMeta {
  const found: FileSessionMeta = {};
  for (const entry of entries) {
    if (!matchesFile(entry, file)) continue;
    if (entry.therapist !== undefined) found.therapist = entry.therapist;
    if (entry.date !== undefined) found.date = entry.date;
  }
  return found;
}

function matchesFile(entry: ResolvedSessionEntry, file: string): boolean {
  if (entry.files !== undefined) return entry.files.has(file);
  return entry.under !== undefined && (file === entry.under || file.startsWith(`${entry.under}/`));
}

/** Whether `YYYY-MM-DD` is on the calendar: `2026-02-30` would roll over to 2 March, so it must read back the same. */
export function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
