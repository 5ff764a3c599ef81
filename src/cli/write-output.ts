/**
 * Writing a report file so that readers never see half of it: write a temporary file in
 * the target's directory, flush it to disk, then rename it over the target (atomic on
 * POSIX file systems within one directory). Missing parent directories are created, as
 * users expect for `--output reports/run.sarif`.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ReassureError } from '../errors.js';

/** The open file the write goes through. */
export interface OutputHandle {
  writeFile(data: string, encoding: 'utf8'): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The file-system calls an atomic write makes; `node:fs/promises` by default, a fake in tests. */
export interface OutputFileSystem {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  open(path: string, flags: 'wx'): Promise<OutputHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** Short reasons for the errors users can act on. */
const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a parent path is not a directory',
  EEXIST: 'a parent path is not a directory',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EDQUOT: 'disk quota exceeded',
};

/**
 * Writes `text` to `path` atomically: the file holds either its previous content or all of
 * `text`. On failure the temporary file is removed and a `ReassureError` (exit 2) with a
 * one-line message naming `path` is thrown.
 */
export async function writeOutputAtomic(path: string, text: string, files: OutputFileSystem = fs): Promise<void> {
  const directory = dirname(path);
  const temporary = join(directory, `.${basename(path)}.${randomUUID()}.tmp`);
  try {
    await files.mkdir(directory, { recursive: true });
    const handle = await files.open(temporary, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await files.rename(temporary, path);
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw new ReassureError(`cannot write ${path}: ${describeError(error)}`, { file: path });
  }
}

/** A short, one-line reason for a file-system error. */
function describeError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return REASONS[code] ?? code;
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
