#!/usr/bin/env node
// Compares a merged `json` report with a single run's: `node scripts/recipes/compare-reports.js
// MERGED SINGLE`. Prints whether the bytes, the totals and the sessions (in id order, without
// line numbers, which are the mapper's own) are the same; exits 0 only when the totals are.
// Trailing tabs (Hadoop's TextOutputFormat writes key<TAB>empty value) are left out first.
import { readFileSync } from 'node:fs';

const [mergedFile, singleFile] = process.argv.slice(2);
const read = (file) => readFileSync(file, 'utf8').replace(/\t$/gm, '');
const withoutLines = (text) => JSON.parse(text, (key, value) => (key === 'line' ? undefined : value));
const byId = (report) => [...report.sessions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const merged = read(mergedFile);
const single = read(singleFile);
const [m, s] = [withoutLines(merged), withoutLines(single)];
const same = {
  bytes: merged === single,
  totals: JSON.stringify(m.totals) === JSON.stringify(s.totals),
  sessionOrder: m.sessions.map((x) => x.id).join() === s.sessions.map((x) => x.id).join(),
  sessionsInIdOrderWithoutLines: JSON.stringify(byId(m)) === JSON.stringify(byId(s)),
  problems: JSON.stringify(m.problems) === JSON.stringify(s.problems),
};
console.log(`sessions ${m.sessions.length} merged, ${s.sessions.length} single; findings ${m.totals.findings} merged, ${s.totals.findings} single`);
for (const [what, yes] of Object.entries(same)) console.log(`${what}: ${yes ? 'same' : 'DIFFERENT'}`);
process.exitCode = same.totals ? 0 : 1;
