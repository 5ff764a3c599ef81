import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

/** A project folder with a transcript in `sessions/` and, when given, a config file. */
function makeProject(config?: string, name = '.reassurerc.yaml'): string {
  const root = mkdtempSync(path.join(tmpdir(), 'reassure-config-'));
  mkdirSync(path.join(root, 'sessions', 'deep'), { recursive: true });
  cpSync('test/fixtures/cli/same.yaml', path.join(root, 'sessions', 'same.yaml'));
  if (config !== undefined) writeFileSync(path.join(root, name), config);
  return root;
}

describe('config files', () => {
  test('found by walking up from the working directory; include is audited when no path is given', async () => {
    const root = makeProject('include: [sessions]\nfail-on: never\nformat: [json]\n', 'reassure.config.yaml');
    const run = await runCli(['audit'], { cwd: path.join(root, 'sessions', 'deep') });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { sessions: { file: string }[] }).sessions.map((s) => s.file)).toEqual(['../same.yaml']);
  });

  test('per-rule severity and the fail level gate together', async () => {
    const root = makeProject('fail-on: error\nseverity:\n  false-hope: error\n');
    expect((await runCli(['audit', 'sessions'], { cwd: root })).code).toBe(1);
    const relaxed = makeProject('fail-on: error\n');
    expect((await runCli(['audit', 'sessions'], { cwd: relaxed })).code).toBe(0);
  });

  test('disable switches rules off; the command line wins over the config', async () => {
    const root = makeProject('disable: [false-hope, reinforcing-negative-thoughts, over-reliance]\nfail-on: never\n');
    const quiet = await runCli(['audit', 'sessions', '--format', 'json'], { cwd: root });
    expect(quiet.code).toBe(0);
    expect(Object.keys((JSON.parse(quiet.stdout) as { totals: { counts: object } }).totals.counts)).not.toContain('false-hope');
    expect((await runCli(['audit', 'sessions', '--fail-on', 'warning'], { cwd: root })).code).toBe(0);
    expect((await runCli(['audit', 'sessions', '--fail-on', 'info'], { cwd: root })).code).toBe(0);
  });

  test('--no-config ignores the file; --config names one', async () => {
    const root = makeProject('fail-on: never\n');
    expect((await runCli(['audit', 'sessions'], { cwd: root })).code).toBe(0);
    expect((await runCli(['audit', 'sessions', '--no-config'], { cwd: root })).code).toBe(1);
    writeFileSync(path.join(root, 'strict.yaml'), 'fail-on: warning\n');
    expect((await runCli(['audit', 'sessions', '--config', 'strict.yaml'], { cwd: root })).code).toBe(1);
  });

  test('unknown keys and bad values are errors with file:line:col, exit 2, no transcript read', async () => {
    const root = makeProject('fail-on: sometimes\ncolour: red\n');
    const run = await runCli(['audit', 'sessions'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      '.reassurerc.yaml:1:10: fail-on: got "sometimes", expected one of info, warning, error, never',
      expect.stringMatching(/^\.reassurerc\.yaml:2:1: colour: unknown key "colour" \(expected one of /) as string,
      '2 problems in the config file; no transcript was read',
    ]);
  });

  // A mistyped value was answered with the whole list and no guess.
  test('a mistyped choice value gets a "did you mean", exit 2', async () => {
    const run = await runCli(['audit', 'sessions'], { cwd: makeProject('fail-on: warn\nformat: [htm]\n') });
    expect({ code: run.code, stderr: run.stderr.split('\n').filter(Boolean) }).toEqual({
      code: 2,
      stderr: [
        '.reassurerc.yaml:1:10: fail-on: got "warn", did you mean "warning"?',
        '.reassurerc.yaml:2:10: format[0]: got "htm", did you mean "html"?',
        '2 problems in the config file; no transcript was read',
      ],
    });
  });

  // A key holding a line break printed its problem over two lines; a path holding a NUL
  // (a YAML "\0") printed the NUL and Node's code, "cannot read file (ERR_INVALID_ARG_VALUE)".
  test('control characters in a key or a path are escaped: one line per problem', async () => {
    const key = await runCli(['audit', 'sessions'], { cwd: makeProject('"fail\\non": never\n') });
    const nul = await runCli(['audit'], { cwd: makeProject('include: ["sessions", "a\\0b"]\n') });
    expect({ key: key.stderr.split('\n').filter(Boolean), nul: { code: nul.code, problem: nul.stderr.split('\n')[0] } }).toEqual({
      key: [expect.stringMatching(/^\.reassurerc\.yaml:1:1: "fail\\non": unknown key "fail\\non" \(/) as string, '1 problem in the config file; no transcript was read'],
      nul: { code: 2, problem: 'a\\u0000b: a file name cannot hold a NUL character' },
    });
  });

  // It printed `severity. false-hope`, at the line of `severity:`: the entry was read back out
  // of the message, which a key with a space or a dot does not survive.
  test('a severity override of an id with odd characters is quoted and named at its entry', async () => {
    const run = await runCli(['audit', 'sessions'], { cwd: makeProject('severity:\n  " false-hope": error\n  "a.b": error\n  "a:b": error\n') });
    expect(run.stderr.split('\n').filter(Boolean).map((line) => line.replace(/ \(.*/, ''))).toEqual([
      '.reassurerc.yaml:2:3: severity." false-hope": unknown rule " false-hope"',
      '.reassurerc.yaml:3:3: severity."a.b": unknown rule "a.b"',
      '.reassurerc.yaml:4:3: severity."a:b": unknown rule "a:b"',
      'the configuration names rules that cannot be changed; no transcript was read',
    ]);
  });

  // Both were named at the line of `severity:` or `disable:`, with no column.
  test('a severity override or a switched-off rule of an unknown id is named at its entry', async () => {
    const root = makeProject('severity:\n  false-hope: error\n  false-hop: error\ndisable: [education, educaton]\n');
    const run = await runCli(['audit', 'sessions'], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n').filter(Boolean).map((line) => line.replace(/ \(.*/, ''))).toEqual([
      '.reassurerc.yaml:3:3: severity.false-hop: unknown rule "false-hop"',
      '.reassurerc.yaml:4:22: disable[1]: unknown rule "educaton"',
      'the configuration names rules that cannot be changed; no transcript was read',
    ]);
  });

  // Both blamed flags that were never typed: "--format: only one format can go to standard output".
  test('formats and an output the config gives that do not fit together are named at their key', async () => {
    const twice = await runCli(['audit', 'sessions'], { cwd: makeProject('fail-on: never\nformat: [table, json]\n') });
    const output = await runCli(['audit', 'sessions'], { cwd: makeProject('format: [table, json]\noutput: report.txt\n') });
    expect({ twice: [twice.code, twice.stderr], output: [output.code, output.stderr] }).toEqual({
      twice: [2, '.reassurerc.yaml:2:1: format: only one format can go to standard output; give the others a file (name=file)\n'],
      output: [2, '.reassurerc.yaml:2:1: output: several formats have no file; write them as name=file\n'],
    });
  });

  // Either typed flag made both count as typed: "--output: …; write them as --format name=file"
  // for formats only the config gave, and an output the config gave was blamed on `--output`.
  test('when one of formats and output is typed and the other configured, each is named where it is written', async () => {
    const typedOutput = await runCli(['audit', 'sessions', '-o', 'report.txt'], { cwd: makeProject('fail-on: never\nformat: [table, json]\n') });
    const typedFormats = await runCli(['audit', 'sessions', '--format', 'table', '--format', 'json'], { cwd: makeProject('fail-on: never\noutput: report.txt\n') });
    expect({ typedOutput: [typedOutput.code, typedOutput.stderr], typedFormats: [typedFormats.code, typedFormats.stderr] }).toEqual({
      typedOutput: [2, '--output: several formats have no file; write them as name=file under format in .reassurerc.yaml\n'],
      typedFormats: [2, '.reassurerc.yaml:2:1: output: several formats have no file; write them as --format name=file\n'],
    });
  });

  // `output: reports/` (or `format: [json=reports/]`) lost its slash when made relative to
  // the working folder, so the run wrote a file named `reports`; `-o reports/` was refused.
  test.each(['output: reports/', 'format: [json=reports/]'])('a configured output ending in a slash names a folder: refused, nothing written (%s)', async (line) => {
    const root = makeProject(`fail-on: never\n${line}\n`);
    const run = await runCli(['audit', 'sessions'], { cwd: root });
    expect([run.code, run.stderr]).toEqual([2, 'reports/: names a folder (it ends with "/"); give the report a file name, such as reports/reassure.json\n']);
    expect(existsSync(path.join(root, 'reports'))).toBe(false);
  });

  // It said "rules/team.yaml:1:1: cannot read rule file: no such file", a place in a file
  // that is not there, and not the config file (perhaps in a folder above) that named it.
  test('a rule file the config names that cannot be read is named at the config line', async () => {
    const root = makeProject('fail-on: never\nrules: rules/team.yaml\n');
    mkdirSync(path.join(root, 'folder.yaml'));
    const missing = await runCli(['audit', 'sessions'], { cwd: root });
    const folder = await runCli(['rules', 'list'], { cwd: makeProject('rules: ../' + path.basename(root) + '/folder.yaml\n') });
    expect({ missing: [missing.code, missing.stderr], folder: [folder.code, folder.stderr.replace(/\.\.\/[^/]+\//, '../X/')] }).toEqual({
      missing: [2, '.reassurerc.yaml:2:1: rules: cannot read rules/team.yaml: no such file\n'],
      folder: [2, '.reassurerc.yaml:1:1: rules: cannot read ../X/folder.yaml: is a directory, not a file\n'],
    });
  });

  test('print-config shows each value and where it came from', async () => {
    const root = makeProject('fail-on: error\nroles:\n  therapist: [Dr. Lee]\nredact: true\n');
    const run = await runCli(['print-config', '--details', '--therapist', 'Sam'], { cwd: root });
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('config file: .reassurerc.yaml');
    expect(lines.find((line) => line.startsWith('fail-on'))).toMatch(/^fail-on\s+error\s+\.reassurerc\.yaml:1$/);
    expect(lines.find((line) => line.startsWith('details'))).toMatch(/^details\s+true\s+command line$/);
    expect(lines.find((line) => line.startsWith('roles'))).toMatch(/^roles\s+therapist: Dr\. Lee, Sam; client: \(none\)\s+\.reassurerc\.yaml:2 \+ command line$/);
    expect(lines.find((line) => line.startsWith('strict'))).toMatch(/^strict\s+false\s+default$/);
  });

  test('sessions in the config fill in what the transcript does not say (here the date; its own therapist wins), for the html trends', async () => {
    const root = makeProject('sessions:\n  - files: sessions/*.yaml\n    therapist: Dr. Ames\n    date: "2026-02-03"\nformat: [html]\n');
    const run = await runCli(['audit', 'sessions'], { cwd: root });
    const config = await runCli(['print-config'], { cwd: root });
    expect({
      trend: run.stdout.includes('data-therapist="Dr. Example"'),
      date: run.stdout.includes('<td>2026-02-03</td>'),
      shown: config.stdout.split('\n').find((line) => line.startsWith('sessions')),
    }).toEqual({ trend: true, date: true, shown: expect.stringMatching(/^sessions\s+\{files: sessions\/\*\.yaml; therapist: Dr\. Ames; date: 2026-02-03\}\s+\.reassurerc\.yaml:1$/) });
  });

  // The entry's therapist reached the html trends only: Jane's turns were "other", with a warning.
  test("a sessions entry's therapist is the therapist of its files' sessions, in audit and speakers", async () => {
    const root = makeProject('sessions:\n  - files: talks/*.txt\n    therapist: Jane\nfail-on: never\n');
    mkdirSync(path.join(root, 'talks'));
    writeFileSync(path.join(root, 'talks', 'a.txt'), 'Sam: I keep worrying.\nJane: Everything will be fine, I promise.\n');
    writeFileSync(path.join(root, 'b.txt'), 'Sam: I keep worrying.\nJane: Everything will be fine, I promise.\n');
    const run = await runCli(['audit', 'talks', '-f', 'json', '-j', '1'], { cwd: root });
    const speakers = await runCli(['speakers', 'talks/a.txt', 'b.txt'], { cwd: root });
    const report = JSON.parse(run.stdout) as { sessions: { therapistTurns: number; counts: Record<string, number> }[] };
    expect({ stderr: run.stderr, sessions: report.sessions.map((s) => [s.therapistTurns, s.counts['false-hope']]) }).toEqual({ stderr: '', sessions: [[1, 1]] });
    expect(speakers.stdout).toContain('talks/a.txt  (session talks/a)\n  Sam   client     1 turn\n  Jane  therapist  1 turn\n');
    expect(speakers.stdout).toContain('b.txt  (session b)\n  Sam   other      1 turn\n  Jane  other      1 turn\n');
  });

  test('redact: true in the config keeps transcript text out of the report', async () => {
    const root = makeProject('redact: true\nformat: [json]\n');
    const run = await runCli(['audit', 'sessions'], { cwd: root });
    expect(run.stdout).not.toContain('Everything will be fine');
    expect((JSON.parse(run.stdout) as { redacted: boolean }).redacted).toBe(true);
  });
});
