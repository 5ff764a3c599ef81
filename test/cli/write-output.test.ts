import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import * as fs from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeOutput, writeOutputsTogether } from '../../src/cli/write-output.js';
import type { OutputFile, OutputFileSystem, OutputHandle } from '../../src/cli/write-output.js';
import { ReassureError } from '../../src/errors.js';

let dir = '';

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'reassure-write-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

/** The real file system, except that writes stop halfway with an I/O error. */
function failingMidway(): OutputFileSystem {
  return {
    ...fs,
    open: async (path, flags, mode): Promise<OutputHandle> => {
      const handle = await fs.open(path, flags, mode);
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

describe('writeOutput: regular files', () => {
  test('writes a new file and leaves no temporary file', async () => {
    const target = join(dir, 'report.json');
    await writeOutput(target, '{"ok":true}\n');
    expect(await readFile(target, 'utf8')).toBe('{"ok":true}\n');
    expect(await readdir(dir)).toEqual(['report.json']);
  });

  test('replaces an existing file', async () => {
    const target = join(dir, 'report.txt');
    await writeFile(target, 'old');
    await writeOutput(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
  });

  test.each([0o600, 0o640, 0o644, 0o400])('keeps the mode %o of the file it replaces', async (mode) => {
    const target = join(dir, 'report.txt');
    await writeFile(target, 'old');
    await chmod(target, mode);
    await writeOutput(target, 'new');
    expect({ text: await readFile(target, 'utf8'), mode: (await stat(target)).mode & 0o777 }).toEqual({ text: 'new', mode });
  });

  test('creates missing parent directories', async () => {
    const target = join(dir, 'reports', 'ci', 'run.sarif');
    await writeOutput(target, 'sarif');
    expect(await readFile(target, 'utf8')).toBe('sarif');
  });

  test('an interrupted write keeps the previous file and removes the temporary one', async () => {
    const target = join(dir, 'report.txt');
    await writeFile(target, 'previous report');
    const attempt = writeOutput(target, 'a new report that never fully lands', failingMidway());
    await expect(attempt).rejects.toMatchObject({
      name: 'ReassureError',
      message: 'cannot write the report: input/output error',
      location: { file: target },
      exitCode: 2,
    });
    expect(await readFile(target, 'utf8')).toBe('previous report');
    expect(await readdir(dir)).toEqual(['report.txt']);
  });

  test('a directory at the path is refused and left alone', async () => {
    const target = join(dir, 'taken');
    await mkdir(join(target, 'inside'), { recursive: true });
    const attempt = writeOutput(target, 'text');
    await expect(attempt).rejects.toBeInstanceOf(ReassureError);
    await expect(attempt).rejects.toThrow(/^cannot write the report: it is a directory$/);
    expect(await readdir(dir)).toEqual(['taken']);
  });

  test('a parent that is a file gives a one-line error naming the path', async () => {
    await writeFile(join(dir, 'reports'), 'not a directory');
    const target = join(dir, 'reports', 'run.sarif');
    await expect(writeOutput(target, 'text')).rejects.toMatchObject({
      name: 'ReassureError',
      message: 'cannot write the report: a parent path is not a directory',
      location: { file: target },
    });
    expect(await readdir(dir)).toEqual(['reports']);
  });

  // It said "too many missing parent directories", the reason kept for 33 missing folders.
  test('a file name too long for the file system says so', async () => {
    const target = join(dir, 'x'.repeat(300));
    await expect(writeOutput(target, 'text')).rejects.toMatchObject({ message: 'cannot write the report: file name too long', location: { file: target } });
  });

  test('a directory that cannot be created names it', async () => {
    const failingMkdir: OutputFileSystem = { ...fs, mkdir: () => Promise.reject(Object.assign(new Error('ENOENT'), { code: 'ENOENT' })) };
    await expect(writeOutput(join(dir, 'a', 'b', 'run.json'), 'text', failingMkdir)).rejects.toMatchObject({
      message: `cannot write the report: cannot create directory ${join(dir, 'a')} (no such file or directory)`,
    });
  });
});

describe('writeOutput: links and special files', () => {
  test('writes through a symbolic link to its target, keeping the link', async () => {
    await writeFile(join(dir, 'real.json'), 'old');
    await symlink('real.json', join(dir, 'link.json'));
    await writeOutput(join(dir, 'link.json'), 'new');
    expect({
      link: await readlink(join(dir, 'link.json')),
      text: await readFile(join(dir, 'real.json'), 'utf8'),
      entries: (await readdir(dir)).sort(),
    }).toEqual({ link: 'real.json', text: 'new', entries: ['link.json', 'real.json'] });
  });

  test('a dangling symbolic link creates its target', async () => {
    await symlink(join('out', 'real.json'), join(dir, 'link.json'));
    await writeOutput(join(dir, 'link.json'), 'new');
    expect(await readFile(join(dir, 'out', 'real.json'), 'utf8')).toBe('new');
    expect((await lstat(join(dir, 'link.json'))).isSymbolicLink()).toBe(true);
  });

  test('a loop of links is refused', async () => {
    await symlink('b', join(dir, 'a'));
    await symlink('a', join(dir, 'b'));
    await expect(writeOutput(join(dir, 'a'), 'text')).rejects.toThrow('cannot write the report: too many levels of symbolic links');
  });

  test('writes into a FIFO without replacing it', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reading = readFile(fifo, 'utf8');
    await writeOutput(fifo, 'through the pipe');
    expect({ text: await reading, fifo: (await lstat(fifo)).isFIFO() }).toEqual({ text: 'through the pipe', fifo: true });
  });

  test.skipIf(!isRoot)('writes into a character device without replacing it (needs root for mknod)', async () => {
    const device = join(dir, 'null');
    execFileSync('mknod', [device, 'c', '1', '3']);
    await writeOutput(device, 'into the void');
    const info = await lstat(device);
    expect({ characterDevice: info.isCharacterDevice(), rdev: info.rdev, entries: await readdir(dir) }).toEqual({
      characterDevice: true,
      rdev: (1 << 8) | 3,
      entries: ['null'],
    });
  });

  test.skipIf(!isRoot)('a full device is a one-line error (needs root for mknod)', async () => {
    const device = join(dir, 'full');
    execFileSync('mknod', [device, 'c', '1', '7']);
    await expect(writeOutput(device, 'text')).rejects.toMatchObject({ message: 'cannot write the report: no space left on device', exitCode: 2 });
  });
});

describe('writeOutputsTogether', () => {
  const set = (): OutputFile[] =>
    ['config.yaml', 'rules/team.yaml', 'transcripts/example.yaml'].map((name) => ({ path: join(dir, name), text: `${name}\n`, shown: name }));

  /** Every path under `dir`, folders included, sorted. */
  async function listAll(): Promise<string[]> {
    return (await readdir(dir, { recursive: true })).sort();
  }

  /** The real file system, except that the `n`th call of `method` fails with `code`. */
  function failingAt(method: 'open' | 'rename', n: number, code: string): OutputFileSystem {
    let calls = 0;
    const fail = (): never => {
      throw Object.assign(new Error(code), { code });
    };
    if (method === 'open') return { ...fs, open: async (path, flags, mode) => (++calls === n ? fail() : fs.open(path, flags, mode)) };
    return { ...fs, rename: async (from, to) => (++calls === n ? fail() : fs.rename(from, to)) };
  }

  /** The real file system, except that every rename onto a path ending in `name` fails with `code`. */
  function failingRenameTo(name: string, code: string): OutputFileSystem {
    return {
      ...fs,
      rename: async (from, to) => {
        if (to.endsWith(name)) throw Object.assign(new Error(code), { code });
        await fs.rename(from, to);
      },
    };
  }

  /** `config.yaml` (mode 600) and `rules/team.yaml` already there, as `init --force` finds them. */
  async function writeOldFiles(): Promise<void> {
    await mkdir(join(dir, 'rules'));
    await writeFile(join(dir, 'config.yaml'), 'old config\n', { mode: 0o600 });
    await writeFile(join(dir, 'rules/team.yaml'), 'old rules\n');
  }

  test('writes every file, making the folders, and leaves no temporary file', async () => {
    await writeOutputsTogether(set(), 'the file');
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml', 'transcripts', 'transcripts/example.yaml']);
    expect(await readFile(join(dir, 'rules/team.yaml'), 'utf8')).toBe('rules/team.yaml\n');
  });

  test('a later target that cannot be a file is found before anything is written', async () => {
    await mkdir(join(dir, 'transcripts', 'example.yaml'), { recursive: true });
    await expect(writeOutputsTogether(set(), 'the file')).rejects.toMatchObject({
      message: 'cannot write the file: it is a directory; nothing was written',
      location: { file: 'transcripts/example.yaml' },
      exitCode: 2,
    });
    expect(await listAll()).toEqual(['transcripts', 'transcripts/example.yaml']);
  });

  test('a failure writing a later file removes the temporary files and the folders made before it', async () => {
    await expect(writeOutputsTogether(set(), 'the file', failingAt('open', 3, 'ENOSPC'))).rejects.toMatchObject({
      message: 'cannot write the file: no space left on device; nothing was written',
      location: { file: 'transcripts/example.yaml' },
    });
    expect(await listAll()).toEqual([]);
  });

  test('a failure renaming a later file removes the files already in place, and keeps a file that was there untouched', async () => {
    await writeFile(join(dir, 'rules-kept.txt'), 'kept');
    await expect(writeOutputsTogether(set(), 'the file', failingAt('rename', 2, 'EIO'))).rejects.toMatchObject({
      message: 'cannot write the file: input/output error; nothing was written',
      location: { file: 'rules/team.yaml' },
    });
    expect(await listAll()).toEqual(['rules-kept.txt']);
  });

  test('replacing files leaves only the new ones, with the old ones\' modes', async () => {
    await writeOldFiles();
    await writeOutputsTogether(set(), 'the file');
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml', 'transcripts', 'transcripts/example.yaml']);
    expect([await readFile(join(dir, 'config.yaml'), 'utf8'), (await stat(join(dir, 'config.yaml'))).mode & 0o777]).toEqual(['config.yaml\n', 0o600]);
  });

  // With --force, the files replaced before a later rename failed kept their new text.
  test('a failure renaming a later file puts back every file it had replaced, as it was', async () => {
    await writeOldFiles();
    await expect(writeOutputsTogether(set(), 'the file', failingRenameTo('transcripts/example.yaml', 'EIO'))).rejects.toMatchObject({
      message: 'cannot write the file: input/output error; nothing was written',
      location: { file: 'transcripts/example.yaml' },
    });
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml']);
    expect({
      config: await readFile(join(dir, 'config.yaml'), 'utf8'),
      mode: (await stat(join(dir, 'config.yaml'))).mode & 0o777,
      rules: await readFile(join(dir, 'rules/team.yaml'), 'utf8'),
    }).toEqual({ config: 'old config\n', mode: 0o600, rules: 'old rules\n' });
  });

  test('a replaced file that cannot be put back is named, with where its old text is', async () => {
    await writeOldFiles();
    // The last file cannot be placed, and then the first cannot be put back.
    const failing: OutputFileSystem = {
      ...fs,
      rename: async (from, to) => {
        if (to.endsWith('transcripts/example.yaml') || (to.endsWith('config.yaml') && from.endsWith('.old'))) throw Object.assign(new Error('EIO'), { code: 'EIO' });
        await fs.rename(from, to);
      },
    };
    const error: unknown = await writeOutputsTogether(set(), 'the file', failing).catch((caught: unknown) => caught);
    const message = error instanceof ReassureError ? error.message : String(error);
    const kept = /; the old text of config\.yaml is in (\.config\.yaml\.[\w-]+\.old)$/.exec(message)?.[1] ?? '';
    expect({ message, kept: await readFile(join(dir, kept), 'utf8'), config: await readFile(join(dir, 'config.yaml'), 'utf8'), rules: await readFile(join(dir, 'rules/team.yaml'), 'utf8') }).toEqual({
      message: expect.stringMatching(/^cannot write the file: input\/output error; the old text of config\.yaml is in /),
      kept: 'old config\n',
      config: 'config.yaml\n',
      rules: 'old rules\n',
    });
    expect(await listAll()).toEqual([kept, 'config.yaml', 'rules', 'rules/team.yaml']);
  });

  /**
   * The real file system, recording each call and, after each, any of `paths` missing: a
   * replace that renames the old file away first leaves its path empty for a moment.
   */
  function watching(paths: readonly string[], base: OutputFileSystem = fs): { files: OutputFileSystem; calls: string[]; gaps: string[] } {
    const calls: string[] = [];
    const gaps: string[] = [];
    const watch =
      <A extends unknown[], R>(name: string, call: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await call(...args);
        } finally {
          calls.push(name);
          for (const path of paths) if (!existsSync(path)) gaps.push(`${path.slice(dir.length + 1)} after ${name} #${calls.length}`);
        }
      };
    const files: OutputFileSystem = {
      lstat: watch('lstat', base.lstat),
      stat: watch('stat', base.stat),
      readlink: watch('readlink', base.readlink),
      mkdir: watch('mkdir', base.mkdir),
      open: watch('open', base.open),
      chmod: watch('chmod', base.chmod),
      rename: watch('rename', base.rename),
      link: watch('link', base.link),
      copyFile: watch('copyFile', base.copyFile),
      rm: watch('rm', base.rm),
      rmdir: watch('rmdir', base.rmdir),
    };
    return { files, calls, gaps };
  }

  const OLD_FILES = (): string[] => [join(dir, 'config.yaml'), join(dir, 'rules/team.yaml')];

  // init --force renamed each old file aside before renaming the new one in: for a moment the
  // config was missing, and a run reading it then found none.
  test('a file being replaced is at its path after every file-system call, old or new', async () => {
    await writeOldFiles();
    const { files, calls, gaps } = watching(OLD_FILES());
    await writeOutputsTogether(set(), 'the file', files);
    expect({ gaps, links: calls.filter((call) => call === 'link').length, config: await readFile(join(dir, 'config.yaml'), 'utf8') }).toEqual({ gaps: [], links: 2, config: 'config.yaml\n' });
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml', 'transcripts', 'transcripts/example.yaml']);
  });

  test('and while a failure puts the old files back', async () => {
    await writeOldFiles();
    const { files, gaps } = watching(OLD_FILES(), failingRenameTo('transcripts/example.yaml', 'EIO'));
    await expect(writeOutputsTogether(set(), 'the file', files)).rejects.toMatchObject({ message: 'cannot write the file: input/output error; nothing was written' });
    expect({ gaps, config: await readFile(join(dir, 'config.yaml'), 'utf8'), rules: await readFile(join(dir, 'rules/team.yaml'), 'utf8') }).toEqual({ gaps: [], config: 'old config\n', rules: 'old rules\n' });
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml']);
  });

  test('where the file system makes no hard links, the old files are kept as copies, and put back from them', async () => {
    await writeOldFiles();
    const noLinks: OutputFileSystem = { ...failingRenameTo('transcripts/example.yaml', 'EIO'), link: () => Promise.reject(Object.assign(new Error('EPERM'), { code: 'EPERM' })) };
    const { files, calls, gaps } = watching(OLD_FILES(), noLinks);
    await expect(writeOutputsTogether(set(), 'the file', files)).rejects.toMatchObject({ message: 'cannot write the file: input/output error; nothing was written' });
    expect({ gaps, copies: calls.filter((call) => call === 'copyFile').length }).toEqual({ gaps: [], copies: 2 });
    expect({ config: await readFile(join(dir, 'config.yaml'), 'utf8'), mode: (await stat(join(dir, 'config.yaml'))).mode & 0o777, rules: await readFile(join(dir, 'rules/team.yaml'), 'utf8') }).toEqual({ config: 'old config\n', mode: 0o600, rules: 'old rules\n' });
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml']);
  });

  // A fake, as root (which the tests may run as) writes into read-only folders.
  test('a read-only folder is one line naming the file, and its files are left as they were', async () => {
    await writeOldFiles();
    const readOnly = join(dir, 'rules');
    const refuse = (path: string): void => {
      if (path.startsWith(`${readOnly}/`)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    const { files, gaps } = watching(OLD_FILES(), {
      ...fs,
      open: async (path, flags, mode) => (refuse(path), fs.open(path, flags, mode)),
      link: async (from, to) => (refuse(to), fs.link(from, to)),
      copyFile: async (from, to, mode) => (refuse(to), fs.copyFile(from, to, mode)),
      rename: async (from, to) => (refuse(to), fs.rename(from, to)),
    });
    await expect(writeOutputsTogether(set(), 'the file', files)).rejects.toMatchObject({ message: 'cannot write the file: permission denied; nothing was written', location: { file: 'rules/team.yaml' }, exitCode: 2 });
    expect({ gaps, config: await readFile(join(dir, 'config.yaml'), 'utf8'), rules: await readFile(join(dir, 'rules/team.yaml'), 'utf8') }).toEqual({ gaps: [], config: 'old config\n', rules: 'old rules\n' });
    expect(await listAll()).toEqual(['config.yaml', 'rules', 'rules/team.yaml']);
  });
});
