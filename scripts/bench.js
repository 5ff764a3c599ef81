#!/usr/bin/env node
// `npm run bench`: times whole `reassure` processes (start-up and output included) and
// prints a Markdown table: a small-file audit against bare `node -e 0`; the shared corpus
// (../shared/data/corpus) copied 1× and 10× (and more with --scales) into a temporary
// folder, audited to JSON with --jobs 1 and --jobs 2; ripgrep, single-threaded, with the
// rules' own phrases (scripts/export-patterns.js --rg) when `rg` is installed; and the
// peak memory (max RSS) of each process, from /usr/bin/time when it is there.
// Options: --scales 1,10,100   --runs N (small-file repetitions, default 5)   --no-rg
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
};
const SCALES = option('--scales', '1,10').split(',').map(Number);
const RUNS = Number(option('--runs', '5'));
const WITH_RG = !process.argv.includes('--no-rg') && spawnSync('rg', ['--version']).status === 0;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const bin = path.join(root, 'bin', 'reassure.js');
const work = mkdtempSync(path.join(tmpdir(), 'reassure-bench-'));
// The rule cache lives in the temporary folder, warmed by the first run, as on a user's machine.
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), CI: '1' };

/** Runs a command to completion; its wall time in seconds and peak memory in MB (when measurable). */
function timeRun(command, args, { stdout } = {}) {
  const out = stdout ?? path.join(work, 'out');
  const wrapped = TIME ? [TIME, ['-f', '%M', command, ...args]] : [command, args];
  const fd = openSync(out, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped[1], { env, stdio: ['ignore', fd, 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  const kb = TIME ? Number(String(result.stderr).trim().split('\n').at(-1)) : NaN;
  return { seconds, mb: Number.isFinite(kb) ? kb / 1024 : undefined, status: result.status };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function medianRun(command, args) {
  const runs = Array.from({ length: RUNS }, () => timeRun(command, args));
  return { seconds: median(runs.map((run) => run.seconds)), mb: median(runs.map((run) => run.mb ?? 0)) || undefined };
}

function folderSize(dir) {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return { files, bytes };
}

const rows = [];
// Each row is shown as it is measured (a 10× run takes minutes) and again in the table at the end.
const row = (what, measured, ratio = '') => {
  rows.push(`| ${what} | ${measured.seconds.toFixed(2)} s | ${measured.mb === undefined ? '–' : `${Math.round(measured.mb)} MB`} | ${ratio} |`);
  console.log(rows.at(-1));
};
const times = (measured, anchor, label) => `${(measured.seconds / anchor.seconds).toFixed(1)}× ${label}`;

const cores = availableParallelism();
console.log(`node ${process.version}, ${cores} cores, ${TIME ? 'peak memory from /usr/bin/time' : 'no /usr/bin/time: no memory figures'}, ripgrep ${WITH_RG ? 'yes' : 'not installed (or --no-rg)'}`);

timeRun(process.execPath, [bin, 'audit', path.join(root, 'samples', 'grief.yaml')]);
const bare = medianRun(process.execPath, ['-e', '0']);
row('bare `node -e 0`', bare);
const small = medianRun(process.execPath, [bin, 'audit', path.join(root, 'samples', 'grief.yaml')]);
row('audit one small file (samples/grief.yaml), table', small, times(small, bare, 'bare node'));

const shared = path.resolve(root, '..', 'shared', 'data', 'corpus');
if (!existsSync(shared)) {
  console.log(`${shared} is not there: the corpus rows are skipped`);
} else {
  let patterns;
  if (WITH_RG) {
    patterns = path.join(work, 'patterns.txt');
    const exported = spawnSync(process.execPath, [path.join(root, 'scripts', 'export-patterns.js'), '--rg'], { encoding: 'utf8' });
    writeFileSync(patterns, exported.stdout);
    console.log(`ripgrep patterns: ${exported.stdout.split('\n').length - 1} (${exported.stderr.trim() || 'all'})`);
  }
  for (const scale of SCALES) {
    const corpus = path.join(work, `corpus-${scale}x`);
    for (let copy = 0; copy < scale; copy++) cpSync(shared, path.join(corpus, `copy-${String(copy).padStart(3, '0')}`), { recursive: true });
    const { files, bytes } = folderSize(corpus);
    const label = `${scale}× corpus (${files.toLocaleString('en-US')} files, ${(bytes / 1048576).toFixed(1)} MB)`;
    const rg = WITH_RG ? timeRun('rg', ['-i', '-j1', '-c', '-f', patterns, corpus]) : undefined;
    if (rg) row(`${label}: ripgrep -j1, the rules' phrases`, rg);
    const one = timeRun(process.execPath, [bin, 'audit', corpus, '--format', 'json', '--jobs', '1'], { stdout: path.join(work, 'one.json') });
    row(`${label}: audit --format json --jobs 1`, one, rg ? times(one, rg, 'ripgrep') : '');
    const two = timeRun(process.execPath, [bin, 'audit', corpus, '--format', 'json', '--jobs', '2'], { stdout: path.join(work, 'two.json') });
    row(`${label}: audit --format json --jobs 2`, two, `${(one.seconds / two.seconds).toFixed(2)}× as fast as --jobs 1`);
    rmSync(corpus, { recursive: true, force: true });
  }
}

console.log('\n| run | time | peak memory | ratio |\n|---|---|---|---|');
for (const line of rows) console.log(line);
rmSync(work, { recursive: true, force: true });
