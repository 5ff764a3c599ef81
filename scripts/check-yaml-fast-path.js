#!/usr/bin/env node
// Runs the YAML fast path and the full parser over directories of transcripts (default: the
// shared corpus and the open dev files) and reports how many files the fast path takes and
// whether every one it takes is deep-equal to the full parser's result. Needs `npm run build`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parseYamlTranscriptFull } from '../dist/ingest/parse-yaml.js';
import { parseSimpleYamlTranscript } from '../dist/ingest/parse-yaml-simple.js';

function yamlFiles(dir) {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .map((name) => join(dir, name));
}

// The dev set's sealed fold is never read: only the files dev-folds.js lists as open.
function openDevFiles() {
  const out = execFileSync('node', ['scripts/dev-folds.js', 'open'], { encoding: 'utf8' });
  return out.split('\n').filter((file) => file.endsWith('.yaml') || file.endsWith('.yml'));
}

const sets = process.argv.length > 2 ? process.argv.slice(2).map((dir) => [dir, yamlFiles(dir)]) : [
  ['../shared/data/corpus', yamlFiles('../shared/data/corpus')],
  ['../shared/data/dev (open folds)', openDevFiles()],
];
let failed = false;
for (const [name, files] of sets) {
  let taken = 0;
  const differ = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const fast = parseSimpleYamlTranscript(text);
    if (fast === undefined) continue;
    taken += 1;
    if (!isDeepStrictEqual(fast, parseYamlTranscriptFull(text))) differ.push(file);
  }
  console.log(`${name}: fast path took ${taken} of ${files.length} files; ${differ.length} differ from the full parser`);
  for (const file of differ) console.log(`  differs: ${file}`);
  if (differ.length > 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
