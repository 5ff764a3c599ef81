import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { keyOf, pruneCacheFiles, stampSettledFile, writeCacheFile } from '../src/cache-directory.js';

let dir = '';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-cache-dir-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes `name` with a modification time `age` seconds in the past. */
function writeAged(name: string, age: number): void {
  const file = path.join(dir, name);
  writeFileSync(file, '{}');
  const when = new Date(Date.UTC(2026, 0, 1) - age * 1000);
  utimesSync(file, when, when);
}

describe('pruneCacheFiles', () => {
  test('keeps the most recently written files of one prefix and leaves other files alone', () => {
    for (let i = 0; i < 5; i++) writeAged(`rules-${i}.json`, i * 60);
    writeAged('phrases-old.json', 9999);
    writeAged('code-audit.bin', 9999);
    pruneCacheFiles(dir, 'rules-', 3);
    expect(readdirSync(dir).sort()).toEqual(['code-audit.bin', 'phrases-old.json', 'rules-0.json', 'rules-1.json', 'rules-2.json']);
  });

  test('a folder that does not exist is left as it is', () => {
    const missing = path.join(dir, 'missing');
    pruneCacheFiles(missing, 'rules-', 1);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('writeCacheFile', () => {
  // XDG_CACHE_HOME naming a file: the cleanup of the temporary file failed with ENOTDIR too, and that escaped as an internal error.
  test('a cache folder below a regular file is no cache, not an error', () => {
    const file = path.join(dir, 'a-file');
    writeFileSync(file, 'x');
    const folder = path.join(file, 'reassure');
    expect(() => writeCacheFile(folder, path.join(folder, 'rules-1.json'), '{}')).not.toThrow();
    expect(readdirSync(dir)).toEqual(['a-file']);
  });
});

describe('keyOf', () => {
  // FNV-1a's published 64-bit test vectors.
  test.each([
    ['', 'cbf29ce484222325'],
    ['a', 'af63dc4c8601ec8c'],
    ['foobar', '85944171f73967e8'],
  ])('%j -> %s', (text, key) => {
    expect(keyOf(text)).toBe(key);
  });
});

describe('stampSettledFile', () => {
  const now = Date.UTC(2026, 0, 1);
  test.each([
    { what: 'changed a minute before', mtimeMs: now - 60_000, expected: `120:${now - 60_000}:${now - 60_000}:7` },
    { what: 'changed two seconds before', mtimeMs: now - 2000, expected: `120:${now - 2000}:${now - 2000}:7` },
    { what: 'changed a second before', mtimeMs: now - 1000, expected: '' },
    { what: 'changed after (a clock ahead)', mtimeMs: now + 1000, expected: '' },
  ])('a file $what: $expected', ({ mtimeMs, expected }) => {
    expect(stampSettledFile({ size: 120, mtimeMs, ctimeMs: mtimeMs, ino: 7 }, now)).toBe(expected);
  });

  test('a file written again with its old size, date and inode (as installers set dates) differs by its status-change time', () => {
    const installed = { size: 120, mtimeMs: Date.UTC(1985, 9, 26), ino: 7 };
    const first = stampSettledFile({ ...installed, ctimeMs: now - 60_000 }, now);
    const again = stampSettledFile({ ...installed, ctimeMs: now - 30_000 }, now);
    expect(first).not.toBe('');
    expect(again).not.toBe(first);
  });
});
