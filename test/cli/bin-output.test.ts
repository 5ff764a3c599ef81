import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, lstatSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';

const SAMPLE = resolve('samples/panic.txt');
const isRoot = process.getuid?.() === 0;

let dir = '';

beforeAll(ensureBuilt, 120_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reassure-bin-output-'));
  copyFileSync(SAMPLE, join(dir, 't.txt'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('bin: --output never destroys what is at the path', { timeout: 60_000 }, () => {
  test.skipIf(!isRoot)('a character device stays a device (needs root for mknod)', () => {
    execFileSync('mknod', [join(dir, 'n'), 'c', '1', '3']);
    const run = runBin(['audit', 't.txt', '-o', 'n'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr, device: lstatSync(join(dir, 'n')).isCharacterDevice() }).toEqual({ code: 1, stderr: '', device: true });
  });

  test('a symbolic link is written through, and stays a link', () => {
    writeFileSync(join(dir, 'real.json'), 'old');
    symlinkSync('real.json', join(dir, 'link.json'));
    const run = runBin(['audit', 't.txt', '-o', 'link.json'], { cwd: dir });
    expect({ code: run.code, link: readlinkSync(join(dir, 'link.json')) }).toEqual({ code: 1, link: 'real.json' });
    expect(JSON.parse(readFileSync(join(dir, 'real.json'), 'utf8'))).toMatchObject({ sessions: [{ file: 't.txt' }] });
  });

  test('a rerun keeps a private report private', () => {
    writeFileSync(join(dir, 'report.json'), '{}');
    chmodSync(join(dir, 'report.json'), 0o600);
    const run = runBin(['audit', 't.txt', '-o', 'report.json'], { cwd: dir });
    expect({ code: run.code, mode: statSync(join(dir, 'report.json')).mode & 0o777 }).toEqual({ code: 1, mode: 0o600 });
  });

  test.each([
    [['-o', 't.txt'], 't.txt: is both an input and the table output; write the report to another file\n'],
    [['--format', 'json=t.txt'], 't.txt: is both an input and the json output; write the report to another file\n'],
    [['--format', 'json=x', '--format', 'sarif=x'], 'x: named as the output of both json and sarif; give each format its own file\n'],
  ])('refuses %j and leaves the transcript alone', (flags, stderr) => {
    const run = runBin(['audit', 't.txt', ...flags], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr, transcript: readFileSync(join(dir, 't.txt'), 'utf8'), entries: readdirSync(dir) }).toEqual({
      code: 2,
      stderr,
      transcript: readFileSync(SAMPLE, 'utf8'),
      entries: ['t.txt'],
    });
  });

  test('a report written into an audited folder is not audited on the next run', () => {
    mkdirSync(join(dir, 'sessions'));
    copyFileSync(SAMPLE, join(dir, 'sessions', 'a.txt'));
    const first = runBin(['audit', 'sessions', '-o', 'sessions/report.txt'], { cwd: dir });
    const second = runBin(['audit', 'sessions', '--format', 'table=sessions/report.txt', '--format', 'json'], { cwd: dir });
    expect({ first: first.code, second: second.code, stderr: second.stderr }).toEqual({ first: 1, second: 1, stderr: '' });
    expect(JSON.parse(second.stdout)).toMatchObject({ sessions: [{ file: 'sessions/a.txt' }] });
  });

  test('a folder that cannot be created (/proc) exits 2 at once, one line', () => {
    // Recursive mkdir never returned here; the default time limit catches a hang.
    const run = runBin(['audit', 't.txt', '-o', '/proc/nope/out.json'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({
      code: 2,
      stderr: '/proc/nope/out.json: cannot write the report: cannot create directory /proc/nope (no such file or directory)\n',
    });
  });
});

describe('bin: write errors on standard output', { timeout: 60_000 }, () => {
  test.skipIf(!isRoot)('a full device on standard output exits 2 with one line (needs root for mknod)', () => {
    execFileSync('mknod', [join(dir, 'full'), 'c', '1', '7']);
    const fd = openSync(join(dir, 'full'), 'w');
    try {
      const run = runBin(['audit', 't.txt'], { cwd: dir, stdout: fd });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: 'reassure: cannot write standard output: no space left on device\n' });
    } finally {
      closeSync(fd);
    }
  });

  test('-o - writes to standard output', () => {
    const run = runBin(['audit', 't.txt', '--format', 'json', '-o', '-'], { cwd: dir });
    expect({ code: run.code, entries: readdirSync(dir) }).toEqual({ code: 1, entries: ['t.txt'] });
    expect(JSON.parse(run.stdout)).toMatchObject({ sessions: [{ file: 't.txt' }] });
  });
});

describe('bin: a reader that closes the pipe early (`| head`)', { timeout: 60_000 }, () => {
  // Through a shell's real pipe (Node's own child pipes are sockets, written asynchronously),
  // with a report that outgrows the pipe's buffer (64 KB on Linux), so the reader leaves mid-write.
  test.each([
    [['audit', resolve('samples'), '--format', 'html'], 1],
    [['audit', resolve('samples'), resolve('samples/no-such-file.yaml'), '--format', 'html'], 2],
  ])('%j still ends with its own exit code (%i), quietly', (args, code) => {
    const quoted = [process.execPath, resolve('bin/reassure.js'), ...args].map((arg) => `'${arg}'`).join(' ');
    const run = spawnSync('bash', ['-c', `${quoted} | head -c 1 > head.out; echo "\${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
    const stderr = run.stderr.split('\n').filter((line) => line !== '' && !line.includes('no-such-file'));
    expect({ exit: run.stdout.trim(), stderr, read: readFileSync(join(dir, 'head.out'), 'utf8') }).toEqual({ exit: String(code), stderr: [], read: '<' });
  });
});
