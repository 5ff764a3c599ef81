import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';

let dir = '';

beforeAll(ensureBuilt, 120_000);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'reassure-bin-input-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Synthetic: no label is a default role, so no therapist is recognised. */
const UNNAMED_ROLES = 'Dr. Quillfeather: Everything will be fine, I promise.\nMarigold: I keep thinking about it.\n';

/** Synthetic WebVTT: the client is a first name, so it has the role other. */
const NAMED_CLIENT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  '<v Therapist>How has the week been?',
  '',
  '00:00:05.000 --> 00:00:09.000',
  '<v Sam>I have been thinking about hurting myself.',
  '',
  '00:00:10.000 --> 00:00:14.000',
  "<v Therapist>Let's talk about your holiday plans instead.",
  '',
].join('\n');

describe('bin: JSON Lines of whole sessions', { timeout: 60_000 }, () => {
  // The README's "a whole session per line" worked on standard input only; the file exited 2.
  test('a .jsonl file with a whole session per line is audited', () => {
    const line = (id: string): string => JSON.stringify({ session: id, turns: [{ speaker: 'Client', text: 'Will I be okay?' }, { speaker: 'Therapist', text: 'Everything will be fine.' }] });
    writeFileSync(join(dir, 'sessions.jsonl'), `${line('a')}\n${line('b')}\n`);
    const run = runBin(['audit', 'sessions.jsonl', '--format', 'jsonl'], { cwd: dir });
    const ids = run.stdout.trim().split('\n').map((text) => (JSON.parse(text) as { id: string; file: string }));
    expect({ code: run.code, stderr: run.stderr, ids: ids.map((session) => [session.id, session.file]) }).toEqual({ code: 1, stderr: '', ids: [['a', 'sessions.jsonl'], ['b', 'sessions.jsonl']] });
  });
});

describe('bin: what input warnings say', { timeout: 60_000 }, () => {
  test.each([
    ['json', ['--format', 'json']],
    ['table with details', ['--details']],
    ['sarif and markdown', ['--format', 'sarif', '--format', 'markdown=report.md']],
  ])('--redact leaks no speaker name in any stream (%s)', (_name, flags) => {
    writeFileSync(join(dir, 'session.txt'), UNNAMED_ROLES);
    const run = runBin(['audit', 'session.txt', '--redact', ...flags], { cwd: dir });
    const streams = `${run.stdout}\n${run.stderr}`;
    expect({ code: run.code, quill: streams.includes('Quillfeather'), marigold: streams.includes('Marigold') }).toEqual({ code: 0, quill: false, marigold: false });
    expect(run.stderr).toBe('session.txt:1: warning: no therapist turn found; 2 speakers seen (names left out by --redact); use --therapist NAME\n');
  });

  test('a WebVTT client known only by name is a warning naming the option', () => {
    writeFileSync(join(dir, 'call.vtt'), NAMED_CLIENT);
    const run = runBin(['audit', 'call.vtt'], { cwd: dir });
    expect(run.stderr).toBe(
      'call.vtt:4: warning: no client turn found, so rules on what the client said cannot fire; speakers seen: Therapist, Sam; use --client NAME\n',
    );
  });

  // The entry's therapist reached the html trends only: Jane's turns were "other", each file a warning.
  test("a config sessions entry's therapist is the therapist of its files, in worker threads too", () => {
    writeFileSync(join(dir, '.reassurerc.yaml'), 'sessions:\n  - files: talks/*.txt\n    therapist: Jane\nfail-on: never\n');
    mkdirSync(join(dir, 'talks'));
    // 300 KB each: enough input for worker threads to be started.
    const talk = 'Sam: I keep worrying.\nJane: That sounds hard.\n'.repeat(7000);
    for (const name of ['a', 'b', 'c', 'd']) writeFileSync(join(dir, 'talks', `${name}.txt`), talk);
    const run = runBin(['audit', 'talks', '-j', '3', '-f', 'json'], { cwd: dir, timeout: 60_000 });
    const report = JSON.parse(run.stdout) as { sessions: { therapistTurns: number }[] };
    expect({ code: run.code, stderr: run.stderr, turns: report.sessions.map((session) => session.therapistTurns) }).toEqual({ code: 0, stderr: '', turns: [7000, 7000, 7000, 7000] });
  });

  // A pipe's bytes were decoded as UTF-8 whatever they held; a file's are decoded by what they are.
  test('- reads UTF-16 and Windows-1252 as a file in them is read, and refuses NUL bytes as binary', () => {
    const text = 'Client: The caf\u00e9 closed.\nTherapist: Everything will be fine.\n';
    const utf16 = runBin(['audit', '-', '-f', 'json', '--no-config'], { cwd: dir, input: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) });
    const latin = runBin(['audit', '-', '-f', 'json', '--no-config'], { cwd: dir, input: Buffer.from(text, 'latin1') });
    const binary = runBin(['audit', '-', '--no-config'], { cwd: dir, input: Buffer.from('Client: hi\u0000\nTherapist: Everything will be fine.\n') });
    const pitfalls = (run: { stdout: string }): number => (JSON.parse(run.stdout) as { totals: { pitfalls: number } }).totals.pitfalls;
    expect({
      utf16: [utf16.code, utf16.stderr, pitfalls(utf16)],
      latin: [latin.code, latin.stderr, pitfalls(latin)],
      binary: [binary.code, binary.stderr],
    }).toEqual({
      utf16: [1, '', 1],
      latin: [1, '-: warning: not valid UTF-8; read as Windows-1252\n', 1],
      binary: [2, '-: binary file (contains NUL bytes); expected UTF-8 or UTF-16 text\n'],
    });
  });
});

describe('bin: a directory as standard input', { timeout: 60_000 }, () => {
  // `reassure audit - < dir` said "standard input is empty" and exited 0; `merge` gave 0 sessions.
  test.each([
    { args: ['audit', '-'], code: 2, stderr: '-: cannot read standard input: is a directory, not a file\n' },
    { args: ['audit', '-', 'one.txt', '--format', 'json'], code: 2, stderr: '-: cannot read standard input: is a directory, not a file\n' },
    { args: ['merge', '-'], code: 2, stderr: '-: cannot read standard input: is a directory, not a file\n' },
    { args: ['speakers', '-'], code: 2, stderr: '-: cannot read standard input: is a directory, not a file\n' },
    { args: ['diff', '-', 'one.json'], code: 2, stderr: '-: cannot read standard input: is a directory, not a file\n' },
  ])('$args: one line naming it, other inputs still read', ({ args, code, stderr }) => {
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'one.txt'), 'Therapist: Everything will be fine, I promise.\nClient: I keep thinking about it.\n');
    const fd = openSync(join(dir, 'sub'), 'r');
    try {
      const run = runBin(args, { cwd: dir, stdin: fd });
      expect({ code: run.code, stderr: run.stderr.split('\n').filter((line) => !line.startsWith('one.txt')).join('\n') }).toEqual({ code, stderr });
      if (args.includes('one.txt')) expect((JSON.parse(run.stdout) as { sessions: { file: string }[] }).sessions.map((s) => s.file)).toEqual(['one.txt']);
    } finally {
      closeSync(fd);
    }
  });
});
