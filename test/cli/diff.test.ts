import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

// Three audits of the samples take seconds on a busy machine.
describe('reassure diff', { timeout: 60_000 }, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reassure-diff-'));
    await runCli(['audit', 'samples/grief.yaml', '-f', `json=${dir}/old.json`]);
    await runCli(['audit', 'samples/grief.yaml', 'samples/reassurance-seeking.txt', '-f', `json=${dir}/new.json`]);
    await runCli(['audit', 'samples/grief.yaml', 'samples/reassurance-seeking.txt', '--fail-on', 'never', '-f', `json=${dir}/never.json`]);
  }, 60_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  test.each([
    { args: ['old.json', 'old.json', '--fail-on-new'], code: 0, says: '0 new (0 pitfalls), 0 resolved (0 pitfalls)' },
    { args: ['old.json', 'new.json'], code: 0, says: 'samples/reassurance-seeking (added)' },
    { args: ['old.json', 'new.json', '--fail-on-new'], code: 1, says: 'session added' },
    { args: ['old.json', 'never.json', '--fail-on-new'], code: 0, says: 'session added' },
    { args: ['new.json', 'old.json', '--fail-on-new'], code: 0, says: 'session removed' },
  ])('diff $args exits $code', async ({ args, code, says }) => {
    const run = await runCli(['diff', ...args], { cwd: dir });
    expect({ code: run.code, says: run.stdout.includes(says), stderr: run.stderr }).toEqual({ code, says: true, stderr: '' });
  });

  // `reassure diff - new.json` read `-` as a file named `-`: "-: no such file or directory".
  test('- is standard input on either side, as for audit and merge; both sides - is one line, exit 2', async () => {
    const old = await readFile(join(dir, 'old.json'), 'utf8');
    const before = await runCli(['diff', '-', 'new.json'], { cwd: dir, stdin: old });
    const after = await runCli(['diff', 'new.json', '-'], { cwd: dir, stdin: Buffer.from(old) });
    const both = await runCli(['diff', '-', '-'], { cwd: dir, stdin: old });
    expect({
      before: [before.code, before.stderr, before.stdout.split('\n')[0]],
      after: [after.code, after.stderr, after.stdout.includes('samples/reassurance-seeking (removed)')],
      both: [both.code, both.stdout, both.stderr],
    }).toEqual({
      before: [0, '', 'reassure diff: - (reassure 0.1.0) -> new.json (reassure 0.1.0)'],
      after: [0, '', true],
      both: [2, '', 'both reports are - (standard input), which holds one: give a file for the other\n'],
    });
  });

  // A session finding read `turn 5  over-reliance` and trailing spaces in diff --details, where
  // audit --details reads `turns 5, 7  over-reliance  value 2`.
  test('--details words a session finding as audit --details does: its turns and value', async () => {
    const run = await runCli(['diff', 'old.json', 'new.json', '--details', '--no-config'], { cwd: dir });
    const audit = await runCli(['audit', 'samples/reassurance-seeking.txt', '--details', '--no-config']);
    const sessionLine = /^ {2}\S+ {2}(turns [\d, ]+ {2}over-reliance {2}value [\d.]+)$/m.exec(audit.stdout)?.[1];
    expect(sessionLine).toBeDefined();
    expect(run.stdout.split('\n')).toContain(`+ samples/reassurance-seeking  ${sessionLine ?? ''}`);
    expect(run.stdout.split('\n').filter((line) => line !== line.trimEnd())).toEqual([]);
  });

  // A report with one id twice (two files with one `session:`) was compared with no word of it.
  test('a session id twice in one report: one warning line naming the report and the id', async () => {
    await mkdir(join(dir, 'twice'), { recursive: true });
    await writeFile(join(dir, 'twice/a.yaml'), 'session: intake\nturns:\n  - speaker: Therapist\n    text: Everything will be fine.\n');
    await writeFile(join(dir, 'twice/b.yaml'), 'session: intake\nturns:\n  - speaker: Therapist\n    text: That sounds hard.\n');
    await runCli(['audit', 'twice', '-f', `json=${dir}/twice.json`], { cwd: dir });
    const run = await runCli(['diff', 'twice.json', 'twice.json'], { cwd: dir });
    const warning = 'twice.json: warning: session id "intake" is the id of 2 sessions in this report; they pair by file, then in order of their files\n';
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: warning + warning });
  });

  // A rule switched off between two runs read as its pitfalls resolved, with no word of the rule change.
  test('a rule switched off in the new run is named: its findings show as resolved', async () => {
    await writeFile(join(dir, 'off.yaml'), 'version: 1\nextends: default\nrules:\n  - id: ignoring-underlying-issues\n    enabled: false\n');
    await runCli(['audit', 'samples/grief.yaml', '--rules', join(dir, 'off.yaml'), '-f', `json=${dir}/off.json`]);
    const run = await runCli(['diff', 'old.json', 'off.json'], { cwd: dir });
    expect(run.stdout).toContain('\nrules only in the old report: ignoring-underlying-issues (switched off or removed: their findings show as resolved)\n');
    expect((await runCli(['diff', 'old.json', 'new.json'], { cwd: dir })).stdout).not.toContain('rules only in');
    const json = JSON.parse((await runCli(['diff', 'old.json', 'off.json', '--format', 'json'], { cwd: dir })).stdout) as { rulesOnlyIn: unknown };
    expect(json.rulesOnlyIn).toEqual({ old: ['ignoring-underlying-issues'], new: [] });
  });

  // diff had no --redact: reports that were not redacted showed every new finding's words.
  test('--redact, or redact: true in the config, shows no word of the findings in any format', async () => {
    await writeFile(join(dir, 'redact.yaml'), 'redact: true\n');
    const plain = await runCli(['diff', 'old.json', 'new.json', '--details', '--no-config'], { cwd: dir });
    const excerpt = /^\+ .* "(.{12,})"$/m.exec(plain.stdout)?.[1] ?? '';
    expect(excerpt).not.toBe('');
    for (const args of [['-f', 'table', '--redact', '--no-config'], ['-f', 'json', '--redact', '--no-config'], ['-f', 'html', '--redact', '--no-config'], ['--config', 'redact.yaml']]) {
      const run = await runCli(['diff', 'old.json', 'new.json', '--details', ...args], { cwd: dir });
      expect({ code: run.code, leaked: run.stdout.includes(excerpt), redacted: /\[redacted\]|"redacted": true/.test(run.stdout) }).toEqual({ code: 0, leaked: false, redacted: true });
    }
  });

  // Session ids of text transcripts are their paths: every session was removed and added.
  test('reports of the same files made from two working folders pair their sessions, and say so', async () => {
    await mkdir(join(dir, 'proj/transcripts'), { recursive: true });
    await writeFile(join(dir, 'proj/transcripts/a.txt'), 'Client: I failed again.\nTherapist: Everything will be fine.\n');
    await writeFile(join(dir, 'proj/b.txt'), 'Client: I failed again.\nTherapist: That sounds hard.\n');
    await runCli(['audit', 'transcripts', 'b.txt', '--no-config', '-f', 'json=../outside.json'], { cwd: join(dir, 'proj') });
    await runCli(['audit', '.', '../b.txt', '--no-config', '-f', 'json=../../inside.json'], { cwd: join(dir, 'proj/transcripts') });
    const run = await runCli(['diff', 'outside.json', 'inside.json'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr, tail: run.stdout.split('\n').slice(-3) }).toEqual({
      code: 0,
      stderr: '',
      tail: [
        '2 sessions paired by file across working folders: the new report was made in transcripts/ (b.txt in the old report is ../b.txt in the new)',
        '0 new (0 pitfalls), 0 resolved (0 pitfalls), 2 unchanged',
        '',
      ],
    });
  });

  test('json and html, to standard output and to a file', async () => {
    const json = await runCli(['diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir });
    const html = await runCli(['diff', 'old.json', 'new.json', '--format', 'html=out/diff.html'], { cwd: dir });
    const page = await readFile(join(dir, 'out/diff.html'), 'utf8');
    expect({
      totals: (JSON.parse(json.stdout) as { totals: { sessionsAdded: number } }).totals.sessionsAdded,
      htmlCode: html.code,
      page: page.startsWith('<!doctype html>') && page.includes('data-session="samples/reassurance-seeking" data-status="added"'),
    }).toEqual({ totals: 1, htmlCode: 0, page: true });
  });

  // `-o diff.json` wrote the terminal table into diff.json (and `-o diff.html` too), where audit's -o follows the extension.
  test.each([
    { args: ['-o', 'diff.json'], file: 'diff.json', starts: '{\n  "diffVersion"' },
    { args: ['-o', 'out/diff.html'], file: 'out/diff.html', starts: '<!doctype html>' },
    { args: ['-o', 'diff.txt'], file: 'diff.txt', starts: 'reassure diff:' },
    { args: ['--format', 'table', '-o', 'table.json'], file: 'table.json', starts: 'reassure diff:' },
  ])('$args writes the format that -o\'s extension names, unless --format names one', async ({ args, file, starts }) => {
    const run = await runCli(['diff', 'old.json', 'new.json', ...args], { cwd: dir });
    const text = await readFile(join(dir, file), 'utf8');
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr, starts: text.slice(0, starts.length) }).toEqual({ code: 0, stdout: '', stderr: '', starts });
  });

  // `-` is standard output for every report (README, Where reports go), not a file named "-".
  test.each([['-o', '-'], ['--format', 'json=-']])('%s %s writes to standard output', async (flag, value) => {
    const run = await runCli(['diff', 'old.json', 'new.json', flag, value], { cwd: dir });
    const written = await readFile(join(dir, '-'), 'utf8').catch(() => undefined);
    expect({ code: run.code, starts: run.stdout.slice(0, 14), written }).toEqual({ code: 0, starts: flag === '-o' ? 'reassure diff:' : '{\n  "diffVersi', written: undefined });
  });

  test.each([
    { args: ['missing.json', 'old.json'], stderr: 'missing.json: no such file or directory\n' },
    { args: ['bad.json', 'old.json'], stderr: expect.stringMatching(/^bad\.json:1:\d+: invalid JSON: /) },
    // A transcript given for a report was "invalid JSON: unexpected character" at its first letter.
    { args: ['old.json', 'session.txt'], stderr: 'session.txt: a transcript, not a report: diff compares two JSON reports, written by `reassure audit PATHS -o NAME.json`\n' },
    { args: ['old.json', 'old.json', '--format', 'sarif'], stderr: '--format: got "sarif", expected one of table, json, html\n' },
    { args: ['old.json', 'old.json', '--format', 'jsn'], stderr: '--format: got "jsn", did you mean "json"?\n' },
    // The output would replace the report it is read from.
    { args: ['old.json', 'new.json', '-o', 'old.json'], stderr: 'old.json: is both an input and the json output; write the report to another file\n' },
    { args: ['old.json', 'new.json', '--format', 'json=./new.json'], stderr: 'new.json: is both an input and the json output; write the report to another file\n' },
    // A tool without its version was "internal error (please report it)" and a stack.
    { args: ['old.json', 'noversion.json', '--format', 'html'], stderr: 'noversion.json: not a reassure JSON report: tool: missing "version"\n' },
    // Named as the user wrote it, not by its absolute path.
    { args: ['old.json', 'new.json', '-o', 'old.json/diff.txt'], stderr: 'old.json/diff.txt: cannot write the report: a parent path is not a directory\n' },
  ])('diff $args exits 2 with one line', async ({ args, stderr }) => {
    await writeFile(join(dir, 'bad.json'), '{"schemaVersion": 1,, }');
    await writeFile(join(dir, 'session.txt'), 'Client: I failed again.\nTherapist: Everything will be fine.\n');
    const report = JSON.parse(await readFile(join(dir, 'old.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'noversion.json'), JSON.stringify({ ...report, tool: { name: 'reassure' } }));
    const run = await runCli(['diff', ...args], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 2, stderr, stdout: '' });
    expect(JSON.parse(await readFile(join(dir, 'old.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
    expect(JSON.parse(await readFile(join(dir, 'new.json'), 'utf8'))).toMatchObject({ schemaVersion: 1 });
  });
});
