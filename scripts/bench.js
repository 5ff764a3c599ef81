#!/usr/bin/env node
// `npm run bench`: times whole `reassure` processes (start-up and output included) and
// prints a Markdown table ready to paste into the README: wall time and user CPU (the
// median of several runs), peak memory, and ratios. Rows: bare `node -e 0`; a small-file
// audit; the shared corpus (../shared/data/corpus) copied 1× and 10× (and more with
// --scales) into a temporary folder, audited to JSON with --jobs 1 and --jobs 2 in turn
// (checked byte-identical); and, when `rg` is installed, ripgrep single-threaded over the same copy
// with the rules' own patterns (scripts/export-patterns.js: the phrases in ripgrep's ASCII
// mode, then the authors' regexes, as two runs whose times are added).
// On a shared machine prefer the CPU ratios: the load average is printed before and after.
// Options: --scales 1,10,100   --runs N (small-file runs, default 5)   --corpus-runs N (default 3)   --no-rg
import { spawnSync } from 'node:child_process';
import { closeSync, cpSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const option = (name, fallback) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? fallback : process.argv[index + 1];
};
const SCALES = option('--scales', '1,10').split(',').map(Number);
const RUNS = Number(option('--runs', '5'));
const CORPUS_RUNS = Number(option('--corpus-runs', '3'));
const WITH_RG = !process.argv.includes('--no-rg') && spawnSync('rg', ['--version']).status === 0;
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const bin = path.join(root, 'bin', 'reassure.js');
const work = mkdtempSync(path.join(tmpdir(), 'reassure-bench-'));
// The rule cache lives in the temporary folder, warmed by the first run, as on a user's machine.
const env = { ...process.env, XDG_CACHE_HOME: path.join(work, 'cache'), CI: '1' };

const failures = [];

/** One process run to completion: wall and user CPU seconds, peak memory in MB (when measurable). */
function timeRun(command, args, out = path.join(work, 'out')) {
  // GNU time's last stderr line: elapsed, user and system seconds, max RSS in KB.
  const wrapped = TIME ? [TIME, ['-f', 'bench %e %U %S %M', command, ...args]] : [command, args];
  const fd = openSync(out, 'w');
  const started = process.hrtime.bigint();
  const result = spawnSync(wrapped[0], wrapped[1], { env, stdio: ['ignore', fd, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  closeSync(fd);
  const line = String(result.stderr).trim().split('\n').findLast((text) => text.startsWith('bench ')) ?? '';
  const [, , user, , kb] = line.split(' ').map(Number);
  // A failed run is not a measurement: its row shows '–' and the bench exits 1.
  if (result.status !== 0 && result.status !== 1) {
    failures.push(`${command} ${args.join(' ')}: exit ${result.status}`);
    process.stderr.write(`${failures.at(-1)}\n${String(result.stderr).slice(0, 2000)}\n`);
    return { wall: undefined, user: undefined, mb: undefined };
  }
  return { wall, user: TIME ? user : undefined, mb: TIME ? kb / 1024 : undefined };
}

function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  return sorted.length === 0 ? undefined : sorted[Math.floor(sorted.length / 2)];
}

function summarize(all) {
  return { wall: median(all.map((run) => run.wall)), user: median(all.map((run) => run.user)), mb: median(all.map((run) => run.mb)) };
}

function medianRun(runs, command, args, out) {
  return summarize(Array.from({ length: runs }, () => timeRun(command, args, out)));
}

/**
 * Two commands run in turn (first, second, first, …), so that a machine whose speed drifts
 * during a series (this project's moves by half from one minute to the next) weighs on both
 * alike; with the median of the pairs' wall-time ratios (first over second).
 */
function alternatedRuns(runs, first, second) {
  const firsts = [];
  const seconds = [];
  for (let run = 0; run < runs; run++) {
    firsts.push(first());
    seconds.push(second());
  }
  return { first: summarize(firsts), second: summarize(seconds), pairRatio: median(firsts.map((one, index) => one.wall / seconds[index].wall)) };
}

/** Two runs as one: times added, the larger peak. */
function addRuns(a, b) {
  const add = (x, y) => (x === undefined || y === undefined ? undefined : x + y);
  return { wall: add(a.wall, b.wall), user: add(a.user, b.user), mb: Math.max(a.mb ?? 0, b.mb ?? 0) || undefined };
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
const seconds = (value) => (value === undefined ? '–' : `${value.toFixed(2)} s`);
const ratio = (value, anchor) => (value === undefined || anchor === undefined ? '–' : `${(value / anchor).toFixed(2)}×`);
// Each row is shown as it is measured (a 10× run takes minutes) and again in the table at the end.
const row = (what, measured, against = '') => {
  rows.push(`| ${what} | ${seconds(measured.wall)} | ${seconds(measured.user)} | ${measured.mb === undefined ? '–' : `${Math.round(measured.mb)} MB`} | ${against} |`);
  console.log(rows.at(-1));
};
const compare = (measured, anchor, label) => `${ratio(measured.wall, anchor.wall)} wall, ${ratio(measured.user, anchor.user)} CPU ${label}`;
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');

const context = `node ${process.version}, ${availableParallelism()} cores, medians of ${RUNS} (small file) and ${CORPUS_RUNS} (corpus) runs, load average ${load()} at the start`;
console.log(`${context}; ${TIME ? 'CPU and peak memory from /usr/bin/time' : 'no /usr/bin/time: no CPU or memory figures'}; ripgrep ${WITH_RG ? 'yes' : 'not installed (or --no-rg)'}`);

timeRun(process.execPath, [bin, 'audit', path.join(root, 'samples', 'grief.yaml')]);
const bare = medianRun(RUNS, process.execPath, ['-e', '0']);
row('bare `node -e 0`', bare);
const small = medianRun(RUNS, process.execPath, [bin, 'audit', path.join(root, 'samples', 'grief.yaml')]);
row('audit one small file (samples/grief.yaml), table', small, compare(small, bare, 'of bare node'));

const shared = path.resolve(root, '..', 'shared', 'data', 'corpus');
const ripgrepNotes = [];
if (!existsSync(shared)) {
  console.log(`${shared} is not there: the corpus rows are skipped`);
} else {
  const patterns = { phrases: path.join(work, 'phrases.txt'), regexes: path.join(work, 'regexes.txt') };
  if (WITH_RG) {
    for (const [kind, flag] of [['phrases', '--rg'], ['regexes', '--rg-regexes']]) {
      const exported = spawnSync(process.execPath, [path.join(root, 'scripts', 'export-patterns.js'), flag], { encoding: 'utf8' });
      writeFileSync(patterns[kind], exported.stdout);
      if (kind === 'phrases') ripgrepNotes.push(exported.stderr.trim());
    }
  }
  for (const scale of SCALES) {
    const corpus = path.join(work, `corpus-${scale}x`);
    for (let copy = 0; copy < scale; copy++) cpSync(shared, path.join(corpus, `copy-${String(copy).padStart(3, '0')}`), { recursive: true });
    const { files, bytes } = folderSize(corpus);
    const label = `${scale}× corpus (${files.toLocaleString('en-US')} files, ${(bytes / 1048576).toFixed(1)} MB)`;
    let rg;
    if (WITH_RG) {
      const run = (file) => medianRun(CORPUS_RUNS, 'rg', ['-i', '-j1', '-c', '-f', file, corpus]);
      rg = addRuns(run(patterns.phrases), run(patterns.regexes));
      row(`${label}: ripgrep -j1 -i, the rules' patterns (two runs)`, rg);
    }
    const audit = (jobs) => () => timeRun(process.execPath, [bin, 'audit', corpus, '--format', 'json', '--jobs', String(jobs)], path.join(work, `jobs-${jobs}.json`));
    const { first: one, second: two, pairRatio } = alternatedRuns(CORPUS_RUNS, audit(1), audit(2));
    row(`${label}: audit --format json --jobs 1`, one, rg ? compare(one, rg, 'of ripgrep') : '');
    const same = readFileSync(path.join(work, 'jobs-1.json')).equals(readFileSync(path.join(work, 'jobs-2.json')));
    const pairs = `${pairRatio === undefined ? '–' : pairRatio.toFixed(2)}× by the median of ${CORPUS_RUNS} alternated pairs`;
    row(`${label}: audit --format json --jobs 2`, two, `${ratio(one.wall, two.wall)} as fast as --jobs 1 (wall; ${pairs}), ${ratio(two.user, one.user)} its CPU; ${same ? 'same' : 'DIFFERENT'} output`);
    rmSync(corpus, { recursive: true, force: true });
  }
}

console.log(`\n${context}, ${load()} at the end${ripgrepNotes.length > 0 ? `; ripgrep 'rg -i -j1 -c -f FILE' on ${ripgrepNotes.join('')}` : ''}\n`);
console.log('| run | wall | user CPU | peak memory | ratio |\n|---|---|---|---|---|');
for (const line of rows) console.log(line);
rmSync(work, { recursive: true, force: true });
if (failures.length > 0) {
  console.error(`\nbench: ${failures.length} run(s) failed, so their rows are not measurements:\n${failures.join('\n')}`);
  process.exitCode = 1;
}
