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
