#!/usr/bin/env node
// `npm run eval:dev`: the three accuracy figures of the README, per rule and macro:
//   in-sample  the four open folds of the development set (../shared/data/dev, or REASSURE_DEV_DATA);
//   sealed     its sealed fold (scripts/sealed-fold.js), never read while writing rules;
//   silver     a second coder's labels of corpus conversations no rule author read
//              (../shared/data/silver/hold, or REASSURE_SILVER_DATA), when present;
//   blind      the blind-written synthetic set in test/fixtures/holdout/blind;
// each with 95% bootstrap intervals, then a side-by-side summary. Extra arguments go to the
// open-fold run (e.g. --misses empathy, --details, --redact); the sealed and blind runs take
// only --rules/-r, --baseline and --config/--no-config, so no transcript text of the sealed
// fold or the silver hold-out is ever printed. `--baseline OLD_RULES` compares every set with another rule file.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';
import { formatEvaluationComparison } from '../dist/eval/format-eval.js';
import { SEALED } from './sealed-fold.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.env.REASSURE_DEV_DATA ?? path.resolve(root, '..', 'shared', 'data', 'dev');
const silver = process.env.REASSURE_SILVER_DATA ?? path.resolve(root, '..', 'shared', 'data', 'silver', 'hold');
const blind = path.join(root, 'test', 'fixtures', 'holdout', 'blind');
const fold = `${SEALED.index}/${SEALED.of}`;
const args = process.argv.slice(2);
const safe = pickRuleArgs(args);

const sets = [
  { name: 'open', scores: ['f1'], title: `In-sample: the open folds of the development set (--except-fold ${fold})`, base: [dev, '--except-fold', fold], extra: args },
  { name: 'sealed', scores: ['precision', 'recall', 'f1'], title: `Sealed fold (--fold ${fold}): measured, never read`, base: [dev, '--fold', fold], extra: safe },
  { name: 'silver', scores: ['precision', 'recall', 'f1'], title: "Second coder's hold-out (silver/hold): measured, never read", base: [silver], extra: safe },
  { name: 'blind', scores: ['f1'], title: 'Blind-written synthetic set (test/fixtures/holdout/blind)', base: [blind], extra: safe },
];
const present = { open: existsSync(dev), sealed: existsSync(dev), silver: existsSync(silver), blind: true };
const measured = sets.filter((set) => present[set.name]);
if (!present.open) console.log(`eval:dev: no development set at ${dev} (set REASSURE_DEV_DATA to point at one); not measuring its folds.`);
if (!present.silver) console.log(`eval:dev: no second coder's hold-out at ${silver} (set REASSURE_SILVER_DATA to point at one); not measuring it.`);

let exitCode = 0;
const compared = [];
for (const set of measured) {
  console.log(`\n== ${set.title} ==\n`);
  const code = await run([...set.base, '--intervals', ...set.extra], process.stdout, process.stderr);
  exitCode = Math.max(exitCode, code);
  if (code === 2) break;
  // The numbers again, as JSON, for the summary (warnings were printed by the run above).
  const json = capture();
  await run([...set.base, ...safe, '--format', 'json'], json, capture());
  const body = JSON.parse(json.text);
  compared.push({ name: set.name, scores: set.scores, evaluation: { rows: body.rules, averages: body.averages } });
}
if (exitCode !== 2) {
  console.log(`\n== Summary (${new Date().toISOString().slice(0, 10)}) ==\n`);
  process.stdout.write(formatEvaluationComparison(compared));
}
process.exitCode = exitCode;

function run(argv, stdout, stderr) {
  return main({ argv: ['eval', ...argv], cwd: root, stdout, stderr, env: process.env });
}

function capture() {
  const sink = { text: '', write: (chunk) => (sink.text += chunk) };
  return sink;
}

// Only the flags that choose the rules: nothing that lists turns or changes the output.
function pickRuleArgs(argv) {
  const picked = [];
  argv.forEach((arg, i) => {
    if (arg === '--no-config' || /^--(rules|config|baseline)=/.test(arg)) picked.push(arg);
    else if (['--rules', '-r', '--config', '--baseline'].includes(arg) && argv[i + 1] !== undefined) picked.push(arg, argv[i + 1]);
  });
  return picked;
}
