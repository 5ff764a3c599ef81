import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { discoverInputs, identifyFile } from '../../src/ingest/discover.js';

// Root reads every folder whatever its mode, so a folder named `unlistable` fails to list as an unreadable one does.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const readdir = (async (path: string, options?: object) => {
    if (String(path).endsWith('unlistable')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    return fs.readdir(path, options as never);
  }) as typeof fs.readdir;
  return { ...fs, readdir };
});

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

  // A folder inside an audited one that could not be listed was skipped without a word.
  test('a folder inside that cannot be listed → a problem naming it; the other files are still found', async () => {
    for (const dir of ['walk/b-unlistable', 'walk/a/unlistable', 'walk/c']) mkdirSync(join(cwd, dir), { recursive: true });
    writeFileSync(join(cwd, 'walk/c/s.txt'), 'T: Hi.\n');
    const result = await discoverInputs(['walk'], { cwd });
    expect({ files: rel(result.files), problems: result.problems }).toEqual({
      files: ['walk/c/s.txt'],
      problems: [
        { file: 'walk/a/unlistable', message: 'permission denied' },
        { file: 'walk/b-unlistable', message: 'permission denied' },
      ],
    });
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable folder inside → permission problem (skipped as root)', async () => {
    mkdirSync(join(cwd, 'outer/locked'), { recursive: true });
    writeFileSync(join(cwd, 'outer/s.txt'), 'T: Hi.\n');
    chmodSync(join(cwd, 'outer/locked'), 0o000);
    const result = await discoverInputs(['outer'], { cwd });
    chmodSync(join(cwd, 'outer/locked'), 0o700);
    expect({ files: rel(result.files), problems: result.problems }).toEqual({ files: ['outer/s.txt'], problems: [{ file: 'outer/locked', message: 'permission denied' }] });
  });

  // "no transcript files in directory" beside a folder of .docx or .md exports did not say what to do.
  test('a folder of other files → the problem names one of them and the extensions searched', async () => {
    mkdirSync(join(cwd, 'exports/sub'), { recursive: true });
    writeFileSync(join(cwd, 'exports/week1.md'), 'Therapist: Hi.\n');
    writeFileSync(join(cwd, 'exports/sub/week2.docx'), 'x');
    writeFileSync(join(cwd, 'exports/.hidden.txt'), 'T: Hi.\n');
    const searched = '.vtt .srt .json .jsonl .ndjson .yaml .yml .csv .tsv .txt';
    expect((await discoverInputs(['exports'], { cwd })).problems).toEqual([
      { file: 'exports', message: `no transcript files in directory (it holds 2 other files, such as week1.md; a folder is searched for ${searched}: name other files, or a quoted glob, to read them as plain text)` },
    ]);
    mkdirSync(join(cwd, 'bare'));
    expect((await discoverInputs(['bare'], { cwd })).problems).toEqual([{ file: 'bare', message: 'no transcript files in directory' }]);
    mkdirSync(join(cwd, 'one'));
    writeFileSync(join(cwd, 'one/notes.rtf'), 'x');
    expect((await discoverInputs(['one'], { cwd })).problems[0]?.message).toMatch(/^no transcript files in directory \(it holds only notes\.rtf; /);
  });

  test.each([
    { input: 'missing.txt', message: 'no such file or directory' },
    { input: 'nothing/**/*.txt', message: 'no files match' },
    { input: 'empty', message: 'no transcript files in directory (it holds only readme.md; a folder is searched for .vtt .srt .json .jsonl .ndjson .yaml .yml .csv .tsv .txt: name other files, or a quoted glob, to read them as plain text)' },
  ])('$input → problem naming it', async ({ input, message }) => {
    expect(await discoverInputs([input], { cwd })).toEqual({ files: [], problems: [{ file: input, message }] });
  });
});

// A broken link or a link loop named week3.txt in an audited folder was skipped without a word.
describe('links that lead nowhere', () => {
  let linkCwd: string;
  beforeAll(() => {
    linkCwd = mkdtempSync(join(tmpdir(), 'reassure-links-'));
    mkdirSync(join(linkCwd, 'b'));
    writeFileSync(join(linkCwd, 'b', 'ok.txt'), 'T: Hi.\n');
    symlinkSync('missing.txt', join(linkCwd, 'b', 'gone.txt'));
    symlinkSync('self.txt', join(linkCwd, 'b', 'self.txt'));
    symlinkSync('missing.md', join(linkCwd, 'b', 'gone.md'));
  });
  afterAll(() => rmSync(linkCwd, { recursive: true, force: true }));
  const problems = [
    { file: 'b/gone.txt', message: 'broken symbolic link: its target does not exist' },
    { file: 'b/self.txt', message: 'too many levels of symbolic links' },
  ];

  test('a folder: each link with a transcript name is a problem, the other files are found', async () => {
    const result = await discoverInputs(['b'], { cwd: linkCwd });
    expect({ files: result.files.map((file) => file.slice(linkCwd.length + 1)), problems: result.problems }).toEqual({ files: ['b/ok.txt'], problems });
  });

  test('a glob that matches them says so too; --ignore leaves them out', async () => {
    const result = await discoverInputs(['b/*.txt'], { cwd: linkCwd });
    expect(result.problems).toEqual(problems);
    expect((await discoverInputs(['b'], { cwd: linkCwd, ignore: ['b/gone.txt', 'b/self.txt'] })).problems).toEqual([]);
  });
});

// --format json=a.json --format sarif=link.json (a link to a.json, not written yet) wrote both to one file.
describe('identifyFile: a file not written yet', () => {
  test('a link to it, a path through a linked folder and the path itself are one file; another name is not', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reassure-identify-'));
    mkdirSync(join(root, 'real'));
    symlinkSync('real', join(root, 'folder'));
    symlinkSync('real/a.json', join(root, 'link.json'));
    symlinkSync('link.json', join(root, 'link2.json'));
    const ids = await Promise.all(['real/a.json', 'folder/a.json', 'link.json', 'link2.json', 'real/b.json'].map((file) => identifyFile(join(root, file))));
    rmSync(root, { recursive: true, force: true });
    expect(new Set(ids.slice(0, 4)).size).toBe(1);
    expect(ids[4]).not.toBe(ids[0]);
  });
});
