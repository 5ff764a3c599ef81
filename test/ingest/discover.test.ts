import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discoverInputs } from '../../src/ingest/discover.js';

let cwd: string;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'reassure-discover-'));
  const files = ['s/b.yaml', 's/a.txt', 's/Z.txt', 's/é.txt', 's/deep/c.vtt', 's/notes.md', 's/.hidden/h.txt', 's/.h.txt', 's/node_modules/n.txt', 'other/o.txt', 'empty/readme.md'];
  for (const file of files) {
    mkdirSync(join(cwd, file, '..'), { recursive: true });
    writeFileSync(join(cwd, file), 'T: Hi.\n');
  }
  symlinkSync('..', join(cwd, 's', 'deep', 'loop'));
  symlinkSync(join(cwd, 'other'), join(cwd, 's', 'linked'));
  symlinkSync(join(cwd, 'other', 'o.txt'), join(cwd, 's', 'alias.txt'));
});
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const rel = (files: string[]) => files.map((file) => file.slice(cwd.length + 1));

describe('discoverInputs', () => {
  test('a directory: transcript extensions, sorted by code point, no hidden dirs or node_modules, symlink loop survived', async () => {
    const result = await discoverInputs(['s'], { cwd });
    expect({ files: rel(result.files), problems: result.problems }).toEqual({
      files: ['s/Z.txt', 's/a.txt', 's/alias.txt', 's/b.yaml', 's/deep/c.vtt', 's/linked/o.txt', 's/é.txt'],
      problems: [],
    });
  });

  test('files, directories and globs together, unique and sorted', async () => {
    const result = await discoverInputs(['s/a.txt', 'other', 's/*.txt', join(cwd, 's', 'a.txt')], { cwd });
    expect(rel(result.files)).toEqual(['other/o.txt', 's/Z.txt', 's/a.txt', 's/alias.txt', 's/é.txt']);
    expect(result.problems).toEqual([]);
  });

  test('globs leave out node_modules and hidden entries, keep links to files', async () => {
    const result = await discoverInputs(['s/**/*.txt'], { cwd });
    expect(rel(result.files)).toEqual(['s/Z.txt', 's/a.txt', 's/alias.txt', 's/é.txt']);
  });

  test('globs do not enter linked directories (a loop would make them walk until ELOOP)', async () => {
    expect(await discoverInputs(['s/l*/*.txt'], { cwd })).toEqual({ files: [], problems: [{ file: 's/l*/*.txt', message: 'no files match' }] });
  });

  test('a file with any extension given by name is kept', async () => {
    expect(rel((await discoverInputs(['s/notes.md'], { cwd })).files)).toEqual(['s/notes.md']);
  });

  test('ignore patterns leave files out', async () => {
    const result = await discoverInputs(['s'], { cwd, ignore: ['s/deep/**', 's/*.yaml'] });
    expect(rel(result.files)).toEqual(['s/Z.txt', 's/a.txt', 's/alias.txt', 's/linked/o.txt', 's/é.txt']);
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable directory → permission problem (skipped as root)', async () => {
    mkdirSync(join(cwd, 'locked'));
    chmodSync(join(cwd, 'locked'), 0o000);
    expect(await discoverInputs(['locked'], { cwd })).toEqual({ files: [], problems: [{ file: 'locked', message: 'permission denied' }] });
    chmodSync(join(cwd, 'locked'), 0o700);
  });

  test.each([
    { input: 'missing.txt', message: 'no such file or directory' },
    { input: 'nothing/**/*.txt', message: 'no files match' },
    { input: 'empty', message: 'no transcript files in directory' },
  ])('$input → problem naming it', async ({ input, message }) => {
    expect(await discoverInputs([input], { cwd })).toEqual({ files: [], problems: [{ file: input, message }] });
  });
});
