#!/usr/bin/env node
// Would looser rules do better on conversations they were not written from? A measurement,
// not part of reassure. On unseen folds the bundled rules are precise and miss much (sealed
// education: precision 0.86, recall 0.32), which suggests trading precision for recall. Adding
// predictions raises F1 only when their own precision exceeds F1 / 2, so for each id this
// takes one broad cue (the id's everyday vocabulary, written from the codebook), finds the
// therapist turns the rules leave unflagged that hold it in a statement (not a question), and
// prints how many there are, how many of them the coders labelled with the id, that
// precision against F1 / 2, and the F1 the id would have with the cue added.
//
// Run after `npm run build`: `node scripts/experiments/loosening.js readable proxy sealed`
// (folds as in scripts/dev-folds.js). Only aggregate counts are printed, so a sealed fold may
// be measured; the cues were fixed before it was, and a cue is kept only when the folds a
// rule author may use (readable, proxy) say so.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** One broad cue per id: its everyday vocabulary, as a trainer would first write it. */
const CUES = [
  ['empathy', /\b(?:sorry|sounds|must|understand|hard|difficult|tough|frustrat\w+|sad|painful|scary|stressful|overwhelm\w*|i can (?:see|imagine|tell|hear)|i feel)\b/i],
  ['positive-self-talk', /\b(?:strong|strength|brave|courage\w*|proud|capable|good (?:job|work)|well done|great job|amazing|smart|you (?:can|did|have|managed|made))\b/i],
  ['support-encouragement', /\b(?:here for you|good luck|hope|wish|you can do|believe in you|proud|keep (?:going|it up|up)|glad|happy to|welcome|thank|thanks|take care|stay strong|got this|together)\b/i],
  ['normalizing', /\b(?:normal|common|natural|understandable|not alone|many people|a lot of people|lots of people|everyone|everybody|anyone|most people|me too|same here|i'?ve been there|i have been there|i went through|happened to me|i'?ve had|i have had|i also)\b/i],
  ['education', /\b(?:helps?|helped|helpful|beneficial|good for|great for|a (?:good|great) way)\b/i],
  ['education', /\b(?:can|could|may|might|tends? to|often|usually)\b/i],
  ['invalidation', /^\W*(?:just|you (?:just )?(?:need|have|got) to|you must|you should|stop|quit|don'?t|do not|never)\b/i],
];

/** Statements of a turn: its sentences that do not end in a question mark. */
function statementsOf(text) {
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => !sentence.trim().endsWith('?'));
}

/** The fold's transcripts, their labelled therapist turns and the rules' findings. */
function loadFold(fold) {
  const files = execFileSync('node', ['scripts/dev-folds.js', fold], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
  // `audit` exits 1 when it finds pitfalls; 2 means it could not run.
  const audit = spawnSync('node', ['bin/reassure.js', 'audit', '--format', 'json', ...files], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (audit.status !== 0 && audit.status !== 1) throw new Error(`audit failed: ${audit.stderr}`);
  const report = JSON.parse(audit.stdout);
  const flagged = new Map(report.sessions.map((session) => [session.file, session.findings]));
  return files.flatMap((file) => {
    const findings = flagged.get(file) ?? [];
    return parse(readFileSync(path.join(root, file), 'utf8'))
      .turns.map((turn, index) => ({ turn, number: index + 1 }))
      .filter(({ turn }) => turn.speaker === 'Therapist')
      .map(({ turn, number }) => ({
        text: String(turn.text ?? ''),
        labels: new Set(turn.labels ?? []),
        found: new Set(findings.filter((f) => f.scope === 'turn' && f.turn === number).map((f) => f.rule)),
      }));
  });
}

const f1 = (tp, fp, fn) => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));

function measureCue(turns, id, cue) {
  let tp = 0, fp = 0, fn = 0, added = 0, addedGold = 0;
  for (const { text, labels, found } of turns) {
    const gold = labels.has(id);
    if (found.has(id)) {
      if (gold) tp += 1;
      else fp += 1;
      continue;
    }
    if (gold) fn += 1;
    if (statementsOf(text).some((sentence) => cue.test(sentence))) {
      added += 1;
      if (gold) addedGold += 1;
    }
  }
  const before = f1(tp, fp, fn);
  const after = f1(tp + addedGold, fp + added - addedGold, fn - addedGold);
  return { before, added, addedGold, precision: added ? addedGold / added : 0, after, misses: fn };
}

const folds = process.argv.slice(2).length ? process.argv.slice(2) : ['readable', 'proxy'];
const rows = [['fold', 'id', 'cue', 'F1', 'F1/2', 'added', 'labelled', 'precision', 'misses', 'F1 with cue']];
for (const fold of folds) {
  const turns = loadFold(fold);
  CUES.forEach(([id, cue], index) => {
    const m = measureCue(turns, id, cue);
    rows.push([fold, id, String(index + 1), m.before.toFixed(2), (m.before / 2).toFixed(2), String(m.added), String(m.addedGold),
      m.precision.toFixed(2), String(m.misses), m.after.toFixed(2)]);
  });
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
for (const row of rows) console.log(row.map((cell, column) => (column < 3 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  '));
