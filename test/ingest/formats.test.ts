import { expect, test } from 'vitest';
import { chooseFormat, chooseParser, TRANSCRIPT_EXTENSIONS } from '../../src/ingest/formats.js';

test.each([
  { path: 'a.yaml', text: 'Therapist: Hi.', expected: 'yaml' },
  { path: 'a.YML', text: '', expected: 'yaml' },
  { path: 'a.txt', text: 'Therapist: Hi.', expected: 'text' },
  { path: 'notes', text: 'session: x\nturns: []\n', expected: 'yaml' },
  { path: '-', text: '- speaker: T\n  text: Hi.\n', expected: 'yaml' },
  { path: '-', text: 'Therapist: Hi.\n', expected: 'text' },
  { path: 'a.log', text: 'Therapist: Hi.\n', expected: 'text' },
  { path: 'a.txt', text: 'WEBVTT\n\n00:01.000 --> 00:02.000\nT: Hi\n', expected: 'vtt' },
  { path: 'a.vtt', text: 'Therapist: Hi.\n', expected: 'vtt' },
  { path: 'export', text: '1\n00:00:01,000 --> 00:00:02,000\nT: Hi\n', expected: 'srt' },
  { path: '-', text: '{"turns": []}', expected: 'json' },
  { path: '-', text: '{"speaker": "T", "text": "Hi"}\n{"speaker": "C", "text": "Yo"}\n', expected: 'jsonl' },
  { path: '-', text: 'Speaker,Text\nT,Hi\n', expected: 'csv' },
  // Header names the CSV parser knows but the content sniff did not: read as plain text and refused.
  { path: '-', text: 'Participant,Transcript\nT,Hi\n', expected: 'csv' },
  { path: 'a.txt', text: 'Interlocutor\tUtterance\nT\tHi\n', expected: 'csv' },
  { path: '-', text: 'Name, Message\nT, Hi\n', expected: 'csv' },
  { path: '-', text: 'Therapist: my name, and the message\n', expected: 'text' },
  { path: 'a.TSV', text: '', expected: 'csv' },
  { path: 'a.ndjson', text: '', expected: 'jsonl' },
  { path: 'a.txt', text: '[00:01] Therapist: Hi.\n', expected: 'text' },
])('$path → $expected', async ({ path, text, expected }) => {
  expect(chooseFormat(path, text)).toBe(expected);
  expect((await chooseParser(path, text)).name).toBe(expected);
});

test('every extension is lower case with a dot', () => {
  for (const extension of TRANSCRIPT_EXTENSIONS) expect(extension).toMatch(/^\.[a-z0-9]+$/);
});

// Standard input (or a .txt) with the header --columns names was read as plain text: "no `Speaker: text` lines found".
test.each([
  { path: '-', text: 'Who,Said\nT,Hi\n', columns: { speaker: 'Who', text: 'Said' }, expected: 'csv' },
  { path: 'a.txt', text: '"Who"\t"Said"\nT\tHi\n', columns: { speaker: 'who', text: 'said' }, expected: 'csv' },
  { path: '-', text: 'Time,Who,Said\n1,T,Hi\n', columns: { speaker: 'Who' }, expected: 'csv' },
  { path: '-', text: 'Who,Said\nT,Hi\n', columns: undefined, expected: 'text' },
  { path: '-', text: 'Who: Said\nT: Hi\n', columns: { speaker: 'Who', text: 'Said' }, expected: 'text' },
  { path: '-', text: 'Name,Notes\nT,Hi\n', columns: { speaker: 'Who', text: 'Said' }, expected: 'text' },
])('$path with --columns $columns → $expected', ({ path, text, columns, expected }) => {
  expect(chooseFormat(path, text, columns)).toBe(expected);
});
