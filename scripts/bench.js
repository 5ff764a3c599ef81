#!/usr/bin/env node
// `npm run bench`: generates a synthetic corpus (our own sentences, recombined) under .bench/
// and measures `audit` on it: turns per second, MB per second, peak memory. With the shared
// corpus beside the repository (../shared/data/corpus) it measures that realistic text too.
// Options: --sessions N (default 5000), --turns N per session (default 40).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { audit } from '../dist/audit.js';
import { loadRuleSet } from '../dist/rules/compile.js';
import { DEFAULT_RULES_PATH } from '../dist/rules/load.js';
import { DEFAULT_MAX_BYTES } from '../dist/ingest/read.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const argValue = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : Number(process.argv[index + 1]);
};
const SESSIONS = argValue('--sessions', 5000);
const TURNS = argValue('--turns', 40);

const CLIENT = [
  "I don't know, it's been a hard week. Work keeps piling up and I can't sleep.",
  'Are you sure I will be okay? What if it happens again on the train?',
  "I'm useless, I ruin everything I touch.",
  'My dad died last spring and I still can’t talk about it.',
  'Yeah. Mm-hmm. I guess so.',
  'I tried the breathing thing twice and it sort of helped, maybe.',
  'Everyone at school seems to cope better than me.',
];
const THERAPIST = [
  "It sounds like you've been carrying a lot on your own.",
  'That must have been frightening.',
  "Many people feel this way before exams; you're not alone in this.",
  'Panic attacks peak within about ten minutes and then pass.',
  "Don't worry about it, it's not a big deal.",
  'Everything will be fine, I promise.',
  'What would you say to a friend who told you this?',
  "I can't promise it will all be fine, but we can plan for it together.",
  'Can you tell me more about what happened after that?',
  'Let’s not dwell on that. How is work going?',
  'Okay. Mm-hmm.',
];

function pick(list, n) {
  return list[n % list.length];
}

function generateCorpus(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (let s = 0; s < SESSIONS; s++) {
    const lines = [];
    for (let t = 0; t < TURNS; t++) {
      const therapist = t % 2 === 1;
      const text = therapist ? pick(THERAPIST, s * 7 + t * 3) : pick(CLIENT, s * 5 + t);
      lines.push(`${therapist ? 'Therapist' : 'Client'}: ${text}`);
    }
    const body = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(body);
    writeFileSync(path.join(dir, `session-${String(s).padStart(5, '0')}.txt`), body);
  }
  return bytes;
}

function folderBytes(dir) {
  return readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);
}

async function measure(label, dir, bytes) {
  const loaded = loadRuleSet(DEFAULT_RULES_PATH, root);
  if (!loaded.ok) throw new Error('bundled rules did not load');
  const started = process.hrtime.bigint();
  const report = await audit({
    inputs: [dir],
    cwd: root,
    ruleSet: loaded.ruleSet,
    roles: { therapist: [], client: [] },
    failLevel: 'warning',
    maxBytes: DEFAULT_MAX_BYTES,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const turns = report.totals.turns;
  const mb = bytes / 1024 / 1024;
  console.log(`${label}`);
  console.log(`  sessions ${report.totals.sessions}, turns ${turns} (therapist ${report.totals.therapistTurns}), ${mb.toFixed(1)} MB, findings ${report.totals.findings}, problems ${report.problems.length}`);
  console.log(`  time ${seconds.toFixed(2)} s: ${Math.round(turns / seconds)} turns/s, ${(mb / seconds).toFixed(2)} MB/s`);
}

const corpus = path.join(root, '.bench', 'corpus');
const bytes = generateCorpus(corpus);
console.log(`node ${process.version}, ${SESSIONS} synthetic sessions of ${TURNS} turns in ${path.relative(root, corpus)}`);
await measure('synthetic corpus', corpus, bytes);
const shared = path.resolve(root, '..', 'shared', 'data', 'corpus');
if (existsSync(shared)) await measure('shared corpus (real conversations)', shared, folderBytes(shared));
console.log(`peak memory (max RSS of this process): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
