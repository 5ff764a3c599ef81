#!/usr/bin/env node
// Measures the figures of the README's "Limits" section through the real bin/, on
// synthetic inputs generated in a temporary folder: wall time and CPU time (user + system,
// reported by the child itself) of each case. Not part of `npm test`; run after
// `npm run build`: node scripts/measure-limits.js
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

function measure(label, args) {
  const cpuFile = path.join(dir, 'cpu');
  rmSync(cpuFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [`--import=${cpuReporter}`, bin, ...args], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, CPU_FILE: cpuFile },
    timeout: 600_000,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : NaN;
  console.log(`| ${label} | ${result.status} | ${wall.toFixed(1)} s | ${cpu.toFixed(1)} s |`);
}

console.log('| case | exit | wall | CPU |');
console.log('|---|---|---|---|');
writeFileSync(path.join(dir, 'small.txt'), 'Client: Will I be okay?\nTherapist: That sounds hard.\n');
measure('start-up: a two-turn transcript', ['audit', 'small.txt']);
for (const kb of [128, 512, 5120]) measure(`one unpunctuated turn of ${kb} KB (JSON out)`, ['audit', unpunctuatedTurn(`turn-${kb}.txt`, kb * 1024), '--format', 'json']);
measure('10^5 sessions in one JSON file (JSON out)', ['audit', sessionList('100k.json', 100_000), '--format', 'json']);
measure('20,000 sessions, table', ['audit', sessionList('20k.json', 20_000)]);
measure('20,000 sessions, JSON', ['audit', '20k.json', '--format', 'json']);
measure('a 5 MB rule file (refused)', ['audit', 'small.txt', '--rules', bigRuleFile('big.yaml', 5 * 1024 * 1024)]);
rmSync(dir, { recursive: true, force: true });
