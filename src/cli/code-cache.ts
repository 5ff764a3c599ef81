/**
 * Runs the command line's bundle (one CommonJS file, dist/bin/reassure.cjs) through V8's
 * code cache: the code V8 compiled for it in an earlier run, kept in the cache folder, so
 * that a run neither parses the bundle nor compiles the functions it calls again. Node 20
 * keeps no such cache for ES modules, hence a CommonJS bundle run as a `vm.Script`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { isOwnDirectory, writeCacheFile } from '../cache-directory.js';

/** A bundle run, and how to keep the code V8 compiled for it. */
export interface LoadedBundle {
  exports: Record<string, unknown>;
  /** Whether V8 took the cached code. */
  cached: boolean;
  /**
   * Keeps the code compiled so far, when the cache held none V8 took. Called after the run,
   * so that it holds the functions the run called, not only the bundle's top level.
   */
  saveCodeCache(): void;
}

/** Bytes of the entry's header: the SHA-256 (hex) of the bundle and Node version it was made for. */
const HEADER_LENGTH = 64;

/**
 * Runs a CommonJS bundle with its cached code from `cacheDirectory` (undefined: no cache).
 * One entry per `variant` (the command run: each compiles different functions), valid only
 * for the bundle and Node version it was made for: V8 checks its own version and flags, but
 * of the source only its length. A missing, stale or rejected entry is compiled as usual.
 */
export function loadBundle(file: string, cacheDirectory: string | undefined, variant: string): LoadedBundle {
  const bytes = readFileSync(file);
  const key = createHash('sha256').update(`${process.version}\0`).update(bytes).digest('hex');
  const source = bytes.toString('utf8');
  const cacheFile = cacheDirectory === undefined ? undefined : path.join(cacheDirectory, `code-${variant}.bin`);
  const cachedData = cacheFile === undefined ? undefined : readCachedData(cacheFile, key);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  run(module.exports, createRequire(file), module, file, path.dirname(file));
  const cached = cachedData !== undefined && !script.cachedDataRejected;
  return {
    exports: module.exports,
    cached,
    saveCodeCache: () => {
      if (cached || cacheDirectory === undefined || cacheFile === undefined) return;
      writeCacheFile(cacheDirectory, cacheFile, Buffer.concat([Buffer.from(key, 'latin1'), script.createCachedData()]));
    },
  };
}

function readCachedData(file: string, key: string): Buffer | undefined {
  try {
    if (!isOwnDirectory(path.dirname(file))) return undefined;
    const entry = readFileSync(file);
    return entry.toString('latin1', 0, HEADER_LENGTH) === key ? entry.subarray(HEADER_LENGTH) : undefined;
  } catch {
    return undefined;
  }
}
