import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadBundle } from '../../src/cli/code-cache.js';

function makeBundle(source: string): { file: string; cache: string } {
  const folder = mkdtempSync(path.join(tmpdir(), 'reassure-code-cache-'));
  const file = path.join(folder, 'bundle.cjs');
  writeFileSync(file, source);
  return { file, cache: path.join(folder, 'cache') };
}

const SOURCE = "exports.answer = function answer() { return require('node:path').basename(__filename) + ':' + String(41 + 1); };";

describe('loadBundle', () => {
  test('runs the bundle as CommonJS, keeps its code after the run and takes it in the next', () => {
    const { file, cache } = makeBundle(SOURCE);
    const first = loadBundle(file, cache, 'audit');
    expect([first.cached, (first.exports.answer as () => string)()]).toEqual([false, 'bundle.cjs:42']);
    first.saveCodeCache();
    expect(readdirSync(cache)).toEqual(['code-audit.bin']);
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    const second = loadBundle(file, cache, 'audit');
    expect([second.cached, (second.exports.answer as () => string)()]).toEqual([true, 'bundle.cjs:42']);
  });

  // V8 checks only the source's length: the entry is also keyed by the bundle's hash.
  test('does not take the code of another bundle of the same length', () => {
    const { file, cache } = makeBundle(SOURCE);
    loadBundle(file, cache, 'audit').saveCodeCache();
    writeFileSync(file, SOURCE.replace('41 + 1', '40 + 3'));
    const changed = loadBundle(file, cache, 'audit');
    expect([changed.cached, (changed.exports.answer as () => string)()]).toEqual([false, 'bundle.cjs:43']);
  });

  // A bundle unchanged for a while is known by its size, time and inode; any change to them is checked by content.
  test('takes the code of a settled bundle by its stamp, of a touched one by its content, and of a changed one not at all', () => {
    const { file, cache } = makeBundle(SOURCE);
    const dayAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);
    utimesSync(file, dayAgo(2), dayAgo(2));
    loadBundle(file, cache, 'audit').saveCodeCache();
    const entry = path.join(cache, 'code-audit.bin');
    const header = (): string => readFileSync(entry, 'latin1').slice(0, 80);
    const stamped = header();
    const byStamp = loadBundle(file, cache, 'audit');
    utimesSync(file, dayAgo(1), dayAgo(1));
    const touched = loadBundle(file, cache, 'audit');
    touched.saveCodeCache();
    const restamped = header();
    writeFileSync(file, SOURCE.replace('41 + 1', '40 + 3'));
    utimesSync(file, dayAgo(0.5), dayAgo(0.5));
    const changed = loadBundle(file, cache, 'audit');
    expect({
      stamped: /^[0-9a-f]{80}$/.test(stamped),
      byStamp: byStamp.cached,
      touched: [touched.cached, restamped.slice(0, 64) === stamped.slice(0, 64), restamped.slice(64) === stamped.slice(64)],
      changed: [changed.cached, (changed.exports.answer as () => string)()],
    }).toEqual({ stamped: true, byStamp: true, touched: [true, true, false], changed: [false, 'bundle.cjs:43'] });
  });

  test.each([
    { what: 'a corrupt entry', entry: 'not code' },
    { what: 'an entry for another command', entry: undefined },
  ])('runs the bundle without cached code from $what', ({ entry }) => {
    const { file, cache } = makeBundle(SOURCE);
    loadBundle(file, cache, 'rules').saveCodeCache();
    if (entry !== undefined) writeFileSync(path.join(cache, 'code-audit.bin'), entry);
    const loaded = loadBundle(file, cache, 'audit');
    expect([loaded.cached, (loaded.exports.answer as () => string)()]).toEqual([false, 'bundle.cjs:42']);
  });

  test('without a cache folder, reads and writes none', () => {
    const { file, cache } = makeBundle(SOURCE);
    const loaded = loadBundle(file, undefined, 'audit');
    loaded.saveCodeCache();
    expect([loaded.cached, (loaded.exports.answer as () => string)()]).toEqual([false, 'bundle.cjs:42']);
    expect(() => statSync(cache)).toThrow();
  });
});
