/**
 * The per-user cache folder, shared by the rule cache and the command line's code cache:
 * created private (0700), never used when another user owns it, written atomically.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { randomId } from './lazy-crypto.js';

/**
 * The per-user cache folder: `$XDG_CACHE_HOME/reassure` (when absolute), `~/Library/Caches/reassure` on
 * macOS, `%LOCALAPPDATA%\reassure\Cache` on Windows, `~/.cache/reassure` elsewhere;
 * `undefined` when the environment names no home.
 */
export function resolveCacheDirectory(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | undefined {
  // The XDG spec: a relative path is invalid and ignored.
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'reassure');
  if (platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'reassure', 'Cache') : undefined;
  const home = env.HOME ?? (platform === 'darwin' ? homedir() : undefined);
  if (!home) return undefined;
  return platform === 'darwin' ? path.join(home, 'Library', 'Caches', 'reassure') : path.join(home, '.cache', 'reassure');
}

/** Whether a folder exists and belongs to the user running this process (throws when it does not exist). */
export function isOwnDirectory(directory: string): boolean {
  const info = statSync(directory);
  return info.isDirectory() && (process.getuid === undefined || info.uid === process.getuid());
}

/** How long ago a file must have changed for its size and time to stand for its content. */
const SETTLED_MS = 2000;

/**
 * A file's size, times and inode as a stamp that stands for its content in a cache entry, so
 * that a warm start need not read and hash it; '' (check the content) when the file changed
 * less than two seconds before `now`, as a second change within the same tick of the file
 * system's clock could leave them all as they were.
 */
export function stampSettledFile(info: FileInfo, now = Date.now()): string {
  return now - info.mtimeMs < SETTLED_MS ? '' : stampFile(info);
}

/** What of a file's status a stamp holds. */
export type FileInfo = Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs' | 'ino'>;

/**
 * A file's size, times and inode, to compare with a stamp `stampSettledFile` made. The
 * status-change time counts beside the modification time: installers and copies set the
 * latter back (npm gives every packaged file the same date), but none can set the former,
 * so a file written again, even at its old size and date and in a reused inode, differs.
 */
export function stampFile(info: FileInfo): string {
  return `${info.size}:${info.mtimeMs}:${info.ctimeMs}:${info.ino}`;
}

/** The size and times of a file that ships with reassure, for the stamps of cache entries ('missing' when absent). */
export function stampShippedFile(info: Pick<Stats, 'size' | 'mtimeMs' | 'ctimeMs'> | null): string {
  return info ? `${info.size}:${info.mtimeMs}:${info.ctimeMs}` : 'missing';
}

/**
 * A short key for a text (FNV-1a, 64 bits, in hex), for names in the cache folder without
 * loading the crypto module; not collision-proof, so what it names must say what it is for.
 */
export function keyOf(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = BigInt.asUintN(64, (hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

/**
 * Writes a file of the cache folder through a temporary file renamed into place (mode
 * 0600). A cache that cannot be written is no cache: any failure is ignored.
 */
export function writeCacheFile(directory: string, file: string, data: string | Uint8Array): void {
  const temporary = `${file}.${randomId()}.tmp`;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (!isOwnDirectory(directory)) return;
    writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
  } catch {
    removeQuietly(temporary);
  }
}

// `force` ignores only a missing file: a folder this user may not enter, or a file where a
// folder should be, still throws, and a cache must never stop a run.
function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing was written there either.
  }
}

/**
 * Deletes the files of the cache folder named `<prefix>…` beyond the `keep` most recently
 * written, so that a folder with one entry per rule-file path (temporary folders in CI, a
 * rule author's drafts) stays bounded. A deleted entry is only a miss; failures are ignored.
 */
export function pruneCacheFiles(directory: string, prefix: string, keep: number): void {
  try {
    if (!isOwnDirectory(directory)) return;
    const entries = readdirSync(directory)
      .filter((name) => name.startsWith(prefix))
      .map((name) => ({ file: path.join(directory, name), written: statSync(path.join(directory, name)).mtimeMs }))
      .sort((a, b) => b.written - a.written || a.file.localeCompare(b.file));
    for (const { file } of entries.slice(keep)) rmSync(file, { force: true });
  } catch {
    // A folder that cannot be listed or cleaned keeps its files.
  }
}
