#!/usr/bin/env node
// Writes one JSON line per therapist turn of the listed labelled transcripts (its text, the
// client's previous turn, the coder's labels and the bundled rules' findings), for
// word-vectors.py. Usage: node scripts/experiments/word-vectors-export.js LIST_FILE TAG > OUT.jsonl
// (LIST_FILE: one transcript path a line, e.g. from scripts/dev-folds.js). Run `npm run build` first.
import { readFileSync } from 'node:fs';
import { loadRules, parseTranscript } from '../../dist/index.js';
import { collectLabelledTurns } from '../../dist/model/dataset.js';

const [listFile, tag] = process.argv.slice(2);
if (!listFile || !tag) {
  console.error('usage: word-vectors-export.js LIST_FILE TAG');
  process.exit(2);
}
const rules = loadRules('default');
for (const file of readFileSync(listFile, 'utf8').split('\n').filter(Boolean)) {
  const transcript = parseTranscript(readFileSync(file, 'utf8'), { path: file, format: 'yaml' });
  const context = new Map();
  let client = '';
  for (const turn of transcript.turns) {
    if (turn.role === 'client') client = turn.text;
    if (turn.role === 'therapist') context.set(turn.index, { text: turn.text, client });
  }
  for (const turn of collectLabelledTurns([transcript], rules)) {
    const { text, client: clientText } = context.get(turn.turn);
    console.log(JSON.stringify({ tag, session: turn.session, turn: turn.turn, text, client: clientText, labels: turn.labels, rules: turn.rules }));
  }
}
