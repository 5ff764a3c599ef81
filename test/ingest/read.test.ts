import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { NO_ROLE_OPTIONS } from '../../src/ingest/speakers.js';
import { DEFAULT_MAX_BYTES, describeFsError, readTranscriptFile, readTranscriptText, toDisplayPath } from '../../src/ingest/read.js';

const fixtures = new URL('../fixtures/ingest/', import.meta.url).pathname;
const roles = NO_ROLE_OPTIONS;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'reassure-read-'));
  mkdirSync(join(dir, 'sessions'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A billion laughs: nine aliases of nine aliases, seven levels deep. */
function aliasBomb(): string {
  const lines = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i <= 7; i += 1) lines.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nturns: *a7\n`;
}

const options = () => ({ cwd: dir, roles, maxBytes: DEFAULT_MAX_BYTES });

describe('readTranscriptFile', () => {
  test('reads a text file into a transcript with roles, relative path and derived id', async () => {
    copyFileSync(join(fixtures, 'intake.txt'), join(dir, 'sessions', 'intake.txt'));
    const result = await readTranscriptFile(join(dir, 'sessions', 'intake.txt'), options());
    expect(result.problems).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.transcripts).toHaveLength(1);
    expect(result.transcripts[0]).toMatchObject({ id: 'sessions/intake', path: 'sessions/intake.txt', format: 'text', line: 1 });
    expect(result.transcripts[0]?.turns.map((t) => [t.index, t.speaker, t.role])).toEqual([
      [1, 'Client', 'client'],
      [2, 'Therapist', 'therapist'],
      [3, 'Client', 'client'],
      [4, 'Therapist', 'therapist'],
      [5, 'Client', 'client'],
      [6, 'Therapist', 'therapist'],
    ]);
  });

  test('the same turns in any encoding give the same transcripts', async () => {
    const text = readFileSync(join(fixtures, 'intake.txt'), 'utf8').replace('exhausting.', 'exhausting.\u00a0Really\u200b.');
    const variants = {
      'utf8.txt': Buffer.from(text),
      'bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      'crlf.txt': Buffer.from(text.replace(/\n/g, '\r\n')),
      'le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    };
    const read = await Promise.all(
      Object.entries(variants).map(async ([name, bytes]) => {
        const result = await readTranscriptFile(write(name, bytes), options());
        return result.transcripts.map(({ id: _id, path: _path, ...rest }) => rest);
      }),
    );
    const [first, ...rest] = read;
    expect(first?.[0]?.turns[1]?.text).toBe('That sounds exhausting. Really. A lot of people notice anxiety in their body first.');
    for (const other of rest) expect(other).toEqual(first);
  });

  test('warns when a session has no therapist turn, and still returns it', async () => {
    const result = await readTranscriptFile(write('nobody.txt', 'Dr. Lee: Hello.\nSam: Hi.\n'), options());
    expect(result).toEqual({
      transcripts: [expect.objectContaining({ id: 'nobody' })],
      problems: [],
      warnings: [
        {
          file: 'nobody.txt',
          line: 1,
          message: 'no therapist turn found; speakers seen: Dr. Lee, Sam; use --therapist NAME',
          redactedMessage: 'no therapist turn found; 2 speakers seen (names left out by --redact); use --therapist NAME',
          kind: 'no-therapist-turn',
        },
      ],
    });
  });

  // "use --therapist NAME" was the advice even to someone whose --therapist name matched nobody.
  test('says when the therapist names given match no speaker', async () => {
    const result = await readTranscriptFile(write('typo.txt', 'Sarah: Hello.\nTom: Hi.\n'), { ...options(), roles: { therapist: ['Sara'], client: [] } });
    expect(result.warnings).toEqual([
      {
        file: 'typo.txt',
        line: 1,
        message: 'no therapist turn found (no speaker has a therapist name given); speakers seen: Sarah, Tom; use --therapist with one of these names',
        redactedMessage: 'no therapist turn found (no speaker has a therapist name given); 2 speakers seen (names left out by --redact); use --therapist with one of these names',
        kind: 'no-therapist-turn',
      },
    ]);
  });

  test.each([
    {
      name: 'a therapist but no client',
      text: 'Therapist: Hello.\nSam: Hi.\nTherapist: How was the week?\nSam: Long.\n',
      warnings: [
        {
          file: 'roles.txt',
          line: 1,
          message: 'no client turn found, so rules on what the client said cannot fire; speakers seen: Therapist, Sam; use --client NAME',
          redactedMessage: 'no client turn found, so rules on what the client said cannot fire; 2 speakers seen (names left out by --redact); use --client NAME',
          kind: 'no-client-turn',
        },
      ],
    },
    {
      name: 'a busy speaker with the role other',
      text: 'Therapist: Hello.\nSam: One.\nClient: Hi.\nSam: Two.\nTherapist: Go on.\nSam: Three.\n',
      warnings: [
        {
          file: 'roles.txt',
          line: 1,
          message: '3 turns are by speakers with the role other; speakers seen: Sam; use --client NAME or --therapist NAME',
          redactedMessage: '3 turns are by speakers with the role other; 1 speaker seen (names left out by --redact); use --client NAME or --therapist NAME',
          kind: 'other-speakers',
        },
      ],
    },
    { name: 'an interpreter with one turn', text: 'Therapist: Hello.\nClient: Hi.\nInterpreter: She says hi.\nTherapist: Go on.\nClient: Fine.\n', warnings: [] },
  ])('role warnings: $name', async ({ text, warnings }) => {
    expect((await readTranscriptFile(write('roles.txt', text), options())).warnings).toEqual(warnings);
  });

  test('--therapist names decide the roles', async () => {
    const path = write('named.txt', 'Dr. Lee: Hello.\nSam: Hi.\n');
    const result = await readTranscriptFile(path, { ...options(), roles: { therapist: ['Dr. Lee'], client: [] } });
    expect(result.warnings).toEqual([]);
    expect(result.transcripts[0]?.turns.map((t) => t.role)).toEqual(['therapist', 'client']);
  });

  test('several YAML documents without ids get #2, #3', async () => {
    const path = write('multi.yaml', '- {speaker: T, text: One.}\n---\n- {speaker: T, text: Two.}\n');
    const result = await readTranscriptFile(path, options());
    expect(result.transcripts.map((t) => [t.id, t.format, t.line])).toEqual([
      ['multi', 'yaml', 1],
      ['multi#2', 'yaml', 3],
    ]);
  });

  const hostile: { name: string; file: string; content: string | Uint8Array; max?: number; problem: { line?: number; message: string; redactedMessage?: string } }[] = [
    { name: 'empty file', file: 'empty.txt', content: '', problem: { message: 'empty file' } },
    { name: 'whitespace only', file: 'blank.yaml', content: '\n \n', problem: { message: 'empty file' } },
    { name: 'binary', file: 'photo.txt', content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x0d]), problem: { message: 'binary file (contains NUL bytes); expected UTF-8 or UTF-16 text' } },
    { name: 'malformed YAML', file: 'bad.yaml', content: 'turns:\n  - speaker: T\n   text: [x\n', problem: { line: 3, message: expect.stringMatching(/^invalid YAML: /) as unknown as string, redactedMessage: expect.stringMatching(/^invalid YAML: /) as unknown as string } },
    { name: 'wrong shape', file: 'shape.yaml', content: 'turns: 3\n', problem: { line: 1, message: '`turns` must be a list (got a number)' } },
    { name: 'text before a label', file: 'pre.txt', content: 'Notes\nT: Hi.\n', problem: { line: 1, message: 'text before the first `Speaker:` label' } },
    { name: 'alias bomb', file: 'bomb.yaml', content: aliasBomb(), problem: { line: 1, message: 'too many alias expansions (more than 100; an alias bomb?)' } },
    { name: 'deep nesting', file: 'deep.json', content: `${'['.repeat(200_000)}${']'.repeat(200_000)}`, problem: { line: 1, message: 'nesting deeper than 64 levels' } },
    { name: 'a line of several MB without a label', file: 'long.txt', content: 'x'.repeat(5_000_000), problem: { message: expect.stringMatching(/^no speaker labels found; expected lines like /) as unknown as string } },
    { name: 'over the size limit', file: 'big.txt', content: `T: ${'x'.repeat(2000)}\n`, max: 1024, problem: { message: 'file is too large (2.0 KiB, limit 1.0 KiB)' } },
  ];
  // A hang would fail on the test timeout; speed itself is measured by `npm run bench`.
  test.each(hostile)('$name → one-line problem', async ({ file, content, max, problem }) => {
    const path = write(file, content);
    const result = await readTranscriptFile(path, { ...options(), maxBytes: max ?? DEFAULT_MAX_BYTES });
    expect(result).toEqual({ transcripts: [], problems: [{ file, ...problem }], warnings: [] });
  });

  test('a missing file → problem', async () => {
    expect(await readTranscriptFile(join(dir, 'gone.txt'), options())).toEqual({
      transcripts: [],
      problems: [{ file: 'gone.txt', message: 'no such file or directory' }],
      warnings: [],
    });
  });

  test('a directory → problem', async () => {
    expect((await readTranscriptFile(join(dir, 'sessions'), options())).problems).toEqual([{ file: 'sessions', message: 'not a regular file' }]);
  });

  test.skipIf(process.getuid?.() === 0)('an unreadable file → problem (skipped as root: chmod does not block root)', async () => {
    const path = write('locked.txt', 'T: Hi.\n');
    chmodSync(path, 0o000);
    expect((await readTranscriptFile(path, options())).problems).toEqual([{ file: 'locked.txt', message: 'permission denied' }]);
  });
});

describe('readTranscriptText', () => {
  test('sniffs the format of stdin', async () => {
    const result = await readTranscriptText('\ufeffsession: piped\nturns:\n  - {speaker: Therapist, text: Hi.}\n', '-', options());
    expect(result.transcripts.map((t) => [t.id, t.path, t.format])).toEqual([['piped', '-', 'yaml']]);
  });

  test('plain text from stdin', async () => {
    const result = await readTranscriptText('Therapist: Hi.\r\nClient: Hello.\r\n', '-', options());
    expect(result.transcripts[0]).toMatchObject({ id: '-', format: 'text', turns: [{ text: 'Hi.' }, { text: 'Hello.' }] });
  });

  test('empty stdin → problem', async () => {
    expect((await readTranscriptText('', '-', options())).problems).toEqual([{ file: '-', message: 'empty file' }]);
  });
});

test.each([
  ['/a/b/c.txt', '/a', 'b/c.txt'],
  ['/a', '/a', '.'],
  ['/x/c.txt', '/a', '../x/c.txt'],
])('toDisplayPath(%s, %s) → %s', (path, cwd, expected) => {
  expect(toDisplayPath(path, cwd)).toBe(expected);
});

test.each([
  [{ code: 'ENOENT' }, 'no such file or directory'],
  [{ code: 'EACCES' }, 'permission denied'],
  [{ code: 'EPERM' }, 'permission denied'],
  // `audit notes.txt/x.txt` said "cannot read file (ENOTDIR)".
  [{ code: 'ENOTDIR' }, 'no such file or directory (a parent path is a file)'],
  [{ code: 'EIO' }, 'cannot read file (EIO)'],
  // `audit <a name of 300 characters>` said "cannot read file (ENAMETOOLONG)".
  [{ code: 'ENAMETOOLONG' }, 'file name too long'],
  [{ code: 'ERR_INVALID_ARG_VALUE' }, 'a file name cannot hold a NUL character'],
  [new Error('boom'), 'cannot read file (Error: boom)'],
])('describeFsError(%o) → %s', (error, expected) => {
  expect(describeFsError(error)).toBe(expected);
});
