/**
 * Runs the command line's bundle (one CommonJS file, dist/bin/reassure.cjs) through V8's
 * code cache: the code V8 compiled for it in an earlier run, kept in the cache folder, so
 * that a run neither parses the bundle nor compiles the functions it calls again. Node 20
 * keeps no such cache for ES modules, hence a CommonJS bundle run as a `vm.Script`.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { isOwnDirectory, keyOf, stampSettledFile, writeCacheFile } from '../cache-directory.js';
import { sha256 } from '../lazy-crypto.js';

/** A bundle run, and how to keep the code V8 compiled for it. */
export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether V8 took the cached code. */
  cached: boolean;
  /**
   * Keeps the code compiled so far, when the cache held none V8 took (or took it only after
   * hashing the bundle, to keep a stamp that spares the next run the hash). Called after the run,
   * so that it holds the functions the run called, not only the bundle's top level.
   */
  saveCodeCache(): void;
}

/**
 * The entry's header: the SHA-256 (hex) of the Node version and bundle it was made for, then
 * the key of the bundle's path, size, time and inode with the Node version (see
 * `stampSettledFile`), or dashes for a bundle that had just changed.
 */
const HASH_LENGTH = 64;
const STAMP_LENGTH = 16;
const UNSETTLED = '-'.repeat(STAMP_LENGTH);
const FORMAT = 2;

/**
 * Runs a CommonJS bundle with its cached code from `cacheDirectory` (undefined: no cache).
 * One entry per `variant` (the command run: each compiles different functions), valid only
 * for the bundle and Node version it was made for: V8 checks its own version and flags, but
 * of the source only its length. A missing, stale or rejected entry is compiled as usual.
 */
export function loadBundle(file: string, cacheDirectory: string | undefined, variant: string): LoadedBundle {
  // Stat first: a bundle that changes after it is read no longer matches the stamp.
  const settled = stampSettledFile(statSync(file));
  const stamp = settled === '' ? UNSETTLED : keyOf(`${process.version}\0${file}\0${settled}`);
  const bytes = readFileSync(file);
  let hashed: string | undefined;
  // The format's version first, so that no entry of an earlier format matches.
  const hash = (): string => (hashed ??= sha256(`${FORMAT}\0${process.version}\0`, bytes));
  const source = bytes.toString('utf8');
  const cacheFile = cacheDirectory === undefined ? undefined : path.join(cacheDirectory, `code-${variant}.bin`);
  const entry = cacheFile === undefined ? undefined : readEntry(cacheFile);
  const header = entry?.toString('latin1', 0, HASH_LENGTH + STAMP_LENGTH);
  const byStamp = stamp !== UNSETTLED && header?.endsWith(stamp) === true;
  // The stamp spares the hash; without it, the content decides.
  const cachedData = entry !== undefined && (byStamp || header?.startsWith(hash()) === true) ? entry.subarray(HASH_LENGTH + STAMP_LENGTH) : undefined;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file));
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cached,
    saveCodeCache: () => {
      if ((cached && (byStamp || stamp === UNSETTLED)) || cacheDirectory === undefined || cacheFile === undefined) return;
      writeCacheFile(cacheDirectory, cacheFile, Buffer.concat([Buffer.from(`${hash()}${stamp}`, 'latin1'), script.createCachedData()]));
    },
  };
}

function readEntry(file: string): Buffer | undefined {
  try {
    return isOwnDirectory(path.dirname(file)) ? readFileSync(file) : undefined;
  } catch {
    return undefined;
  }
}
