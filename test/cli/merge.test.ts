import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RULE_IDS } from '../../src/types.js';
import { runCli } from '../helpers/run-cli.js';
import { makeSessionLines, writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';

let dir = '';

/** A `jsonl` report line of one session with no findings, made with the bundled rules. */
const SESSION_LINE = JSON.stringify({
  schemaVersion: 1,
  tool: { name: 'reassure', version: '0.1.0' },
  failLevel: 'warning',
  redacted: false,
  id: 'a',
  file: 'a.txt',
  format: 'text',
  turns: 2,
  therapistTurns: 1,
  reassuranceShare: 0,
  counts: Object.fromEntries(RULE_IDS.map((id) => [id, 0])),
  findings: [],
  missed: [],
  suppressed: [],
});
let files: string[] = [];

/** Runs the built bin/reassure.js with its own rule cache folder. */
function runBin(args: string[], input?: string): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['bin/reassure.js', ...args], { encoding: 'utf8', input, env: { ...process.env, XDG_CACHE_HOME: path.join(dir, 'cache'), CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-merge-'));
  files = [...writeSyntheticCorpus(path.join(dir, 'corpus'), 14), ...['anxiety-intake.yaml', 'exam-stress.yaml', 'grief.yaml', 'panic.txt', 'reassurance-seeking.txt'].map((name) => path.resolve('samples', name))];
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('reassure merge', () => {
  test('four shards audited in four processes and merged equal the whole run (json from json, json from jsonl)', () => {
    const whole = runBin(['audit', ...files, '--format', 'json', '--jobs', '1']);
    const shards = [0, 1, 2, 3].map((k) => files.filter((_, i) => Math.floor((i * 4) / files.length) === k));
    const parts = shards.map((shard, k) => {
      const run = runBin(['audit', ...shard, '--format', `json=${path.join(dir, `part-${k}.json`)}`, '--format', `jsonl=${path.join(dir, `part-${k}.jsonl`)}`]);
      return run.code;
    });
    const fromJson = runBin(['merge', ...shards.map((_, k) => path.join(dir, `part-${k}.json`)), '--format', 'json']);
    const jsonl = shards.map((_, k) => readFileSync(path.join(dir, `part-${k}.jsonl`), 'utf8')).join('');
    const fromJsonl = runBin(['merge', '--format', 'json'], jsonl);
    expect(whole.code).toBe(1);
    expect({ parts, merged: [fromJson.code, fromJsonl.code], stderr: [fromJson.stderr, fromJsonl.stderr] }).toEqual({ parts: [1, 1, 1, 1], merged: [1, 1], stderr: ['', ''] });
    expect(fromJson.stdout).toBe(whole.stdout);
    expect(fromJsonl.stdout).toBe(whole.stdout);
  }, 120_000);

  test('merging into another format gives that format of the whole run', async () => {
    const whole = await runCli(['audit', 'samples/', '--format', 'jsonl']);
    const table = await runCli(['audit', 'samples/']);
    const merged = await runCli(['merge', '-'], { stdin: whole.stdout });
    expect({ code: merged.code, stdout: merged.stdout }).toEqual({ code: table.code, stdout: table.stdout });
  }, 60_000);

  // A merged HTML report said "No trend": the json and jsonl reports dropped the therapist and date.
  test("merging into html draws the whole run's trends from the sessions' therapist and date", async () => {
    const trends = (html: string): string => /<section id="trends">.*?<\/section>/s.exec(html)?.[0] ?? '';
    const whole = trends((await runCli(['audit', 'samples/', '--format', 'html'])).stdout);
    const merged = trends((await runCli(['merge', '-', '--format', 'html'], { stdin: (await runCli(['audit', 'samples/', '--format', 'jsonl'])).stdout })).stdout);
    expect(whole).toContain('data-therapist="Dr. Ines Marlow"');
    expect(merged).toBe(whole);
  }, 60_000);

  test.each([
    ['not JSON', 'hello\n', '-:1:1: not a JSON or JSON Lines report: invalid JSON: unexpected character "h"'],
    ['another schema version', '{"schemaVersion": 9, "id": "a"}\n', '-:1: not a reassure report of this version (got schemaVersion 9, expected 1)'],
    ['a line of an unknown type', '{"schemaVersion": 1, "type": "total", "sessions": 3}\n', '-:1: not a reassure report line (got type "total", expected "session", "problem" or "warning")'],
    ['a warning line without a message', '{"schemaVersion": 1, "type": "warning", "file": "a.txt"}\n', '-:1: not a reassure report: missing "message"'],
    ['a problem line whose line is not a number', '{"schemaVersion": 1, "type": "problem", "file": "a.txt", "line": "3", "message": "empty file"}\n', '-:1: not a reassure report: line: got "3", expected a whole number'],
    ['a line without counts', '{"schemaVersion": 1, "id": "a", "file": "a.txt", "format": "text", "turns": 1, "therapistTurns": 1, "reassuranceShare": 0, "findings": []}\n', '-:1: not a reassure report: missing "counts"'],
    ['other rules', '{"schemaVersion": 1, "id": "a", "file": "a.txt", "format": "text", "turns": 1, "therapistTurns": 1, "reassuranceShare": 0, "counts": {"empathy": 0}, "findings": []}\n', '-:1: made with other rules (got empathy, expected '],
    // A report of no rule said "got , expected …".
    ['a report of no rule', '{"schemaVersion": 1, "id": "a", "file": "a.txt", "format": "text", "turns": 1, "therapistTurns": 1, "reassuranceShare": 0, "counts": {}, "findings": []}\n', '-:1: made with other rules (got none, expected '],
    ['a cut line after whole ones', `${SESSION_LINE}\n${SESSION_LINE.slice(0, 30)}\n`, '-:2:28: not a JSON Lines report line: invalid JSON: unexpected character "\\""'],
  ])('%s: one line, exit 2', async (_name, stdin, message) => {
    const run = await runCli(['merge'], { stdin });
    expect({ code: run.code, lines: run.stderr.split('\n').length, start: run.stderr.slice(0, message.length) }).toEqual({ code: 2, lines: 2, start: message });
  }, 30_000);

  // merge took every flag of audit, and the ones about reading transcripts did nothing.
  test.each([['--therapist', 'Dr. Lee'], ['--client', 'Sam'], ['--ignore', '*.txt'], ['--max-file-size', '1MB'], ['--columns', 'speaker=Who'], ['--jobs', '2'], ['--rule-time-limit', '5']])(
    'merge refuses %s, which reads no transcript',
    async (flag, value) => {
      const run = await runCli(['merge', '-', flag, value], { stdin: `${SESSION_LINE}\n` });
      expect({ code: run.code, stderr: run.stderr.split('\n')[0] }).toEqual({ code: 2, stderr: `error: unknown option '${flag}'` });
      expect((await runCli(['merge', '--help'])).stdout).not.toContain(flag);
    },
  );

  // Nothing piped in merged no session without a word, while audit - warned.
  test.each([[['merge', '-']], [['merge']]])('%j with nothing on standard input warns that it is empty and exits 0', async (argv) => {
    const run = await runCli([...argv, '--format', 'jsonl', '--fail-on', 'never'], { stdin: '\n' });
    const warning = { type: 'warning', file: '-', message: 'standard input is empty: no report to merge', kind: 'empty-input' };
    expect([run.code, JSON.parse(run.stdout), run.stderr.trim()]).toEqual([0, expect.objectContaining(warning), '-: warning: standard input is empty: no report to merge']);
  });

  test('merge --max-rules-size limits the rule file it reads, as in audit', async () => {
    const run = await runCli(['merge', '-', '--no-config', '-r', 'rules/default/index.yaml', '--max-rules-size', '100B'], { stdin: `${SESSION_LINE}\n` });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/rule file is too large \(.*, limit 100 bytes; raise it with --max-rules-size\)/);
  });

  // Each part's warning about a repeated id came back beside the one merge finds itself: twice.
  test('a repeated session id is one warning in the merged report, as in the whole run', async () => {
    const twins = path.join(dir, 'twins');
    writeTwinSessions(twins, 'That sounds hard.');
    const whole = await runCli(['audit', twins, '--format', 'json']);
    const merged = await runCli(['merge', '-', '--format', 'json'], { stdin: whole.stdout });
    const warnings = (run: { stdout: string }): unknown => (JSON.parse(run.stdout) as { warnings: unknown }).warnings;
    expect(warnings(whole)).toEqual([{ file: path.relative(process.cwd(), path.join(twins, 'b.yaml')), message: expect.stringMatching(/^session id "twin" is also the id/), kind: 'duplicate-session-id' }]);
    expect({ warnings: warnings(merged), stderr: merged.stderr }).toEqual({ warnings: warnings(whole), stderr: whole.stderr });
  }, 30_000);

  // Warnings got lines of their own in jsonl reports: merge must read them as warnings, not as sessions.
  test("a jsonl report's warning lines are the merged report's warnings", async () => {
    const mixed = path.join(dir, 'mixed');
    writeTwinSessions(mixed, 'Everything will be fine.');
    writeFileSync(path.join(mixed, 'names.txt'), "Perpetua: I can't sleep.\nThaddeus: Everything will be fine.\n");
    const json = await runCli(['audit', mixed, '--format', 'json']);
    const jsonl = await runCli(['audit', mixed, '--format', 'jsonl']);
    const merged = await runCli(['merge', '-', '--format', 'json'], { stdin: jsonl.stdout });
    expect(jsonl.stdout.split('\n').filter((line) => line.includes('"type":"warning"'))).toHaveLength(2);
    expect({ code: merged.code, stderr: merged.stderr, stdout: merged.stdout }).toEqual({ code: json.code, stderr: json.stderr, stdout: json.stdout });
  }, 30_000);

  // jsonl reports left out the files that could not be read: merged, a skipped file was lost.
  test("a jsonl report's problem lines are the merged report's problems, with exit code 2", async () => {
    const broken = path.join(dir, 'broken');
    writeTwinSessions(broken, 'That sounds hard.');
    writeFileSync(path.join(broken, 'c.csv'), 'Perpetua,I cannot sleep\nThaddeus,It will pass\n');
    const json = await runCli(['audit', broken, '--format', 'json']);
    const jsonl = await runCli(['audit', broken, '--format', 'jsonl']);
    const merged = await runCli(['merge', '-', '--format', 'json'], { stdin: jsonl.stdout });
    const types = jsonl.stdout.split('\n').filter((line) => line !== '').map((line) => (JSON.parse(line) as { type: string }).type);
    expect({ code: jsonl.code, types }).toEqual({ code: 2, types: ['session', 'session', 'problem', 'warning'] });
    expect({ code: merged.code, stderr: merged.stderr, stdout: merged.stdout }).toEqual({ code: json.code, stderr: json.stderr, stdout: json.stdout });
    expect((JSON.parse(merged.stdout) as { problems: { file: string }[] }).problems.map((problem) => problem.file)).toEqual([path.relative(process.cwd(), path.join(broken, 'c.csv'))]);
  }, 30_000);

  test("an empty mapper's warning is not the merged run's", async () => {
    const empty = await runCli(['audit', '-', '--format', 'json', '--fail-on', 'never']);
    const merged = await runCli(['merge', '-', '--format', 'json'], { stdin: empty.stdout });
    expect({ mapper: empty.stderr, merge: merged.stderr, warnings: (JSON.parse(merged.stdout) as { warnings: unknown }).warnings }).toEqual({
      mapper: '-: warning: standard input is empty: no session to audit\n',
      merge: '',
      warnings: [],
    });
  }, 30_000);

  // Findings of the wrong shape reached the formatters: "the markdown format failed: text.replace is not a function".
  test('a finding of the wrong shape is one line naming the file, line and field, exit 2', async () => {
    const line = JSON.parse(SESSION_LINE) as { findings: unknown[] };
    const bad = JSON.stringify({ ...line, findings: [{ rule: 'empathy', kind: 'technique', severity: 'info', scope: 'turn', turn: 1, line: 1, speaker: 'T', match: { start: 0, end: 1, text: 'x', line: 1, column: 1 }, excerpt: 5 }] });
    const run = await runCli(['merge', '--format', 'markdown'], { stdin: `${bad}\n` });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: '-:1: not a reassure report: findings[0].excerpt: got 5, expected a string\n' });
  }, 30_000);

  // Parts audited with --redact each number their therapists from 1: two people were merged
  // as one "therapist 1" in the trends, without a word.
  test('merging reports each redacted apart warns in one line that their therapist numbers may clash', async () => {
    const project = path.join(dir, 'redacted-apart');
    mkdirSync(project, { recursive: true });
    const transcript = (name: string, date: string): string => `therapist: ${name}\ndate: ${date}\nturns:\n  - speaker: Client\n    text: I worry.\n  - speaker: ${name}\n    text: It will be fine.\n`;
    writeFileSync(path.join(project, 'a.yaml'), transcript('Dr. Vell', '2026-03-02'));
    writeFileSync(path.join(project, 'b.yaml'), transcript('Dr. Ames', '2026-03-03'));
    const audit = async (file: string, ...flags: string[]): Promise<string> => (await runCli(['audit', file, '-f', 'jsonl', '--fail-on', 'never', '--no-config', ...flags], { cwd: project })).stdout;
    const redacted = `${await audit('a.yaml', '--redact')}${await audit('b.yaml', '--redact')}`;
    const plain = `${await audit('a.yaml')}${await audit('b.yaml')}`;
    const oneAudit = (await runCli(['audit', 'a.yaml', 'b.yaml', '-f', 'json', '--fail-on', 'never', '--no-config', '--redact'], { cwd: project })).stdout;
    const merge = async (stdin: string, ...flags: string[]) => {
      const run = await runCli(['merge', '-', '-f', 'json', '--fail-on', 'never', '--no-config', ...flags], { stdin, cwd: project });
      return [run.code, run.stderr, (JSON.parse(run.stdout) as { sessions: { therapist?: string }[] }).sessions.map((s) => s.therapist)];
    };
    const warning = 'warning: sessions with therapists come from reports redacted before the merge, and each audit numbers its therapists from 1: "therapist 1" of two audits may be two people, mixed in the trends; merge reports made without --redact, with merge --redact\n';
    expect({ apart: await merge(redacted), atMerge: await merge(plain, '--redact'), oneAudit: await merge(oneAudit) }).toEqual({
      apart: [0, warning, ['therapist 1', 'therapist 1']],
      atMerge: [0, '', ['therapist 1', 'therapist 2']],
      oneAudit: [0, '', ['therapist 1', 'therapist 2']],
    });
  }, 90_000);

  test('a missing report file is one line, exit 2', async () => {
    writeFileSync(path.join(dir, 'empty.jsonl'), '');
    const run = await runCli(['merge', path.join(dir, 'empty.jsonl'), path.join(dir, 'missing.json')]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: `${path.relative(process.cwd(), path.join(dir, 'missing.json'))}: no such file or directory\n` });
  }, 30_000);

  // `reassure merge` typed alone sat waiting on the terminal, saying nothing.
  test('no report named, on a terminal: one line saying what to give, exit 2; a pipe is still read', async () => {
    const run = await runCli(['merge'], { stdinIsTTY: true });
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'merge: name the reports to merge (reassure merge part-1.jsonl part-2.jsonl), or pipe them in (cat part-*.jsonl | reassure merge); "-" reads the terminal\n',
    });
    const piped = await runCli(['merge', '--format', 'json'], { stdin: `${SESSION_LINE}\n` });
    expect({ code: piped.code, sessions: (JSON.parse(piped.stdout) as { sessions: unknown[] }).sessions.length }).toEqual({ code: 0, sessions: 1 });
    expect((await runCli(['merge', '-', '--format', 'json'], { stdin: `${SESSION_LINE}\n`, stdinIsTTY: true })).code).toBe(0);
  }, 30_000);
});

/** A JSON report without its line numbers: a mapper numbers the lines of its own share of the input. */
function parseWithoutLines(report: string): unknown {
  return JSON.parse(report, (key, value: unknown) => (key === 'line' ? undefined : value));
}

/** Sorts like Hadoop's shuffle: by the bytes of the key, here the whole line. */
function sortAsShuffle(lines: string[]): string[] {
  return [...lines].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

// The framing Spark's RDD.pipe and Hadoop Streaming give the README's mappers and reducer
// (read from their sources: no JVM here), with an empty partition among the shares.
describe('stream mappers merged as Spark and Hadoop Streaming hand them over', () => {
  const mapper = ['audit', '-', '--format', 'jsonl', '--fail-on', 'never', '--jobs', '1'];
  const sessions = makeSessionLines(12);
  const shares = [sessions.slice(0, 5), sessions.slice(5, 8), [], sessions.slice(8)].map((share) => share.join(''));
  let whole = { code: null as number | null, stdout: '' };
  let mapped: { code: number | null; stdout: string; stderr: string }[] = [];

  beforeAll(() => {
    whole = runBin(['audit', '-', '--format', 'json', '--jobs', '1'], sessions.join(''));
    mapped = shares.map((share) => runBin(mapper, share));
  }, 120_000);

  test('mappers exit 0 where the whole run finds pitfalls; the empty partition says so on standard error', () => {
    expect({ whole: whole.code, mapped: mapped.map((run) => ({ code: run.code, stderr: run.stderr })) }).toEqual({
      whole: 1,
      mapped: [
        { code: 0, stderr: '' },
        { code: 0, stderr: '' },
        { code: 0, stderr: '-: warning: standard input is empty: no session to audit\n' },
        { code: 0, stderr: '' },
      ],
    });
  });

  test('Spark: part files in partition order merge into the whole run, sessions in input order', () => {
    const merged = runBin(['merge', '-', '--format', 'json'], mapped.map((run) => run.stdout).join(''));
    expect({ code: merged.code, stderr: merged.stderr, report: parseWithoutLines(merged.stdout) }).toEqual({ code: whole.code, stderr: '', report: parseWithoutLines(whole.stdout) });
  }, 60_000);

  test('Hadoop Streaming: key<TAB>value lines sorted by the shuffle, merged with --fail-on never, then gated, equal the whole run in id order', () => {
    const lines = mapped.flatMap((run) => run.stdout.split('\n').filter((line) => line !== ''));
    // The whole line is the key, the value empty: the reducer reads `key<TAB>` lines.
    const reducerInput = sortAsShuffle(lines).map((line) => `${line}\t\n`).join('');
    // A reducer exiting 1 on pitfalls would fail the job: the fail level is applied after it.
    const reduced = runBin(['merge', '-', '--format', 'json', '--fail-on', 'never'], reducerInput);
    // The job's output file: TextOutputFormat writes each line as key, tab, empty value.
    const gated = runBin(['merge', '-', '--format', 'json'], reduced.stdout.replace(/\n/g, '\t\n'));
    const report = parseWithoutLines(whole.stdout) as { sessions: { id: string }[] };
    const byId = { ...report, sessions: [...report.sessions].sort((a, b) => (a.id < b.id ? -1 : 1)) };
    expect(report.sessions.map((session) => session.id)).not.toEqual(byId.sessions.map((session) => session.id));
    expect({ reduced: reduced.code, code: gated.code, stderr: reduced.stderr + gated.stderr, report: parseWithoutLines(gated.stdout) }).toEqual({ reduced: 0, code: whole.code, stderr: '', report: byId });
  }, 60_000);
});

// A report that was not redacted kept only the message naming the speakers, so merge --redact printed their names.
test('merge --redact of reports that were not redacted names no speaker of their warnings', async () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'reassure-merge-redact-'));
  writeFileSync(path.join(folder, 'names.txt'), 'Perpetua: I cannot sleep.\nThaddeus: Everything will be fine.\n');
  await runCli(['audit', 'names.txt', '--no-config', '-f', 'json=plain.json', '-f', 'jsonl=plain.jsonl'], { cwd: folder });
  const plain = JSON.parse(readFileSync(path.join(folder, 'plain.json'), 'utf8')) as { warnings: { redactedMessage?: string }[] };
  expect(plain.warnings[0]?.redactedMessage).toContain('2 speakers seen (names left out by --redact)');
  for (const part of ['plain.json', 'plain.jsonl']) {
    const run = await runCli(['merge', part, '--redact', '--no-config', '-f', 'json'], { cwd: folder });
    expect(run.stdout + run.stderr).not.toMatch(/Perpetua|Thaddeus/);
    expect(JSON.parse(run.stdout)).toMatchObject({ redacted: true, warnings: [{ message: expect.stringContaining('2 speakers seen (names left out by --redact)') as unknown }] });
  }
  // A problem's message quoting the file (a CSV header that is a transcript row) is redacted the same way.
  writeFileSync(path.join(folder, 'rows.csv'), 'Perpetua,I cannot sleep\n');
  await runCli(['audit', 'rows.csv', '--no-config', '-f', 'jsonl=rows.jsonl'], { cwd: folder });
  expect(readFileSync(path.join(folder, 'rows.jsonl'), 'utf8')).toContain('Perpetua');
  const rows = await runCli(['merge', 'rows.jsonl', '--redact', '--no-config', '-f', 'jsonl'], { cwd: folder });
  expect(rows.stdout + rows.stderr).not.toMatch(/Perpetua|sleep/);
  expect({ code: rows.code, lines: rows.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown) }).toEqual({
    code: 2,
    lines: [{ schemaVersion: 1, tool: { name: 'reassure', version: '0.1.0' }, failLevel: 'warning', redacted: true, type: 'problem', file: 'rows.csv', line: 1, message: expect.stringContaining('(2 headers seen, left out by --redact)') as unknown }],
  });
  rmSync(folder, { recursive: true, force: true });
});

// Two YAML files in a new `folder` holding one session id, "twin", the therapist saying `said`.
function writeTwinSessions(folder: string, said: string): void {
  mkdirSync(folder);
  const session = `session: twin\nturns:\n  - {speaker: Client, text: I keep worrying.}\n  - {speaker: Therapist, text: ${said}}\n`;
  writeFileSync(path.join(folder, 'a.yaml'), session);
  writeFileSync(path.join(folder, 'b.yaml'), session);
}
