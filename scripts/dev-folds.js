#!/usr/bin/env node
// Lists the development transcripts of the open folds (the ones rule authors may read), one
// path a line: `node scripts/dev-folds.js [open|sealed]`. The split is `reassure eval
// --fold 0/5`: fold 0 of 5 by a hash of the session id is sealed (measured, never read).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { foldOfSession } from '../dist/eval/folds.js';
import { SEALED } from './sealed-fold.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.env.REASSURE_DEV_DATA ?? path.resolve(root, '..', 'shared', 'data', 'dev');
const want = process.argv[2] ?? 'open';
for (const name of readdirSync(dev).sort()) {
  const { session } = parse(readFileSync(path.join(dev, name), 'utf8'));
  const sealed = foldOfSession(String(session), SEALED.of) === SEALED.index;
  if (sealed === (want === 'sealed')) console.log(path.relative(process.cwd(), path.join(dev, name)));
}
