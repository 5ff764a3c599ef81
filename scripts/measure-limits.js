#!/usr/bin/env node
// `npm run limits`: measures the figures of the README's "Limits" section through the real
// bin/, on synthetic inputs generated in a temporary folder: wall time and CPU time (user +
// system, reported by the child itself) of each case. Then checks that the cost grows
// linearly: each input that had a quadratic pass once is run at a quarter of its size too,
// and the CPU above start-up may grow at most 8x for 4x the input (linear is about 4x,
// quadratic 16x). A ratio, not a time limit, so a slower or busier machine does not fail it;
// .ci/run runs it. Exits 1 when a case exits with another code than expected or grows faster.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bin = path.join(root, 'bin', 'reassure.js');
const dir = mkdtempSync(path.join(tmpdir(), 'reassure-limits-'));
const cpuReporter = `data:text/javascript,${encodeURIComponent(
  "import { writeFileSync } from 'node:fs'; process.on('exit', () => { const { user, system } = process.cpuUsage(); writeFileSync(process.env.CPU_FILE, String((user + system) / 1e6)); });",
)}`;

const WORDS = 'you will be fine it is normal to feel this way many people feel anxious and I am not sure it will work out do not worry everything will be okay I hear you that sounds really hard'.split(' ');

function unpunctuatedTurn(name, bytes) {
  const words = [];
  for (let length = 0, i = 0; length < bytes; i++) {
    const word = WORDS[i % WORDS.length];
    words.push(word);
    length += word.length + 1;
  }
  writeFileSync(path.join(dir, name), `Client: I am scared\nTherapist: ${words.join(' ')}\n`);
  return name;
}

function sessionList(name, count) {
  const sessions = Array.from({ length: count }, (_, i) => `{"session":"s${i}","turns":[{"speaker":"C","text":"I worry"},{"speaker":"T","text":"It is normal"}]}`);
  writeFileSync(path.join(dir, name), `[\n${sessions.join(',\n')}\n]\n`);
  return name;
}

function bigRuleFile(name, bytes) {
  const rule = 'version: 1\nrules:\n  - id: x\n    kind: pitfall\n    name: X\n    severity: warning\n    description: d\n    rationale: r\n    match:\n      - phrase: will be fine\n    examples:\n      hit: [it will be fine]\n      miss: [nothing]\n';
  writeFileSync(path.join(dir, name), rule + `# ${'padding '.repeat(16)}\n`.repeat(Math.ceil(bytes / 132)));
  return name;
}

function measure(args) {
  const cpuFile = path.join(dir, 'cpu');
  rmSync(cpuFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [`--import=${cpuReporter}`, bin, ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CPU_FILE: cpuFile, XDG_CACHE_HOME: path.join(dir, 'cache') },
    timeout: 600_000,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : NaN;
  return { status: result.status, wall, cpu, stderr: String(result.stderr) };
}

/** Two old reports of `count` sessions, each old session in a folder of its own, the ids not matching. */
function diffPair(count) {
  writeFileSync(path.join(dir, 'one.txt'), 'Client: I am scared\nTherapist: Everything will be fine\n');
  const one = JSON.parse(spawnSync(process.execPath, [bin, 'audit', 'one.txt', '--format', 'json'], { cwd: dir, encoding: 'utf8' }).stdout);
  const sessions = (name, id) => Array.from({ length: count }, (_, i) => ({ ...one.sessions[0], id: `${id}${i}`, file: name(i) }));
  writeFileSync(path.join(dir, `old-${count}.json`), JSON.stringify({ ...one, sessions: sessions((i) => `d${i}/f${i}.txt`, 'old') }));
  writeFileSync(path.join(dir, `new-${count}.json`), JSON.stringify({ ...one, sessions: sessions((i) => `f${i}.txt`, 'new') }));
  return [`old-${count}.json`, `new-${count}.json`];
}

const failures = [];
const rows = [];
function run(label, args, expected) {
  const result = measure(args);
  rows.push(`| ${label} | ${result.status} | ${result.wall.toFixed(1)} s | ${result.cpu.toFixed(1)} s |`);
  if (!expected.includes(result.status)) failures.push(`${label}: exit ${result.status}, expected ${expected.join(' or ')}\n${result.stderr.slice(0, 500)}`);
  return result.cpu;
}

writeFileSync(path.join(dir, 'small.txt'), 'Client: Will I be okay?\nTherapist: That sounds hard.\n');
// The first run fills the rule cache, as a user's first run would; start-up is the second.
measure(['audit', 'small.txt']);
const startUp = run('start-up: a two-turn transcript', ['audit', 'small.txt'], [0]);
const turn = {};
for (const kb of [128, 512, 1280, 5120]) turn[kb] = run(`one unpunctuated turn of ${kb} KB (JSON out)`, ['audit', unpunctuatedTurn(`turn-${kb}.txt`, kb * 1024), '--format', 'json'], [1]);
const list = {};
for (const count of [25_000, 100_000]) list[count] = run(`${count.toLocaleString('en')} sessions in one JSON file (JSON out)`, ['audit', sessionList(`${count}.json`, count), '--format', 'json'], [0]);
run('20,000 sessions, table', ['audit', sessionList('20k.json', 20_000)], [0]);
run('20,000 sessions, JSON', ['audit', '20k.json', '--format', 'json'], [0]);
const diff = {};
for (const count of [1250, 5000]) diff[count] = run(`diff of ${count.toLocaleString('en')} sessions, each old one in its own folder`, ['diff', ...diffPair(count), '--format', 'json'], [0]);
run('a 5 MB rule file (refused)', ['audit', 'small.txt', '--rules', bigRuleFile('big.yaml', 5 * 1024 * 1024)], [2]);

console.log('| case | exit | wall | CPU |');
console.log('|---|---|---|---|');
for (const row of rows) console.log(row);

// Below 2 s of CPU above start-up at the larger size, a ratio is mostly noise, and a
// quadratic pass would cost far more than that (96 s for the diff of 5,000).
console.log('\n| growth, 4x the input | CPU above start-up | ratio | linear? |');
console.log('|---|---|---|---|');
for (const [label, small, large] of [
  ['unpunctuated turn, 1,280 KB -> 5,120 KB', turn[1280], turn[5120]],
  ['sessions in one JSON file, 25,000 -> 100,000', list[25_000], list[100_000]],
  ['diff pairing, 1,250 -> 5,000 sessions', diff[1250], diff[5000]],
]) {
  const [a, b] = [Math.max(small - startUp, 0.05), large - startUp];
  const ratio = b / a;
  const linear = b < 2 || ratio <= 8;
  console.log(`| ${label} | ${a.toFixed(1)} s -> ${b.toFixed(1)} s | ${ratio.toFixed(1)}x | ${linear ? 'yes' : 'NO'} |`);
  if (!linear) failures.push(`${label}: CPU above start-up grew ${ratio.toFixed(1)}x for 4x the input (at most 8x expected)`);
}
rmSync(dir, { recursive: true, force: true });
for (const failure of failures) process.stderr.write(`${failure}\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
