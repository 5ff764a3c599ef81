#!/usr/bin/env node
// Writes transcripts as JSON Lines with a whole session a line (`{"session", "turns"}`), the
// input the Spark and Hadoop Streaming recipes split: `node scripts/recipes/to-jsonl.js
// FILES... > sessions.jsonl` (after `npm run build`). Read with reassure's own parsers.
import { readFileSync } from 'node:fs';
import { parseTranscripts } from '../../dist/index.js';

for (const file of process.argv.slice(2)) {
  for (const transcript of parseTranscripts(readFileSync(file, 'utf8'), { path: file })) {
    const turns = transcript.turns.map((turn) => ({ speaker: turn.speaker, text: turn.text }));
    process.stdout.write(`${JSON.stringify({ session: transcript.id, turns })}\n`);
  }
}
