import { describe, expect, test } from 'vitest';
import { csvParser, parseDelimitedTranscript, tokenizeDelimited } from '../../src/ingest/parse-csv.js';

describe('tokenizeDelimited', () => {
  test('quoted fields with delimiters, doubled quotes and line breaks', () => {
    const result = tokenizeDelimited('a,"b, ""c""\nd",e\r\nf,g,h\n', ',');
    expect(result.ok && result.rows.map((row) => [row.line, row.fields.map((field) => field.text)])).toEqual([
      [1, ['a', 'b, "c"\nd', 'e']],
      [3, ['f', 'g', 'h']],
    ]);
    expect(result.ok && result.rows[0]?.fields[1]?.segments).toEqual([
      { offset: 0, line: 1, column: 4 },
      { offset: 4, line: 1, column: 9 },
      { offset: 6, line: 1, column: 12 },
      { offset: 7, line: 2, column: 1 },
    ]);
  });

  test.each([
    { text: 'a,"b\nc', error: { ok: false, message: 'unterminated quoted field', line: 1 } },
    { text: 'a,"b"c\n', error: { ok: false, message: 'text after a closing quote (quotes inside a quoted field are doubled: "")', line: 1 } },
  ])('$text → error', ({ text, error }) => {
    expect(tokenizeDelimited(text, ',')).toEqual(error);
  });
});

describe('parseDelimitedTranscript', () => {
  test('recognised headers, labels, time, extra columns and sessions', () => {
    const text = 'Session,Role,Message,Timestamp,Labels,Mood\ns1,Therapist,"Hi, welcome.",00:01,"empathy; normalizing",\ns2,Client,Thanks.,,,flat\n';
    expect(parseDelimitedTranscript(text, ',')).toEqual({
      ok: true,
      transcripts: [
        {
          id: 's1',
          meta: {},
          line: 2,
          turns: [
            {
              speaker: 'Therapist',
              text: 'Hi, welcome.',
              line: 2,
              time: '00:01',
              labels: ['empathy', 'normalizing'],
              segments: [{ offset: 0, line: 2, column: 15 }],
            },
          ],
        },
        {
          id: 's2',
          meta: {},
          line: 3,
          turns: [{ speaker: 'Client', text: 'Thanks.', line: 3, extra: { Mood: 'flat' }, segments: [{ offset: 0, line: 3, column: 11 }] }],
        },
      ],
    });
  });

  test('explicit column names', () => {
    const result = parseDelimitedTranscript('who\tsaid\nT\tHello.\n', '\t', { columns: { speaker: 'Who', text: 'said' } });
    expect(result.ok && result.transcripts[0]?.turns.map((t) => [t.speaker, t.text])).toEqual([['T', 'Hello.']]);
  });

  test.each([
    // A file without a header has a transcript row where the header should be: --redact prints the redacted message.
    {
      text: 'who,said\nT,Hi\n',
      options: {},
      error: {
        message: 'cannot find the speaker and text column (headers seen: who, said); name them with --columns speaker=NAME,text=NAME',
        redactedMessage: 'cannot find the speaker and text column (2 headers seen, left out by --redact); name them with --columns speaker=NAME,text=NAME',
        line: 1,
      },
    },
    {
      text: 'speaker,said\nT,Hi\n',
      options: {},
      error: {
        message: 'cannot find the text column (headers seen: speaker, said); name it with --columns text=NAME',
        redactedMessage: 'cannot find the text column (2 headers seen, left out by --redact); name it with --columns text=NAME',
        line: 1,
      },
    },
    { text: 'speaker,text\n', options: {}, error: { message: 'no rows after the header', line: 1 } },
    { text: 'speaker,text\n,Hi\n', options: {}, error: { message: 'row has no speaker (column speaker)', line: 2 } },
    {
      text: 'a,b\n',
      options: { columns: { speaker: 'c' } },
      error: {
        message: 'cannot find the speaker and text column (headers seen: a, b); name them with --columns speaker=NAME,text=NAME',
        redactedMessage: 'cannot find the speaker and text column (2 headers seen, left out by --redact); name them with --columns speaker=NAME,text=NAME',
        line: 1,
      },
    },
    // The words after an unquoted delimiter in the text were dropped without a word.
    { text: 'speaker,text\nT,Hi\nC,I was fine, then not\n', options: {}, error: { message: 'row has 3 fields, the header 2: a "," inside the text? quote the field', line: 3 } },
  ])('$text → error naming the header', ({ text, options, error }) => {
    expect(parseDelimitedTranscript(text, ',', options)).toEqual({ ok: false, error });
  });
});

test.each([
  { file: 'a.tsv', text: 'speaker\ttext\nT,y\tHi, there\n', expected: [['T,y', 'Hi, there']] },
  { file: 'a.csv', text: 'speaker\ttext\nT\tHi\n', expected: [['T', 'Hi']] },
])('csvParser chooses the delimiter for $file', ({ file, text, expected }) => {
  const result = csvParser.parse(text, file);
  expect(result.ok && result.transcripts[0]?.turns.map((t) => [t.speaker, t.text])).toEqual(expected);
});

test.each([
  { name: 'quoted', field: `"${'so, '.repeat(1_500_000)}"` },
  { name: 'unquoted', field: 'x'.repeat(6_000_000) },
])('a $name field of several MB is read without hanging (the test timeout guards it)', ({ field }) => {
  const result = parseDelimitedTranscript(`speaker,text\nClient,${field}\n`, ',');
  expect(result.ok && result.transcripts[0]?.turns[0]?.segments).toEqual([{ offset: 0, line: 2, column: field.startsWith('"') ? 9 : 8 }]);
});
