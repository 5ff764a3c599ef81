import { describe, expect, test } from 'vitest';
import { findJsonErrorOffset, parseJsonTranscript } from '../../src/ingest/parse-json.js';
import { parseJsonlTranscript } from '../../src/ingest/parse-jsonl.js';

describe('parseJsonTranscript', () => {
  test('an object with turns, with positions from the source', () => {
    const text = '{\n  "session": "s1",\n  "turns": [\n    {"speaker": "Therapist", "text": "Hello there.", "mood": 3}\n  ]\n}\n';
    expect(parseJsonTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        {
          id: 's1',
          meta: {},
          metaLines: {},
          line: 1,
          turns: [{ speaker: 'Therapist', text: 'Hello there.', line: 4, extra: { mood: 3 }, segments: [{ offset: 0, line: 4, column: 39 }] }],
        },
      ],
    });
  });

  test('an array of sessions', () => {
    const result = parseJsonTranscript('[{"session": "a", "turns": []}, {"session": "b", "turns": [{"speaker": "T", "text": "Hi"}]}]');
    expect(result.ok && result.transcripts.map((t) => [t.id, t.turns.length])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  test('a list of sessions, read one by one, keeps every position in the file', () => {
    const text = '[\n  {"session": "a", "turns": [{"speaker": "T", "text": "Hi [x] {y}"}]},\n  {"session": "b",\n   "turns": [\n     {"speaker": "C", "text": "A \\"quoted\\" }"}]}\n]\n';
    expect(parseJsonTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        { id: 'a', meta: {}, metaLines: {}, line: 2, turns: [{ speaker: 'T', text: 'Hi [x] {y}', line: 2, segments: [{ offset: 0, line: 2, column: 56 }] }] },
        { id: 'b', meta: {}, metaLines: {}, line: 3, turns: [{ speaker: 'C', text: 'A "quoted" }', line: 5, segments: [{ offset: 0, line: 5, column: 32 }] }] },
      ],
    });
  });

  test.each([
    { text: '{"turns": [\n  {"speaker": "T", "text": "Hi"},\n]}', error: { message: 'invalid JSON: unexpected character "]" at column 1', redactedMessage: 'invalid JSON: unexpected character at column 1 (left out by --redact)', line: 3 } },
    { text: '{"turns": [\n  {"speaker": "T", "text": "Hi"', error: { message: 'invalid JSON: unexpected end of input at column 32', line: 2 } },
    { text: '{"turns": {"speaker": "T"}}', error: { message: '`turns` must be a list (got a mapping)', line: 1 } },
    { text: '[{"speaker": "T", "text": 5}]', error: { message: 'turn 1 has no `text` string (got a number; quote it if it is a number)', line: 1 } },
    { text: `${'['.repeat(5000)}${']'.repeat(5000)}`, error: { message: 'nesting deeper than 64 levels', line: 1 } },
  ])('$text → error', ({ text, error }) => {
    expect(parseJsonTranscript(text)).toEqual({ ok: false, error });
  });
});

test.each([
  ['{"a": [1, 2.5e3, true, null, "x\\n"]}', undefined],
  ['', 0],
  ['{"a" 1}', 5],
  ['[1,]', 3],
  ['{"a": 1', 7],
  ['"\u0001"', 0],
  ['[1] 2', 4],
  [`${'['.repeat(100_000)}`, 100_000],
])('findJsonErrorOffset(%j) → %s', (text, expected) => {
  expect(findJsonErrorOffset(text)).toBe(expected);
});

// JSON has no merge keys: a key "<<" is a key like any other, kept with the turn.
test.each([
  ['JSON', () => parseJsonTranscript('{"turns": [{"speaker": "T", "text": "Hi", "<<": {"mood": 3}}]}')],
  ['JSON Lines', () => parseJsonlTranscript('{"speaker": "T", "text": "Hi", "<<": {"mood": 3}}\n')],
])('%s: a key "<<" is kept as written', (_format, parse) => {
  const result = parse();
  expect(result.ok && result.transcripts[0]?.turns[0]?.extra).toEqual({ '<<': { mood: 3 } });
});

describe('JSON transcript metadata', () => {
  // A `"__proto__"` object once became the metadata's prototype: its therapist was the session's.
  test.each([
    { name: 'one session', text: '{"session": "s", "__proto__": {"therapist": "Mallory"}, "constructor": "c", "turns": []}' },
    { name: 'a list of sessions', text: '[{"session": "s", "__proto__": {"therapist": "Mallory"}, "constructor": "c", "turns": []}]' },
  ])('$name: `__proto__` and `constructor` are keys of their own', ({ text }) => {
    const result = parseJsonTranscript(text);
    const meta = result.ok ? result.transcripts[0]?.meta : undefined;
    expect(meta === undefined ? undefined : Object.getPrototypeOf(meta)).toBeNull();
    expect(meta?.therapist).toBeUndefined();
    expect(Object.entries(meta ?? {})).toEqual([
      ['__proto__', { therapist: 'Mallory' }],
      ['constructor', 'c'],
    ]);
  });
});

describe('parseJsonlTranscript', () => {
  test('one turn per line, sessions split by the session key', () => {
    const text = '{"session": "a", "speaker": "T", "text": "Hi.", "labels": ["empathy"]}\n\n{"session": "b", "speaker": "C", "text": "Say \\"no\\"."}\n';
    expect(parseJsonlTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        { id: 'a', meta: {}, line: 1, turns: [{ speaker: 'T', text: 'Hi.', line: 1, labels: ['empathy'], segments: [{ offset: 0, line: 1, column: 43 }] }] },
        { id: 'b', meta: {}, line: 3, turns: [{ speaker: 'C', text: 'Say "no".', line: 3, segments: [{ offset: 0, line: 3, column: 1 }] }] },
      ],
    });
  });

  // A .jsonl file of whole sessions was refused ("turn 1 has no `speaker`") while the same lines on standard input were read.
  test('a line may hold a whole session, placed at its line (its metadata too); turn lines after it start a new session', () => {
    const whole = JSON.stringify({ session: 'w', therapist: 'Dr. Lee', turns: [{ speaker: 'Dr. Lee', text: 'Hi.' }, { speaker: 'C', text: 'Hello.' }] });
    const result = parseJsonlTranscript(`{"speaker": "T", "text": "Before."}\n${whole}\n\n{"speaker": "T", "text": "After."}\n`);
    expect(result.ok && result.transcripts.map((t) => [t.id, t.line, t.meta, t.metaLines, t.turns.map((turn) => [turn.text, turn.line, turn.segments?.[0]?.line])])).toEqual([
      [undefined, 1, {}, undefined, [['Before.', 1, 1]]],
      ['w', 2, { therapist: 'Dr. Lee' }, { therapist: 2 }, [['Hi.', 2, 2], ['Hello.', 2, 2]]],
      [undefined, 4, {}, undefined, [['After.', 4, 4]]],
    ]);
  });

  test('a whole-session line of the wrong shape is an error at its line', () => {
    expect(parseJsonlTranscript('{"speaker": "T", "text": "Hi"}\n{"session": "w", "turns": [{"speaker": "T"}]}\n')).toEqual({
      ok: false,
      error: { message: 'turn 1 has no `text` string (got nothing; quote it if it is a number)', line: 2 },
    });
  });

  test.each([
    { text: '{"speaker": "T", "text": "Hi"}\n{"speaker": "C", "text": Glimmerwick}\n', error: { message: 'invalid JSON: unexpected character "G" at column 26', redactedMessage: 'invalid JSON: unexpected character at column 26 (left out by --redact)', line: 2 } },
    { text: '{"speaker": "T"}\n', error: { message: 'turn 1 has no `text` string (got nothing; quote it if it is a number)', line: 1 } },
    { text: '["T", "Hi"]\n', error: { message: 'turn 1 must be an object with speaker and text (got a list)', line: 1 } },
    { text: '{"session": [1], "speaker": "T", "text": "Hi"}\n', error: { message: '`session` must be a name', line: 1 } },
    { text: '\n\n', error: { message: 'no turns found (expected one JSON object per line)' } },
  ])('$text → error naming the line', ({ text, error }) => {
    expect(parseJsonlTranscript(text)).toEqual({ ok: false, error });
  });
});
