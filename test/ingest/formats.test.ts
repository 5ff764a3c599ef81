import { expect, test } from 'vitest';
import { chooseParser, TRANSCRIPT_EXTENSIONS } from '../../src/ingest/formats.js';

test.each([
  { path: 'a.yaml', text: 'Therapist: Hi.', expected: 'yaml' },
  { path: 'a.YML', text: '', expected: 'yaml' },
  { path: 'a.txt', text: 'Therapist: Hi.', expected: 'text' },
  { path: 'notes', text: 'session: x\nturns: []\n', expected: 'yaml' },
  { path: '-', text: '- speaker: T\n  text: Hi.\n', expected: 'yaml' },
  { path: '-', text: 'Therapist: Hi.\n', expected: 'text' },
  { path: 'a.log', text: 'Therapist: Hi.\n', expected: 'text' },
])('$path → $expected', ({ path, text, expected }) => {
  expect(chooseParser(path, text).name).toBe(expected);
});

test('every extension is lower case with a dot', () => {
  for (const extension of TRANSCRIPT_EXTENSIONS) expect(extension).toMatch(/^\.[a-z0-9]+$/);
});
