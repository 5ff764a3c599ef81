#!/usr/bin/env node
// Lists development transcripts by fold, one path a line: `node scripts/dev-folds.js
// [open|readable|proxy|sealed]`. The split is `reassure eval --fold 0/5` (a hash of the
// session id): fold 0/5 is sealed (measured, never read); the other four are the open folds.
// Of those, fold 4/5 has been a proxy hold-out since the fourth round of rules (measured
// only, like the sealed fold): `readable` lists the folds a rule author may read (1 to 3),
// `proxy` fold 4, `open` all four.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { foldOfSession } from '../dist/eval/folds.js';
import { SEALED } from './sealed-fold.js';

const PROXY = { index: 4, of: SEALED.of };
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.env.REASSURE_DEV_DATA ?? path.resolve(root, '..', 'shared', 'data', 'dev');
const want = process.argv[2] ?? 'open';
const chosen = {
  open: (fold) => fold !== SEALED.index,
  readable: (fold) => fold !== SEALED.index && fold !== PROXY.index,
  proxy: (fold) => fold === PROXY.index,
  sealed: (fold) => fold === SEALED.index,
}[want];
if (!chosen) {
  console.error(`dev-folds: got "${want}", expected open, readable, proxy or sealed`);
  process.exit(2);
}
for (const name of readdirSync(dev).sort()) {
  const { session } = parse(readFileSync(path.join(dev, name), 'utf8'));
  if (chosen(foldOfSession(String(session), SEALED.of))) console.log(path.relative(process.cwd(), path.join(dev, name)));
}
