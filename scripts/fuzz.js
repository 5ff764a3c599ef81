#!/usr/bin/env node
// A longer sweep of the property tests of rule and config files, rule phrases, reports read back,
// command-line flags and transcripts in every format and encoding, as files and on standard
// input (test/cli/*-properties.test.ts), transcript metadata keys, config session dates and
// diff's pairing of sessions that share an id, which `npm test` runs seeded and
// briefly. Not part of `npm test`:
//   npm run fuzz -- [--runs N] [--seed S]     (default: 2000 runs each, the tests' own seed)
// A failure prints fast-check's counterexample and the seed and path that repeat it.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const FILES = [
  'test/cli/rule-file-properties.test.ts',
  // Rule phrases drawn from the phrase syntax itself: braces, frames, @ and # slots, *, =.
  'test/rules/phrase-properties.test.ts',
  'test/cli/report-properties.test.ts',
  'test/cli/flag-properties.test.ts',
  'test/cli/input-properties.test.ts',
  // Metadata keys that name Object's properties, config session dates, diff pairing of shared ids.
  'test/ingest/meta-properties.test.ts',
  'test/config/session-date-properties.test.ts',
  'test/diff/pairing-properties.test.ts',
];

function readFlag(name, fallback) {
  const index = process.argv.indexOf(name);
  if (index === -1) return fallback;
  const value = process.argv[index + 1];
  if (value === undefined || !/^\d+$/.test(value)) {
    console.error(`${name}: got ${JSON.stringify(value ?? '')}, expected a whole number`);
    process.exit(2);
  }
  return value;
}

const env = { ...process.env, REASSURE_FUZZ_RUNS: readFlag('--runs', '2000') };
const seed = readFlag('--seed', undefined);
if (seed !== undefined) env.REASSURE_FUZZ_SEED = seed;
console.log(`fuzz: ${env.REASSURE_FUZZ_RUNS} runs per property${seed === undefined ? '' : `, seed ${seed}`}`);
const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const result = spawnSync(process.execPath, [vitest, 'run', ...FILES], { cwd: root, env, stdio: 'inherit' });
process.exit(result.status ?? 2);
