import { describe, expect, test } from 'vitest';
import { readStdinSessions } from '../../src/ingest/read-lines.js';
import { DEFAULT_MAX_BYTES, readTranscriptText, type ReadResult } from '../../src/ingest/read.js';
import { NO_ROLE_OPTIONS } from '../../src/ingest/speakers.js';

const OPTIONS = { cwd: '/', roles: NO_ROLE_OPTIONS, maxBytes: DEFAULT_MAX_BYTES };

/** Every result the reader yields for `chunks`. */
async function readAll(chunks: (string | Uint8Array)[], maxBytes = DEFAULT_MAX_BYTES): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of readStdinSessions(toStream(chunks), '-', { ...OPTIONS, maxBytes })) results.push(result);
  return results;
}

async function* toStream(chunks: (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  yield* chunks;
}

/** All results as one, as `readTranscriptText` would return them. */
function join(results: ReadResult[]): ReadResult {
  return {
    transcripts: results.flatMap((result) => result.transcripts),
    problems: results.flatMap((result) => result.problems),
    warnings: results.flatMap((result) => result.warnings),
  };
}

const TURN_LINES = [
  '{"session": "s1", "speaker": "Client", "text": "My sister moved to Tarnwell."}',
  '{"session": "s1", "speaker": "Therapist", "text": "That sounds like a big change."}',
  '',
  '{"session": "s2", "speaker": "Client", "text": "I keep thinking about the oven."}',
  '{"speaker": "Therapist", "text": "It makes sense that it worries you."}',
].join('\r\n');

describe('reading standard input session by session', () => {
  test('JSON Lines turns: the sessions, lines and columns the whole-text reader gives, one result per session', async () => {
    const results = await readAll([TURN_LINES.slice(0, 70), TURN_LINES.slice(70), '\n']);
    expect(results.map((result) => result.transcripts.map((t) => t.id))).toEqual([['s1'], ['s2']]);
    expect(join(results)).toEqual(await readTranscriptText(`${TURN_LINES}\n`, '-', OPTIONS));
  });

  test('a whole session on one line is read as JSON, at its own line', async () => {
    const session = JSON.stringify({ session: 'whole', turns: [{ speaker: 'Therapist', text: 'How was the week?' }] });
    const [first, second] = await readAll([`${TURN_LINES.split('\r\n')[0] ?? ''}\n`, `${session}\n`]);
    expect([first?.transcripts[0]?.id, second?.transcripts.map((t) => [t.id, t.format, t.line, t.turns[0]?.line])]).toEqual(['s1', [['whole', 'json', 2, 2]]]);
  });

  test('a line that is not JSON is a problem at its line; the sessions around it are read', async () => {
    const results = await readAll(['{"session": "a", "speaker": "Therapist", "text": "Hello."}\n', '{oops\n', '{"session": "b", "speaker": "Therapist", "text": "Hi."}\n']);
    const joined = join(results);
    expect([joined.transcripts.map((t) => t.id), joined.problems.map((p) => [p.file, p.line])]).toEqual([['a', 'b'], [['-', 2]]]);
  });

  test('a session over the size limit is one problem and its lines are skipped', async () => {
    const line = (text: string): string => `${JSON.stringify({ session: 'big', speaker: 'Client', text })}\n`;
    const joined = join(await readAll([line('a'.repeat(30)), line('b'.repeat(30)), '{"session": "ok", "speaker": "Therapist", "text": "Hi."}\n'], 100));
    expect([joined.transcripts.map((t) => t.id), joined.problems]).toEqual([['ok'], [{ file: '-', line: 2, message: 'session big is too large (over 100 bytes); its other lines are skipped' }]]);
  });

  test.each([
    ['plain text', 'Therapist: Hi.\r\nClient: Hello.\r\n'],
    ['YAML', '\ufeffsession: piped\nturns:\n  - {speaker: Therapist, text: Hi.}\n'],
    ['a pretty-printed JSON transcript', '{\n  "turns": [{"speaker": "Therapist", "text": "Hi."}]\n}\n'],
  ])('%s is read whole, as before', async (_name, text) => {
    expect(join(await readAll([text]))).toEqual(await readTranscriptText(text, '-', OPTIONS));
  });

  test.each([
    ['nothing', []],
    ['blank lines', ['\n', ' \r\n\n']],
  ])('%s: no session and a warning, not a problem (an empty shard of a streaming job)', async (_name, chunks) => {
    expect(await readAll(chunks)).toEqual([{ transcripts: [], problems: [], warnings: [{ file: '-', message: 'standard input is empty: no session to audit', kind: 'empty-input' }] }]);
  });

  // Standard input was decoded as UTF-8 whatever it held, where a file is decoded by its bytes:
  // UTF-16 was "no speaker labels found", Windows-1252 lost its accents to U+FFFD without a
  // word, and NUL bytes were read as text.
  describe("bytes are decoded as a file's are", () => {
    const text = 'Client: The caf\u00e9 closed.\nTherapist: That sounds hard.\n';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    test.each([
      ['UTF-16 with a byte order mark', utf16],
      ['Windows-1252', Buffer.from(text, 'latin1')],
    ])('%s: the turns as written, split across chunks', async (_name, bytes) => {
      const joined = join(await readAll([bytes.subarray(0, 7), bytes.subarray(7)]));
      expect([joined.problems, joined.transcripts.map((t) => t.turns.map((turn) => turn.text))]).toEqual([[], [['The caf\u00e9 closed.', 'That sounds hard.']]]);
    });

    test('Windows-1252 is read with the warning a file gets', async () => {
      expect(join(await readAll([Buffer.from(text, 'latin1')])).warnings).toEqual([{ file: '-', message: 'not valid UTF-8; read as Windows-1252', kind: 'windows-1252' }]);
    });

    test('NUL bytes are a binary input, as in a file', async () => {
      const joined = join(await readAll([Buffer.from('Client: hi\u0000\nTherapist: sounds\u0000 hard\n')]));
      expect([joined.transcripts, joined.problems]).toEqual([[], [{ file: '-', message: 'binary file (contains NUL bytes); expected UTF-8 or UTF-16 text' }]]);
    });
  });
});

describe('standard input that cannot be read', () => {
  const failing = (chunks: string[], code: string) =>
    (async function* (): AsyncGenerator<string> {
      yield* chunks;
      throw Object.assign(new Error(`${code}: read`), { code });
    })();

  // A directory given as standard input (`< dir`) threw past the reader: a stack trace.
  test('a read error at the start is one problem on `-`, not an empty input', async () => {
    const results: ReadResult[] = [];
    for await (const result of readStdinSessions(failing([], 'EISDIR'), '-', OPTIONS)) results.push(result);
    expect(results).toEqual([{ transcripts: [], problems: [{ file: '-', message: 'cannot read standard input: is a directory, not a file' }], warnings: [] }]);
  });

  test('sessions complete before a read error are kept; the one cut short is not', async () => {
    const results: ReadResult[] = [];
    for await (const result of readStdinSessions(failing([`${TURN_LINES}
`], 'EIO'), '-', OPTIONS)) results.push(result);
    expect(results.map((result) => [result.transcripts.map((t) => t.id), result.problems])).toEqual([
      [['s1'], []],
      [[], [{ file: '-', message: 'cannot read standard input: EIO' }]],
    ]);
  });
});
