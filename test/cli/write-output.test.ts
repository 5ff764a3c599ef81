import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeOutputAtomic } from '../../src/cli/write-output.js';
import type { OutputFileSystem, OutputHandle } from '../../src/cli/write-output.js';
import { ReassureError } from '../../src/errors.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reassure-write-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real file system, except that writes stop halfway with an I/O error. */
function failingMidway(): OutputFileSystem {
  return {
    mkdir: (path, options) => fs.mkdir(path, options),
    rename: (from, to) => fs.rename(from, to),
    rm: (path, options) => fs.rm(path, options),
    open: async (path, flags): Promise<OutputHandle> => {
      const handle = await fs.open(path, flags);
      return {
        writeFile: async (data) => {
          await handle.writeFile(data.slice(0, data.length / 2), 'utf8');
          throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
  };
}

describe('writeOutputAtomic', () => {
  test('writes a new file and leaves no temporary file', async () => {
    const target = join(dir, 'report.json');
    await writeOutputAtomic(target, '{"ok":true}\n');
    expect(await readFile(target, 'utf8')).toBe('{"ok":true}\n');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  test('replaces an existing file', async () => {
    const target = join(dir, 'report.txt');
    await writeFile(target, 'old');
    await writeOutputAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
  });

  test('creates missing parent directories', async () => {
    const target = join(dir, 'reports', 'ci', 'run.sarif');
    await writeOutputAtomic(target, 'sarif');
    expect(await readFile(target, 'utf8')).toBe('sarif');
  });

  test('an interrupted write keeps the previous file and removes the temporary one', async () => {
    const target = join(dir, 'report.txt');
    await writeFile(target, 'previous report');
    const attempt = writeOutputAtomic(target, 'a new report that never fully lands', failingMidway());
    await expect(attempt).rejects.toMatchObject({
      name: 'ReassureError',
      message: `cannot write ${target}: EIO`,
      location: { file: target },
      exitCode: 2,
    });
    expect(await readFile(target, 'utf8')).toBe('previous report');
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  test('a failed rename (the target is a directory) leaves no temporary file', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'inside'), { recursive: true });
    const attempt = writeOutputAtomic(target, 'text');
    await expect(attempt).rejects.toBeInstanceOf(ReassureError);
    await expect(attempt).rejects.toThrow(/^cannot write .*taken: [^\n]+$/);
    expect(await readdir(dir)).toEqual(['taken']);
  });

  test('a parent that is a file gives a one-line error naming the path', async () => {
    await writeFile(join(dir, 'reports'), 'not a directory');
    const target = join(dir, 'reports', 'run.sarif');
    await expect(writeOutputAtomic(target, 'text')).rejects.toMatchObject({
      name: 'ReassureError',
      message: `cannot write ${target}: a parent path is not a directory`,
    });
    expect(await readdir(dir)).toEqual(['reports']);
  });
});
