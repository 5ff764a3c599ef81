/**
 * Writing a report file without destroying what is at its path. A regular file (or no
 * file) is replaced atomically: a temporary file in the same directory, flushed, then
 * renamed over it, keeping the old file's permissions. A symbolic link is written through
 * to its target. A device, FIFO or socket is written in place, never replaced. Missing
 * parent directories are created one level at a time, from a bounded walk up.
 */
import * as fs from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { ReassureError } from '../errors.js';
import { randomId } from '../lazy-crypto.js';

/** The open file the write goes through. */
export interface OutputHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** What `lstat`/`stat` tell about a path, as far as writing needs it. */
export interface OutputStats {
  mode: number;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}

/** The file-system calls a report write makes; `node:fs/promises` by default, a fake in tests. */
export interface OutputFileSystem {
  lstat(path: string): Promise<OutputStats>;
  stat(path: string): Promise<OutputStats>;
  readlink(path: string): Promise<string>;
  mkdir(path: string): Promise<unknown>;
  open(path: string, flags: 'wx' | 'w', mode?: number): Promise<OutputHandle>;
  chmod(path: string, mode: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** What is at an output path once symbolic links are followed. */
type OutputTargetKind =
  | { kind: 'missing'; path: string }
  | { kind: 'file'; path: string; mode: number }
  | { kind: 'directory'; path: string }
  | { kind: 'special'; path: string };

/** Links followed before giving up, as the kernel's own limit does. */
const MAX_LINKS = 40;
/** Missing parent directories created for one output at most. */
const MAX_NEW_DIRECTORIES = 32;

/** Short reasons for the errors users can act on. */
const REASONS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent path is not a directory',
  EEXIST: 'a parent path is not a directory',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
  ELOOP: 'too many levels of symbolic links',
  ENXIO: 'no reader on the other end (a socket or FIFO)',
  EPIPE: 'the reader closed the pipe',
  EIO: 'input/output error',
  ENAMETOOLONG: 'too many missing parent directories',
};

/**
 * Writes `text` to `path` without replacing anything but a regular file: the file holds
 * either its previous content or all of `text`, with its previous permissions. On failure
 * the temporary file is removed and a `ReassureError` (exit 2) with a one-line message
 * naming the file (`named.shown`, as the user wrote it, else `path`) and what it is
 * (`named.what`: the report, unless said) is thrown.
 */
export async function writeOutput(path: string, text: string, files: OutputFileSystem = fs, named: { what?: string; shown?: string } = {}): Promise<void> {
  try {
    const target = await followLinks(path, files);
    if (target.kind === 'directory') throw withCode('EISDIR');
    if (target.kind === 'special') return await writeInPlace(target.path, text, files);
    if (target.kind === 'missing') await makeParentDirectories(dirname(target.path), files);
    await replaceFile(target.path, text, target.kind === 'file' ? target.mode : undefined, files);
  } catch (error) {
    throw new ReassureError(`cannot write ${named.what ?? 'the report'}: ${describeWriteError(error)}`, { file: named.shown ?? path });
  }
}

/** A short, one-line reason for a file-system or stream error. */
export function describeWriteError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return REASONS[code] ?? code;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** Follows symbolic links from `path` to what they name (which may not exist yet). */
async function followLinks(path: string, files: OutputFileSystem): Promise<OutputTargetKind> {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops += 1) {
    const info = await files.lstat(current).catch(ignoreMissing);
    if (info === undefined) return { kind: 'missing', path: current };
    if (info.isSymbolicLink()) {
      current = resolve(dirname(current), await files.readlink(current));
      continue;
    }
    if (info.isFile()) return { kind: 'file', path: current, mode: info.mode & 0o7777 };
    if (info.isDirectory()) return { kind: 'directory', path: current };
    return { kind: 'special', path: current };
  }
  throw withCode('ELOOP');
}

/** Writes straight into a device, FIFO or socket: it must stay what it is. */
async function writeInPlace(path: string, text: string, files: OutputFileSystem): Promise<void> {
  const handle = await files.open(path, 'w');
  try {
    await handle.writeFile(text, 'utf8');
  } finally {
    await handle.close();
  }
}

/** Replaces a regular file (or creates one) atomically; `mode` is the old file's, kept exactly. */
async function replaceFile(path: string, text: string, mode: number | undefined, files: OutputFileSystem): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomId()}.tmp`);
  try {
    // Created no wider than the old file; chmod then undoes what the umask narrowed.
    const handle = await files.open(temporary, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await files.chmod(temporary, mode);
    await files.rename(temporary, path);
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the missing directories above an output, one level at a time: walks up to the
 * first one that exists (at most `MAX_NEW_DIRECTORIES` levels), then creates downwards.
 * Recursive `mkdir` is not used: it loops forever on some special file systems (`/proc`).
 */
async function makeParentDirectories(directory: string, files: OutputFileSystem): Promise<void> {
  const missing: string[] = [];
  let current = directory;
  for (;;) {
    const info = await files.stat(current).catch(ignoreMissing);
    if (info !== undefined) {
      if (!info.isDirectory()) throw withCode('ENOTDIR');
      break;
    }
    if (missing.length === MAX_NEW_DIRECTORIES) throw withCode('ENAMETOOLONG');
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    await files.mkdir(folder).catch((error: unknown) => {
      throw new Error(`cannot create directory ${folder} (${describeWriteError(error)})`);
    });
  }
}

function ignoreMissing(error: unknown): undefined {
  if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
  throw error;
}

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}
