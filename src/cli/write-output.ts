/**
 * Writing a report file without destroying what is at its path. A regular file (or no
 * file) is replaced atomically: a temporary file in the same directory, flushed, then
 * renamed over it, keeping the old file's permissions. A symbolic link is written through
 * to its target. A device, FIFO or socket is written in place, never replaced. Missing
 * parent directories are created one level at a time, from a bounded walk up. A set of
 * files (`reassure init`'s) is written all or nothing, each replaced atomically too.
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
  link(existing: string, path: string): Promise<void>;
  copyFile(from: string, to: string, mode: number): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
  rmdir(path: string): Promise<void>;
}

/** One file of a set written all or nothing. */
export interface OutputFile {
  path: string;
  text: string;
  /** Its name in an error, as the user would write it. */
  shown: string;
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
/** The code of the error for more missing directories than that (no system error says it). */
const TOO_MANY_FOLDERS = 'REASSURE_TOO_MANY_FOLDERS';

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
  ENAMETOOLONG: 'file name too long',
  ERR_INVALID_ARG_VALUE: 'a file name cannot hold a NUL character',
  [TOO_MANY_FOLDERS]: 'too many missing parent directories',
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

/**
 * Writes a set of files all or nothing: every target is checked first (a directory or a
 * device where a file should go, a file where a folder should be), then each file is
 * written to a temporary file beside its target, each file already there is kept aside
 * (a hard link to it, or a copy where links cannot be made) while it stays in place, and
 * each temporary file is renamed over its target, so that every target path always holds
 * a whole file, old or new; what was kept aside is removed at the end. On a failure what
 * this run wrote is removed (its temporary files, the new files it placed, the folders it
 * made), each file it had replaced is renamed back over its target, and a
 * `ReassureError` names the file and says that nothing was written (or where an old file
 * is, when it could not be put back).
 */
export async function writeOutputsTogether(outputs: readonly OutputFile[], what: string, files: OutputFileSystem = fs): Promise<void> {
  const written: WrittenFile[] = [];
  const folders: string[] = [];
  let failing: OutputFile | undefined;
  try {
    const checked: { output: OutputFile; target: OutputTargetKind }[] = [];
    for (const output of outputs) {
      failing = output;
      checked.push({ output, target: await checkTarget(output.path, files) });
    }
    for (const { output, target } of checked) {
      failing = output;
      if (target.kind === 'missing') folders.push(...(await makeParentDirectories(dirname(target.path), files)));
      const temporary = await writeTemporary(target.path, output.text, target.kind === 'file' ? target.mode : undefined, files);
      written.push({ output, temporary, target: target.path, renamed: false, ...(target.kind === 'file' ? { old: setAsidePath(target.path) } : {}) });
    }
    for (const file of written) {
      failing = file.output;
      if (file.old === undefined) continue;
      await keepAside(file.target, file.old, files);
      file.setAside = true;
    }
    for (const file of written) {
      failing = file.output;
      await files.rename(file.temporary, file.target);
      file.renamed = true;
    }
  } catch (error) {
    const stranded = await undoWritten(written, folders, files);
    const outcome = stranded.length === 0 ? 'nothing was written' : `the old text of ${stranded.map(describeStranded).join(', ')}`;
    throw new ReassureError(`cannot write ${what}: ${describeWriteError(error)}; ${outcome}`, { file: failing?.shown });
  }
  // Every file is in place by now: an old one that cannot be removed is left, not an error.
  for (const file of written) if (file.old !== undefined) await files.rm(file.old, { force: true }).catch(() => undefined);
}

/** One file of a set on its way: its temporary file, its target, and how far it got. */
interface WrittenFile {
  output: OutputFile;
  temporary: string;
  target: string;
  /** Where the file already at the target is kept aside; none when nothing was there. */
  old?: string;
  /** The old file is kept at `old` too. */
  setAside?: boolean;
  renamed: boolean;
}

/** A file that could not be put back, where its old text is. */
interface StrandedFile {
  shown: string;
  old: string;
}

/** Beside `path`: `.name.<random>.old`, where the file there is kept while its replacement is renamed over it. */
function setAsidePath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomId()}.old`);
}

/**
 * A second name for the file at `path` (its inode, mode and owner as they are), or a copy
 * of it where the file system has no hard links (FAT, some network shares).
 */
async function keepAside(path: string, old: string, files: OutputFileSystem): Promise<void> {
  await files.link(path, old).catch(() => files.copyFile(path, old, fs.constants.COPYFILE_EXCL));
}

// Undoes a set's writes: temporary files removed; a file renamed over an old one has the
// old one renamed back over it (the path never empty), a new one is removed; the old files
// kept aside of targets never replaced are removed; then the folders made, deepest first
// (one something else has written into stays). Returns the old files that could not be put back.
async function undoWritten(written: readonly WrittenFile[], folders: readonly string[], files: OutputFileSystem): Promise<StrandedFile[]> {
  const stranded: StrandedFile[] = [];
  for (const file of written) {
    const old = file.setAside === true ? file.old : undefined;
    if (!file.renamed) {
      await files.rm(file.temporary, { force: true }).catch(() => undefined);
      if (old !== undefined) await files.rm(old, { force: true }).catch(() => undefined);
    } else if (old === undefined) {
      await files.rm(file.target, { force: true }).catch(() => undefined);
    } else {
      await files.rename(old, file.target).catch(() => stranded.push({ shown: file.output.shown, old }));
    }
  }
  for (const folder of [...folders].reverse()) await files.rmdir(folder).catch(() => undefined);
  return stranded;
}

/** `rules/team.yaml is in rules/.team.yaml.1a2b.old` (the folder as the user named the file). */
function describeStranded(file: StrandedFile): string {
  return `${file.shown} is in ${join(dirname(file.shown), basename(file.old))}`;
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

/** What is at a path one of a set will be written to, refused when no regular file can be put there. */
async function checkTarget(path: string, files: OutputFileSystem): Promise<OutputTargetKind> {
  const target = await followLinks(path, files);
  if (target.kind === 'directory') throw withCode('EISDIR');
  if (target.kind === 'special') throw new Error('not a regular file');
  if (target.kind === 'missing') await findMissingDirectories(dirname(target.path), files);
  return target;
}

/** Replaces a regular file (or creates one) atomically; `mode` is the old file's, kept exactly. */
async function replaceFile(path: string, text: string, mode: number | undefined, files: OutputFileSystem): Promise<void> {
  const temporary = await writeTemporary(path, text, mode, files);
  await files.rename(temporary, path).catch(async (error: unknown) => {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  });
}

/** Writes `text` to a new temporary file beside `path`, flushed, and names it; on failure it is removed. */
async function writeTemporary(path: string, text: string, mode: number | undefined, files: OutputFileSystem): Promise<string> {
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
    return temporary;
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the missing directories above an output, one level at a time, and names them
 * (outermost first). Recursive `mkdir` is not used: it loops forever on some special file
 * systems (`/proc`).
 */
async function makeParentDirectories(directory: string, files: OutputFileSystem): Promise<string[]> {
  const missing = await findMissingDirectories(directory, files);
  for (const folder of missing) {
    await files.mkdir(folder).catch((error: unknown) => {
      throw new Error(`cannot create directory ${folder} (${describeWriteError(error)})`);
    });
  }
  return missing;
}

/**
 * The directories missing above an output, outermost first: walks up to the first one
 * that exists (at most `MAX_NEW_DIRECTORIES` levels), which must be a directory.
 */
async function findMissingDirectories(directory: string, files: OutputFileSystem): Promise<string[]> {
  const missing: string[] = [];
  let current = directory;
  for (;;) {
    const info = await files.stat(current).catch(ignoreMissing);
    if (info !== undefined) {
      if (!info.isDirectory()) throw withCode('ENOTDIR');
      break;
    }
    if (missing.length === MAX_NEW_DIRECTORIES) throw withCode(TOO_MANY_FOLDERS);
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return missing.reverse();
}

function ignoreMissing(error: unknown): undefined {
  if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
  throw error;
}

function withCode(code: string): Error {
  return Object.assign(new Error(code), { code });
}
