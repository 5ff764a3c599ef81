#!/usr/bin/env node
// `npm run eval:dev`: measure the bundled rules on the labelled development set, which lives
// outside the repository (../shared/data/dev, or REASSURE_DEV_DATA). Extra arguments pass on
// to `reassure eval` (e.g. --details, --format json).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../dist/cli/main.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dev = process.env.REASSURE_DEV_DATA ?? path.resolve(root, '..', 'shared', 'data', 'dev');
if (!existsSync(dev)) {
  console.log(`eval:dev: no development set at ${dev} (set REASSURE_DEV_DATA to point at one); nothing measured.`);
  process.exit(0);
}
console.log(`eval:dev: ${path.relative(root, dev)} (${new Date().toISOString().slice(0, 10)})`);
process.exitCode = await main({
  argv: ['eval', dev, ...process.argv.slice(2)],
  cwd: root,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
