import { describe, expect, test } from 'vitest';
import { formatJson } from '../../src/format/json.js';
import { formatJsonl } from '../../src/format/jsonl.js';
import { parseJsonTranscript } from '../../src/ingest/parse-json.js';
import { parseJsonlTranscript } from '../../src/ingest/parse-jsonl.js';
import { recogniseOwnOutput } from '../../src/ingest/own-outputs.js';
import { buildReport } from '../fixtures/format/report.js';

const ADVICE = 'not a transcript: move it out of the audited folders, or leave it out with --ignore';

// A report left in an audited folder by an earlier run was refused as a transcript "missing `turns:`".
describe("reassure's own outputs among the transcripts", () => {
  test('a JSON report is named as one', () => {
    expect(parseJsonTranscript(formatJson(buildReport()))).toEqual({ ok: false, error: { message: `a reassure report, ${ADVICE}`, line: 1 } });
  });

  test('a JSON Lines report is named as one, at its first line', () => {
    expect(parseJsonlTranscript(formatJsonl(buildReport()))).toEqual({ ok: false, error: { message: `a reassure report, ${ADVICE}`, line: 1 } });
  });

  test('a model file is named as one', () => {
    expect(recogniseOwnOutput({ format: 'reassure-model', version: 1 })).toBe('a reassure model file');
  });

  test.each([
    [{ turns: [{ speaker: 'T', text: 'Hi.' }] }],
    [{ schemaVersion: 1, tool: { name: 'other' }, turns: [] }],
    [[{ speaker: 'T', text: 'Hi.' }]],
    ['text'],
  ])('a transcript, or anyone else\'s JSON, is not one of them: %j', (value) => {
    expect(recogniseOwnOutput(value)).toBeUndefined();
  });
});
