import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { mergeSameSpeaker } from '../../src/ingest/assemble.js';
import { chooseParser } from '../../src/ingest/formats.js';

const fixtures = new URL('../fixtures/ingest/', import.meta.url);

async function turnsOf(name: string): Promise<[string, string][]> {
  const parser = await chooseParser(name, '');
  const result = parser.parse(readFileSync(new URL(name, fixtures), 'utf8'), name);
  if (!result.ok) throw new Error(`${name}:${result.error.line ?? ''}: ${result.error.message}`);
  return mergeSameSpeaker(result.transcripts[0]?.turns ?? []).map((turn) => [turn.speaker, turn.text]);
}

test.each(['intake.txt', 'intake.vtt', 'intake.srt', 'intake.csv', 'intake.json', 'intake.jsonl'])(
  '%s has the same speakers and texts as intake.yaml',
  async (name) => {
    expect(await turnsOf(name)).toEqual(await turnsOf('intake.yaml'));
  },
);
