import { constants, statSync, type Stats } from 'node:fs';
import { access, readdir, readlink, realpath, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { InputProblem } from '../types.js';
import { TRANSCRIPT_EXTENSIONS } from './formats.js';
import { describeFsError, toDisplayPath } from './read.js';

/** Where patterns are relative to, and what to leave out. */
export interface DiscoverOptions {
  cwd: string;
  /** Globs (relative to `cwd`) of files to leave out. */
  ignore?: string[];
  /** Files this run writes (absolute paths): never read, whatever finds them. */
  outputs?: readonly string[];
}

/** The files to read (absolute, unique, sorted by relative path) and the inputs that found none. */
export interface DiscoverResult {
  files: string[];
  problems: InputProblem[];
}

const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * Expands the command-line inputs: a file is itself; a directory is searched (following
 * symbolic links, each real directory once) for files with a transcript extension, leaving
 * out hidden files and directories and `node_modules`; anything else is a glob. An input that finds
 * nothing is a problem naming it.
 */
export async function discoverInputs(patterns: readonly string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const ignored = await listIgnored(opts);
  const found = new Set<string>();
  const problems: InputProblem[] = [];
  for (const pattern of patterns) {
    const { files, problem, unlisted = [] } = await expandInput(pattern, opts);
    const kept = files.filter((file) => !ignored.has(file));
    const unlistedProblems = describeUnlisted(unlisted.filter(({ dir }) => !ignored.has(dir)), opts.cwd);
    if (problem !== undefined) problems.push({ file: pattern, message: problem });
    else if (kept.length === 0 && unlistedProblems.length === 0) problems.push({ file: pattern, message: files.length > 0 ? 'all matching files are ignored' : 'no files match' });
    problems.push(...unlistedProblems);
    for (const file of kept) found.add(file);
  }
  await dropOutputs(found, opts.outputs ?? []);
  // Each file's display path is worked out once, not at each of the sort's comparisons.
  const files = [...found]
    .map((file) => ({ file, display: toDisplayPath(file, opts.cwd) }))
    .sort((a, b) => compareCodePoints(a.display, b.display))
    .map(({ file }) => file);
  return { files, problems };
}

/**
 * What one input found; `unlisted` are folders inside it that could not be listed, and
 * symbolic links with a transcript's name that lead nowhere, with the error.
 */
interface Expansion {
  files: string[];
  problem?: string;
  unlisted?: Unlisted[];
}

interface Unlisted {
  dir: string;
  error: unknown;
}

async function expandInput(pattern: string, opts: DiscoverOptions): Promise<Expansion> {
  const absolute = resolve(opts.cwd, pattern);
  try {
    const info = await stat(absolute);
    if (info.isFile()) return { files: [absolute] };
    if (!info.isDirectory()) return { files: [], problem: 'not a file or directory' };
    // An unreadable directory is a permission problem, not an empty one.
    await access(absolute, constants.R_OK | constants.X_OK);
    const unlisted: Unlisted[] = [];
    const others: string[] = [];
    const files = await walkDirectory(absolute, new Set(), unlisted, others);
    return files.length > 0 || unlisted.length > 0 ? { files, unlisted } : { files, problem: describeNoTranscripts(others) };
  } catch (error) {
    if (!(await loadGlob()).isDynamicPattern(pattern)) return { files: [], problem: describeFsError(error) };
  }
  const matches = await (await loadGlob())(pattern, {
    cwd: opts.cwd,
    absolute: true,
    // Not onlyFiles: with links unfollowed it would drop symbolic links to files.
    onlyFiles: false,
    followSymbolicLinks: false,
    ignore: ['**/node_modules/**'],
    suppressErrors: true,
  });
  const files: string[] = [];
  const unlisted: Unlisted[] = [];
  for (const match of matches) {
    const info = await stat(match).catch((error: unknown) => ({ error }));
    if ('error' in info) unlisted.push({ dir: resolve(match), error: info.error });
    else if (info.isFile()) files.push(resolve(match));
  }
  return { files, unlisted };
}

/**
 * Why a folder gave nothing: what it held instead (the first file name and how many), and
 * which extensions a folder is searched for, since "no transcript files" beside a folder of
 * `.docx` or `.md` exports does not say what to do.
 */
function describeNoTranscripts(others: readonly string[]): string {
  const [first] = [...others].sort(compareCodePoints);
  if (first === undefined) return 'no transcript files in directory';
  const held = others.length === 1 ? `only ${first}` : `${others.length} other files, such as ${first}`;
  return `no transcript files in directory (it holds ${held}; a folder is searched for ${TRANSCRIPT_EXTENSIONS.join(' ')}: name other files, or a quoted glob, to read them as plain text)`;
}

/**
 * Collects transcript files below `dir`; `seen` holds real paths already walked, which ends
 * symlink loops; folders that cannot be listed go to `unlisted`, and the names of other
 * files (not hidden) to `others`.
 */
async function walkDirectory(dir: string, seen: Set<string>, unlisted: Unlisted[], others: string[]): Promise<string[]> {
  const real = await realpath(dir).catch(() => undefined);
  if (real === undefined || seen.has(real)) return [];
  seen.add(real);
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    unlisted.push({ dir, error });
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    const info = entry.isSymbolicLink() ? await stat(path).catch((error: unknown) => ({ error })) : entry;
    // A broken link or a link loop named as a transcript is a transcript missing: said, not skipped.
    if ('error' in info) {
      if (TRANSCRIPT_EXTENSIONS.includes(extname(entry.name).toLowerCase())) unlisted.push({ dir: path, error: info.error });
      continue;
    }
    if (info.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) files.push(...(await walkDirectory(path, seen, unlisted, others)));
    } else if (info.isFile() && TRANSCRIPT_EXTENSIONS.includes(extname(entry.name).toLowerCase())) {
      files.push(path);
    } else if (info.isFile()) {
      others.push(entry.name);
    }
  }
  return files;
}

// A path found by listing exists, so "no such file" means its link leads nowhere.
function describeLinkOrFsError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOENT' ? 'broken symbolic link: its target does not exist' : describeFsError(error);
}

/** A problem per folder that could not be listed (or link that leads nowhere), in path order whatever order the walk met them. */
function describeUnlisted(unlisted: readonly Unlisted[], cwd: string): InputProblem[] {
  return unlisted
    .map(({ dir, error }) => ({ file: toDisplayPath(dir, cwd), message: describeLinkOrFsError(error) }))
    .sort((a, b) => compareCodePoints(a.file, b.file));
}

/**
 * What a path leads to: device and inode when it exists (so links and other spellings of
 * one file agree), else the absolute path it would be written at (through links).
 */
export async function identifyFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  return info === undefined ? `path:${await resolveUnwritten(path)}` : identityOf(path, info);
}

/** The most links followed to a file not yet written (the kernel's own limit). */
const MAX_LINKS = 40;

// A link to a file not written yet (json=a.json, sarif=link-to-a.json) and a path through a
// linked folder lead to where the report would land; without it both reports went to one file.
async function resolveUnwritten(path: string, links = 0): Promise<string> {
  const target = links < MAX_LINKS ? await readlink(path).catch(() => undefined) : undefined;
  if (target !== undefined) return resolveUnwritten(resolve(dirname(path), target), links + 1);
  const parent = await realpath(dirname(path)).catch(() => undefined);
  return parent === undefined ? resolve(path) : join(parent, basename(path));
}

function identityOf(path: string, info: Stats | undefined): string {
  return info === undefined ? `path:${resolve(path)}` : `inode:${info.dev}:${info.ino}`;
}

/** Removes the run's own report files from the files found (a report in an audited folder). */
async function dropOutputs(found: Set<string>, outputs: readonly string[]): Promise<void> {
  if (outputs.length === 0) return;
  const written = new Set(await Promise.all(outputs.map(identifyFile)));
  // Each found file is stat'ed synchronously, from the inode cache: awaited one by one through
  // the thread pool, 4,090 files kept the run waiting 0.2-0.8 s before its first file (30-60 ms now).
  for (const file of [...found]) if (written.has(identityOf(file, statQuietly(file)))) found.delete(file);
}

function statQuietly(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

async function listIgnored(opts: DiscoverOptions): Promise<Set<string>> {
  if (opts.ignore === undefined || opts.ignore.length === 0) return new Set();
  // Not onlyFiles: it would drop a broken link, which is then reported however it is ignored.
  const matches = await (await loadGlob())(opts.ignore, { cwd: opts.cwd, absolute: true, dot: true, onlyFiles: false, followSymbolicLinks: false, suppressErrors: true });
  return new Set(matches.map((match) => resolve(match)));
}

// Loaded only for globs and --ignore: most runs name files and folders, and start faster without it.
async function loadGlob(): Promise<typeof import('fast-glob')> {
  return (await import('fast-glob')).default;
}

/** Plain code-point order (`<` on strings compares UTF-16 units, which misorders astral characters). */
function compareCodePoints(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}
