import { describe, expect, test } from 'vitest';
import { readStdinSessions } from '../../src/ingest/read-lines.js';
import { DEFAULT_MAX_BYTES, readTranscriptText, type ReadResult } from '../../src/ingest/read.js';
import { NO_ROLE_OPTIONS } from '../../src/ingest/speakers.js';

const OPTIONS = { cwd: '/', roles: NO_ROLE_OPTIONS, maxBytes: DEFAULT_MAX_BYTES };

/** Every result the reader yields for `chunks`. */
async function readAll(chunks: string[], maxBytes = DEFAULT_MAX_BYTES): Promise<ReadResult[]> {
  const results: ReadResult[] = [];
  for await (const result of readStdinSessions(toStream(chunks), '-', { ...OPTIONS, maxBytes })) results.push(result);
  return results;
}

async function* toStream(chunks: string[]): AsyncGenerator<string> {
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
});
