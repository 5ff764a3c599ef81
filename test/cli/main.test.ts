import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { expectGolden } from '../helpers/golden.js';
import { runCli } from '../helpers/run-cli.js';

const fixtures = 'test/fixtures/cli';

describe('reassure audit on the samples (golden files)', () => {
  test('table, no colour', async () => {
    const run = await runCli(['audit', 'samples/']);
    expect(run.code).toBe(1);
    await expectGolden(run.stdout, 'samples/audit.table.txt');
  });

  test('table with --details', async () => {
    const run = await runCli(['audit', 'samples/', '--details']);
    await expectGolden(run.stdout, 'samples/audit.details.txt');
  });

  test('JSON report: every rule id zero-filled in every session', async () => {
    const run = await runCli(['audit', 'samples/', '--format', 'json']);
    await expectGolden(run.stdout, 'samples/audit.json');
    const report = JSON.parse(run.stdout) as { rules: { id: string }[]; sessions: { counts: Record<string, number> }[] };
    const ids = report.rules.map((rule) => rule.id);
    expect(ids).toHaveLength(10);
    for (const session of report.sessions) expect(Object.keys(session.counts)).toEqual(ids);
  });

  test('the JSON report of the samples conforms to schema/report.schema.json', async () => {
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync('schema/report.schema.json', 'utf8')) as object);
    const run = await runCli(['audit', 'samples/', '--format', 'json', '--details']);
    expect(validate(JSON.parse(run.stdout)) ? [] : validate.errors).toEqual([]);
  });

  test('all ten rule ids are found somewhere in the samples', async () => {
    const run = await runCli(['audit', 'samples/', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { totals: { counts: Record<string, number> } };
    expect(Object.entries(report.totals.counts).filter(([, count]) => count === 0)).toEqual([]);
  });
});

describe('exit codes', () => {
  test.each([
    [['audit', `${fixtures}/clean.yaml`], 0],
    [['audit', `${fixtures}/same.yaml`], 1],
    [['audit', `${fixtures}/same.yaml`, '--fail-on', 'never'], 0],
    [['audit', `${fixtures}/same.yaml`, '--fail-on', 'error'], 0],
    [['audit', `${fixtures}/clean.yaml`, '--fail-on', 'info'], 0],
    [['audit', 'no/such/file.yaml'], 2],
    [['audit', `${fixtures}/clean.yaml`, '--fail-on', 'sometimes'], 2],
    [['audit', `${fixtures}/clean.yaml`, '--format', 'yaml'], 2],
    [['audit'], 2],
    [['frobnicate'], 2],
    [['--version'], 0],
    [['--help'], 0],
  ])('%j exits %i', async (argv, code) => {
    expect((await runCli(argv)).code).toBe(code);
  });

  // Each was taken silently: the same label as both (the therapist won), an empty label, and the next flag swallowed as a name.
  test.each([
    { argv: ['-t', 'Dr. Lee', '-c', 'dr. lee'], stderr: '--client: "dr. lee" is also a therapist label; give each label one role\n' },
    { argv: ['--therapist', ''], stderr: '--therapist: got "", expected a speaker label\n' },
    { argv: ['-c', ' '], stderr: '--client: got " ", expected a speaker label\n' },
    { argv: ['-t', '--format', 'json'], stderr: '--therapist: got "--format", expected a speaker label (a value missing before it?)\n' },
  ])('speaker label flags $argv: one line, exit 2', async ({ argv, stderr }) => {
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, ...argv]);
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 2, stderr, stdout: '' });
  });

  // A mistyped choice listed every choice with no guess at the one meant.
  test.each([
    { argv: ['--format', 'htm'], stderr: '--format: got "htm", did you mean "html"?\n' },
    { argv: ['--fail-on', 'warn'], stderr: '--fail-on: got "warn", did you mean "warning"?\n' },
    { argv: ['--fail-on', 'sometimes'], stderr: '--fail-on: got "sometimes", expected one of info, warning, error, never\n' },
  ])('choice flags $argv: one line, exit 2', async ({ argv, stderr }) => {
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, ...argv]);
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 2, stderr, stdout: '' });
  });

  // An empty path named the working directory: `audit ''` audited the whole folder, `merge
  // ''` said ".: is a directory", `--rules ''` "/home/me/project:1:1: cannot read rule file:
  // is a directory, not a file", `-o ''` ": cannot write the report: it is a directory". And
  // `-o --redact` wrote the report, unredacted, to a file named "--redact".
  test.each([
    { argv: ['audit', ''], stderr: 'audit: an empty path ("") names no file' },
    { argv: ['merge', 'r.json', ''], stderr: 'merge: an empty path ("") names no file' },
    { argv: ['diff', '', 'r.json'], stderr: 'diff: an empty path ("") names no file' },
    { argv: ['rules', 'test', ''], stderr: 'rules test: an empty path ("") names no file' },
    { argv: ['init', ''], stderr: 'init: an empty path ("") names no file' },
    { argv: ['audit', 'clean.yaml', '--rules', ''], stderr: '--rules: got "", expected a file' },
    { argv: ['rules', 'list', '--config', ''], stderr: '--config: got "", expected a file' },
    { argv: ['audit', 'clean.yaml', '-o', ''], stderr: '--output: got "", expected a file' },
    { argv: ['eval', 'clean.yaml', '--baseline', ''], stderr: '--baseline: got "", expected a file' },
    { argv: ['audit', 'clean.yaml', '-o', '--redact'], stderr: '--output: got "--redact", expected a file (a value missing before it?)' },
    { argv: ['train', 'clean.yaml', '-o', '--folds', '3'], stderr: '--output: got "--folds", expected a file (a value missing before it?)' },
  ])('$argv: one line, exit 2, nothing written', async ({ argv, stderr }) => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'reassure-empty-'));
    try {
      writeFileSync(path.join(cwd, 'clean.yaml'), readFileSync(`${fixtures}/clean.yaml`));
      const run = await runCli(argv, { cwd });
      expect({ code: run.code, stderr: run.stderr, stdout: run.stdout, files: readdirSync(cwd) }).toEqual({ code: 2, stderr: `${stderr}\n`, stdout: '', files: ['clean.yaml'] });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test('a CSV on standard input with the header --columns names is read as CSV', async () => {
    const run = await runCli(['audit', '-', '--columns', 'speaker=Who,text=Said', '--format', 'json'], { stdin: 'Who,Said\nClient,The bus was late.\nTherapist,How did that go?\n' });
    const report = JSON.parse(run.stdout) as { sessions: { format: string; turns: number }[] };
    expect({ code: run.code, stderr: run.stderr, sessions: report.sessions.map(({ format, turns }) => ({ format, turns })) }).toEqual({ code: 0, stderr: '', sessions: [{ format: 'csv', turns: 2 }] });
  });

  // An empty --ignore reached fast-glob, which threw: an internal error with a stack trace.
  test('an empty --ignore: one line, exit 2', async () => {
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, '--ignore', '']);
    expect({ code: run.code, stderr: run.stderr, stdout: run.stdout }).toEqual({ code: 2, stderr: '--ignore: got "", expected a glob\n', stdout: '' });
  });

  test('a missing path is one line naming it, exit 2', async () => {
    const run = await runCli(['audit', 'no/such/file.yaml']);
    expect(run.stderr).toBe('no/such/file.yaml: no such file or directory\n');
  });

  test('a glob that matches nothing is one line naming it', async () => {
    const run = await runCli(['audit', 'samples/*.nothing']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('samples/*.nothing');
  });

  test('a broken transcript is reported with file:line, the others are still audited, exit 2', async () => {
    const run = await runCli(['audit', `${fixtures}/broken.yaml`, `${fixtures}/clean.yaml`, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^test\/fixtures\/cli\/broken\.yaml:\d+: .+\n$/);
    expect((JSON.parse(run.stdout) as { sessions: { id: string }[] }).sessions.map((s) => s.id)).toEqual(['clean']);
  });

  test('a session with no therapist turn is reported, with a warning naming the speakers', async () => {
    const run = await runCli(['audit', `${fixtures}/no-therapist.txt`, '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('test/fixtures/cli/no-therapist.txt');
    expect(run.stderr).toContain('Anna');
    expect(run.stderr).toContain('Ben');
    const report = JSON.parse(run.stdout) as { sessions: { therapistTurns: number }[] };
    expect(report.sessions.map((s) => s.therapistTurns)).toEqual([0]);
  });

  // A transcript's `date: 2026-02-30` went into the html trends as a date; `tomorrow` was dropped without a word.
  test("a transcript's date not on the calendar is a warning at its line; the session is audited without it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-date-'));
    const turns = 'turns:\n  - speaker: Client\n    text: I worry.\n  - speaker: Therapist\n    text: It will be fine.\n';
    writeFileSync(path.join(dir, 'a.yaml'), `therapist: Dr. Vell\ndate: 2026-02-30\n${turns}`);
    writeFileSync(path.join(dir, 'b.yaml'), `# full YAML reader\ntherapist: Dr. Vell\ndate: tomorrow\n${turns}`);
    writeFileSync(path.join(dir, 'c.json'), '{\n  "therapist": "Dr. Vell",\n  "date": "2026-13-01",\n  "turns": [{"speaker": "Client", "text": "I worry."}, {"speaker": "Therapist", "text": "It will be fine."}]\n}\n');
    writeFileSync(path.join(dir, 'd.yaml'), `therapist: Dr. Vell\ndate: 2024-02-29\n${turns}`);
    const run = await runCli(['audit', '.', '--format', 'json', '--no-config'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { sessions: { id: string; date?: string; counts: Record<string, number> }[]; warnings: { kind: string }[] };
    expect({
      code: run.code,
      stderr: run.stderr.split('\n').filter(Boolean),
      sessions: report.sessions.map((s) => [s.id, s.date, s.counts['false-hope']]),
      kinds: report.warnings.map((w) => w.kind),
    }).toEqual({
      code: 1,
      stderr: [
        'a.yaml:2: warning: date: got "2026-02-30", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date',
        'b.yaml:3: warning: date: got "tomorrow", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date',
        'c.json:3: warning: date: got "2026-13-01", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date',
      ],
      sessions: [['a', undefined, 1], ['b', undefined, 1], ['c', undefined, 1], ['d', '2024-02-29', 1]],
      kinds: ['invalid-date', 'invalid-date', 'invalid-date'],
    });
    rmSync(dir, { recursive: true });
  });

  test('--therapist names the therapist label', async () => {
    const run = await runCli(['audit', `${fixtures}/no-therapist.txt`, '--therapist', 'Ben', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect((JSON.parse(run.stdout) as { sessions: { therapistTurns: number }[] }).sessions[0]?.therapistTurns).toBe(1);
  });

  test('a bad rule file lists every problem as file:line:col and reads no transcript', async () => {
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, '--rules', 'test/fixtures/rules/bad-many.yaml']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'test/fixtures/rules/bad-many.yaml:6:11: rules[0].kind: got "pitfal", did you mean "pitfall"?',
      'test/fixtures/rules/bad-many.yaml:8:15: rules[0].severity: got "warn", did you mean "warning"?',
      'test/fixtures/rules/bad-many.yaml:13:5: rules[0].colour: unknown key "colour" (expected one of id, enabled, kind, name, severity, description, rationale, match, unless, context, session, examples)',
      '3 problems in the rule file; no transcript was read',
    ]);
  });

  // `rules test` and the others said "no transcript was read", though they never read one.
  test.each([
    { argv: ['rules', 'test', 'test/fixtures/rules/bad-many.yaml'], last: '3 problems in the rule file; no example was run' },
    { argv: ['rules', 'list', '--rules', 'test/fixtures/rules/bad-many.yaml'], last: '3 problems in the rule file' },
    { argv: ['merge', 'r.json', '--rules', 'test/fixtures/rules/bad-many.yaml'], last: '3 problems in the rule file; no report was read' },
    { argv: ['eval', `${fixtures}/clean.yaml`, '--rules', 'test/fixtures/rules/bad-many.yaml'], last: '3 problems in the rule file; no transcript was read' },
    { argv: ['print-config', '--config', 'test/fixtures/config/bad-values.yaml'], last: '2 problems in the config file' },
    { argv: ['speakers', `${fixtures}/clean.yaml`, '--config', 'test/fixtures/config/bad-values.yaml'], last: '2 problems in the config file; no transcript was read' },
  ])('$argv: the closing line says what was not done', async ({ argv, last }) => {
    const run = await runCli(argv);
    expect({ code: run.code, last: run.stderr.trimEnd().split('\n').at(-1) }).toEqual({ code: 2, last });
  });
});

describe('inputs', () => {
  test('the same turns as YAML and as plain text give identical counts', async () => {
    const counts = async (file: string) => {
      const run = await runCli(['audit', file, '--format', 'json']);
      const report = JSON.parse(run.stdout) as { sessions: { counts: Record<string, number>; therapistTurns: number }[] };
      return report.sessions.map((s) => [s.therapistTurns, s.counts]);
    };
    const yaml = await counts(`${fixtures}/same.yaml`);
    expect(yaml).toEqual(await counts(`${fixtures}/same.txt`));
    expect(yaml[0]?.[1]).toMatchObject({ empathy: 1, normalizing: 1, 'false-hope': 1 });
  });

  test('- reads one transcript from standard input', async () => {
    const run = await runCli(['audit', '-', '--format', 'json'], { stdin: readFileSync(`${fixtures}/same.txt`, 'utf8') });
    const report = JSON.parse(run.stdout) as { sessions: { file: string; therapistTurns: number }[] };
    expect(report.sessions.map((s) => [s.file, s.therapistTurns])).toEqual([['-', 2]]);
  });

  // Standard input was decoded as UTF-8 whatever it held: UTF-16 was "no speaker labels
  // found", and Windows-1252 lost its accents without a word, where a file is read as written.
  test.each([
    ['UTF-16', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Client: Hi?\nTherapist: Hello.\nZo\u00e9: Hi.\n', 'utf16le')])],
    ['Windows-1252', Buffer.from('Client: Hi?\nTherapist: Hello.\nZo\u00e9: Hi.\n', 'latin1')],
  ])('- in %s reads the speakers a file in it gives', async (_name, stdin) => {
    const run = await runCli(['speakers', '-', '--no-config'], { stdin });
    expect([run.code, run.stdout]).toEqual([0, '-  (session -)\n  Client     client     1 turn\n  Therapist  therapist  1 turn\n  Zo\u00e9        other      1 turn\n']);
  });

  // The README's "a whole session per line" worked on standard input; the same .jsonl file exited 2 ("turn 1 has no `speaker`").
  test('a .jsonl file of a whole session per line gives the findings standard input gives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-whole-jsonl-'));
    try {
      const lines = ['a', 'b'].map((id) => JSON.stringify({ session: id, turns: [{ speaker: 'Client', text: 'Will I be okay?' }, { speaker: 'Therapist', text: 'Everything will be fine.' }] }));
      writeFileSync(path.join(dir, 'sessions.jsonl'), `${lines.join('\n')}\n`);
      const counts = (stdout: string): unknown => (JSON.parse(stdout) as { sessions: { id: string; counts: Record<string, number> }[] }).sessions.map((s) => [s.id, s.counts['false-hope']]);
      const file = await runCli(['audit', 'sessions.jsonl', '--format', 'json'], { cwd: dir });
      const stdin = await runCli(['audit', '-', '--format', 'json'], { cwd: dir, stdin: `${lines.join('\n')}\n` });
      expect([file.code, file.stderr, counts(file.stdout)]).toEqual([1, '', [['a', 1], ['b', 1]]]);
      expect(counts(stdin.stdout)).toEqual(counts(file.stdout));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('- with nothing on standard input (an empty shard of a streaming job) audits no session and exits 0', async () => {
    const run = await runCli(['audit', '-', '--format', 'jsonl', '--fail-on', 'never'], { stdin: '' });
    const warning = { type: 'warning', file: '-', message: 'standard input is empty: no session to audit', kind: 'empty-input' };
    expect([run.code, JSON.parse(run.stdout), run.stderr.trim()]).toEqual([0, expect.objectContaining(warning), '-: warning: standard input is empty: no session to audit']);
  });

  test('quoted globs are expanded, files audited in sorted order', async () => {
    const run = await runCli(['audit', 'samples/*.txt', 'samples/*.yaml', '--format', 'json']);
    const files = (JSON.parse(run.stdout) as { sessions: { file: string }[] }).sessions.map((s) => s.file);
    expect(files).toEqual([...files].sort());
    expect(files).toHaveLength(5);
  });
});

describe('output', () => {
  test('--output writes the report to a file and nothing to stdout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    const file = path.join(dir, 'out', 'report.json');
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, '--format', 'json', '--output', file]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect((JSON.parse(readFileSync(file, 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(1);
  });

  test('several formats in one run: one to stdout, the others to files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    const run = await runCli([
      'audit',
      `${fixtures}/same.yaml`,
      '--format',
      'table',
      '--format',
      `sarif=${dir}/r.sarif`,
      '--format',
      `junit=${dir}/r.xml`,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Creating false hope');
    expect(JSON.parse(readFileSync(`${dir}/r.sarif`, 'utf8'))).toMatchObject({ version: '2.1.0' });
    expect(readFileSync(`${dir}/r.xml`, 'utf8')).toContain('<testsuites');
  });

  test('an output file that cannot be written exits 2, never 0', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    writeFileSync(path.join(dir, 'file'), 'x');
    const run = await runCli(['audit', `${fixtures}/clean.yaml`, '--output', path.join(dir, 'file', 'report.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  // audit, merge and diff took -f; the commands with table or json output did not.
  test.each([
    ['speakers', 'samples/grief.yaml'],
    ['eval', 'samples/grief.yaml'],
    ['agree', 'samples/grief.yaml', 'samples/grief.yaml'],
    ['rules', 'suggest', 'empathy', 'samples/grief.yaml'],
  ])('-f is --format for %s too', async (...argv) => {
    const run = await runCli([...argv, '-f', 'json']);
    expect(run.stderr).not.toContain('unknown option');
    expect(() => JSON.parse(run.stdout) as unknown).not.toThrow();
  });

  test('colour only when asked or on a terminal, never with NO_COLOR', async () => {
    const hasAnsi = (text: string) => text.includes('\u001b[');
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`])).stdout)).toBe(false);
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`, '--color'])).stdout)).toBe(true);
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`, '--color', '--no-color'])).stdout)).toBe(false);
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`], { env: { FORCE_COLOR: '1' } })).stdout)).toBe(true);
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`], { env: { FORCE_COLOR: '0' } })).stdout)).toBe(false);
    expect(hasAnsi((await runCli(['audit', `${fixtures}/same.yaml`], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } })).stdout)).toBe(false);
  });
});

describe('reassure rules', () => {
  test('list prints id, kind, severity, scope and name for every rule', async () => {
    const run = await runCli(['rules', 'list']);
    expect(run.code).toBe(0);
    await expectGolden(run.stdout, 'rules/list.txt');
  });

  // A new author's mistyped cue got the whole list of 29 cues to search by eye.
  test('rules test names the cue a mistyped {@cue} or cue: most likely meant, at its line and column', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-cue-typo-'));
    try {
      const rule = ['  - id: minimising', '    kind: pitfall', '    name: Minimising', '    severity: warning', '    description: d', '    rationale: r', '    match:', '      - phrase: "{@negaton} only a"', '      - cue: reasurance', '    examples:', '      hit: ["only a test"]', '      miss: ["a big test"]'];
      writeFileSync(path.join(dir, 'mine.yaml'), ['version: 1', 'extends: default', 'rules:', ...rule, ''].join('\n'));
      const run = await runCli(['rules', 'test', 'mine.yaml'], { cwd: dir });
      expect([run.code, run.stdout, run.stderr]).toEqual([
        2,
        '',
        [
          'mine.yaml:11:17: rule "minimising": phrase "{@negaton} only a" names an unknown cue "negaton" (did you mean "negation"?)',
          'mine.yaml:12:14: rule "minimising": unknown cue "reasurance" (did you mean "reassurance"?)',
          '2 problems in the rule file; no example was run',
          '',
        ].join('\n'),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // A trainer who switched a rule off saw it vanish from the list, and explain said it did not exist.
  test('list names the rules switched off, and explain says a switched-off rule is off, not missing', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-off-'));
    try {
      writeFileSync(path.join(dir, 'mine.yaml'), 'version: 1\nextends: default\nrules:\n  - id: education\n    enabled: false\n');
      writeFileSync(path.join(dir, '.reassurerc.yaml'), 'rules: mine.yaml\ndisable: [invalidation]\n');
      const list = await runCli(['rules', 'list'], { cwd: dir });
      expect([list.code, list.stdout.trimEnd().split('\n').at(-1), list.stdout.includes('\ninvalidation ')]).toEqual([0, 'switched off: education, invalidation', false]);
      const explain = await runCli(['rules', 'explain', 'education'], { cwd: dir });
      expect([explain.code, explain.stderr]).toEqual([2, 'rules explain: rule "education" is switched off (`enabled: false` in a rule file, or `disable:` in the config file); switch it on to explain it\n']);
      expect((await runCli(['rules', 'list', '--no-config'], { cwd: dir })).stdout).not.toContain('switched off');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // `disable: [education]` over a rule file that had switched education off was exit 2,
  // "unknown rule"; a disabled rule that another rule uses was missing from the list.
  test('the config switching off a rule already off changes nothing; a rule others use is listed as switched off', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-off-'));
    try {
      writeFileSync(path.join(dir, 'mine.yaml'), 'version: 1\nextends: default\nrules:\n  - id: education\n    enabled: false\n');
      writeFileSync(path.join(dir, '.reassurerc.yaml'), 'rules: mine.yaml\ndisable: [education, empathy]\n');
      const list = await runCli(['rules', 'list'], { cwd: dir });
      expect([list.code, list.stderr, list.stdout.trimEnd().split('\n').at(-1), list.stdout.includes('\nempathy ')]).toEqual([0, '', 'switched off: education, empathy', false]);
      writeFileSync(path.join(dir, 's.txt'), 'Client: I worry.\nTherapist: It sounds like a lot.\n');
      expect((await runCli(['audit', 's.txt'], { cwd: dir })).code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("list's help names every column it prints", async () => {
    const header = (await runCli(['rules', 'list'])).stdout.split('\n')[0] ?? '';
    const help = (await runCli(['rules', 'list', '--help'])).stdout;
    const columns = header.toLowerCase().split(/\s+/).filter(Boolean);
    expect(columns.length).toBe(5);
    expect(columns.filter((column) => !help.includes(column))).toEqual([]);
  });

  test('test runs every example of the bundled rules', async () => {
    const run = await runCli(['rules', 'test']);
    expect(run.stdout).toMatch(/^10 rules: \d+ passed, 0 failed\n$/);
    expect(run.code).toBe(0);
  });

  test('test exits 1 and names the rule and the example that failed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    const file = path.join(dir, 'rules.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'rules:',
        '  - id: calm-down',
        '    kind: pitfall',
        '    name: Calm down',
        '    severity: warning',
        '    description: Tells the client to calm down.',
        '    rationale: Dismisses the feeling.',
        '    match: [{phrase: calm down}]',
        '    examples:',
        '      hit: ["Calm down.", "Relax."]',
        '      miss: ["Take your time."]',
      ].join('\n'),
    );
    const run = await runCli(['rules', 'test', file]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('FAIL calm-down hit #2: "Relax."\n1 rules: 2 passed, 1 failed\n');
  });

  // Every other command that reads rules takes -r/--rules; `rules test --rules FILE` was an unknown option.
  test('test takes its rule file as -r/--rules too, as list and explain do', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    try {
      const file = path.join(dir, 'rules.yaml');
      writeFileSync(file, 'version: 1\nextends: default\nrules:\n  - id: education\n    enabled: false\n');
      for (const argv of [['rules', 'test', file], ['rules', 'test', '--rules', file], ['rules', 'test', '-r', file]]) {
        const run = await runCli(argv);
        expect(run.stdout).toMatch(/^9 rules: \d+ passed, 0 failed\n$/);
        expect(run.code).toBe(0);
      }
      const both = await runCli(['rules', 'test', file, '--rules', 'default']);
      expect(both.code).toBe(2);
      expect(both.stderr).toBe(`rules test: got the rule file ${file} and --rules default; give one\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('explain prints description, rationale, cues and examples', async () => {
    const run = await runCli(['rules', 'explain', 'over-reliance']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('over-reliance — Over-reliance on reassurance');
    expect(run.stdout).toContain('Why it matters:');
    expect(run.stdout).toContain('Cues used:');
    expect(run.stdout).toContain('Examples that match:');
  });

  test('explain also describes a helper rule that other rules use, naming them', async () => {
    const run = await runCli(['rules', 'explain', 'false-hope', '--rules', 'test/fixtures/config/rules-false-hope-off.yaml']);
    expect([run.code, run.stdout.split('\n')[1]]).toEqual([0, 'kind: pitfall   severity: warning   (switched off in its rule file; still evaluated because over-reliance uses it; not reported)']);
  });

  // A rule the config's `disable:` switched off, kept for a rule that uses it, was "helper: not
  // reported": the user who switched it off was told it was a helper of the rule file.
  test("explain of a rule the config switches off while another uses it names the config's line and the rule", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-rules-off-'));
    try {
      writeFileSync(path.join(dir, '.reassurerc.yaml'), 'fail-on: never\ndisable:\n  - education\n  - empathy\n');
      const run = await runCli(['rules', 'explain', 'empathy'], { cwd: dir });
      expect([run.code, run.stderr, run.stdout.split('\n')[1]]).toEqual([
        0,
        '',
        'kind: technique   severity: info   (switched off by disable: in .reassurerc.yaml:4; still evaluated because moving-on-advice uses it; not reported)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // They read the bundled rules whatever the config said, while audit and eval read the config's.
  test('list, test and explain use the config file\'s rules, severity and disable, as audit does', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    writeFileSync(path.join(dir, 'ours.yaml'), 'version: 1\nextends: default\nrules:\n  - id: false-hope\n    severity: error\n');
    writeFileSync(path.join(dir, '.reassurerc.yaml'), 'rules: ours.yaml\ndisable: [education]\n');
    const list = await runCli(['rules', 'list'], { cwd: dir });
    expect(list.stdout).toMatch(/^false-hope +pitfall +error /m);
    expect(list.stdout).not.toMatch(/^education /m);
    expect(list.stdout).toMatch(/\nswitched off: education\n$/);
    expect((await runCli(['rules', 'explain', 'false-hope'], { cwd: dir })).stdout).toContain('severity: error');
    expect((await runCli(['rules', 'test'], { cwd: dir })).stdout).toMatch(/^9 rules: \d+ passed, 0 failed\n$/);
    expect((await runCli(['rules', 'list', '--no-config'], { cwd: dir })).stdout).toMatch(/^false-hope +pitfall +warning /m);
    expect((await runCli(['rules', 'explain', 'false-hope', '--rules', 'default'], { cwd: dir })).stdout).toContain('severity: warning');
  });

  // -o did not say its format follows the extension; -q said "nothing when there are none" while it
  // prints nothing when none fails the run (pitfalls below the fail level are not shown either).
  test('audit --help says how -o picks its format and when -q prints nothing', async () => {
    const help = (await runCli(['audit', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain('with no --format, the format follows the extension (.json, .sarif, .xml, .md, .html, …)');
    expect(help).toContain('show only pitfalls, and nothing when none fails the run');
  });

  // audit, eval and rules suggest said "instead of the bundled rules" while a config's rules came first.
  test.each([[['audit']], [['eval']], [['rules', 'suggest']], [['rules', 'list']], [['train']]])('%j --help says a config file\'s rules come before the bundled ones', async (command) => {
    const run = await runCli([...command, '--help']);
    expect(run.stdout.replace(/\s+/g, ' ')).toContain("(default: the config file's rules, else the bundled rules)");
  });

  // A typo got a list of 25 ids, helpers first among them, to search by eye.
  test('explain of a mistyped id exits 2 naming the id it most likely meant', async () => {
    const run = await runCli(['rules', 'explain', 'false-hop']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('rules explain: no rule "false-hop" (did you mean "false-hope"?)\n');
  });

  test('explain of an unknown id exits 2 naming the known ones', async () => {
    const run = await runCli(['rules', 'explain', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no rule "nope" (expected one of empathy, positive-self-talk, ');
    expect(run.stderr).toContain('certain-answer');
  });
});

describe('reassure speakers', () => {
  test('lists the speakers per session with turn counts and roles, and says when no therapist was found', async () => {
    const run = await runCli(['speakers', `${fixtures}/same.txt`, `${fixtures}/no-therapist.txt`]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        'test/fixtures/cli/no-therapist.txt  (session test/fixtures/cli/no-therapist)',
        '  Anna  other      1 turn',
        '  Ben   other      1 turn',
        '  no speaker was taken as the therapist: name one with --therapist NAME',
        '',
        'test/fixtures/cli/same.txt  (session test/fixtures/cli/same)',
        '  Client     client     2 turns',
        '  Therapist  therapist  2 turns',
        '',
      ].join('\n'),
    );
  });

  test('--therapist and --format json', async () => {
    const run = await runCli(['speakers', `${fixtures}/no-therapist.txt`, '--therapist', 'Ben', '--format', 'json']);
    expect(JSON.parse(run.stdout)).toEqual({
      sessions: [
        {
          id: 'test/fixtures/cli/no-therapist',
          file: 'test/fixtures/cli/no-therapist.txt',
          speakers: [
            { speaker: 'Anna', role: 'client', turns: 1 },
            { speaker: 'Ben', role: 'therapist', turns: 1 },
          ],
        },
      ],
    });
  });
});

describe('a directory mixing good and hostile files', () => {
  test('reports every good file and exits 2 with one line per bad file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-mixed-'));
    writeFileSync(path.join(dir, 'a-good.yaml'), readFileSync(`${fixtures}/clean.yaml`));
    writeFileSync(path.join(dir, 'b-good.txt'), readFileSync(`${fixtures}/same.txt`));
    writeFileSync(path.join(dir, 'c-empty.txt'), '');
    writeFileSync(path.join(dir, 'd-binary.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0x0d, 0x0a]));
    writeFileSync(path.join(dir, 'e-malformed.yaml'), 'turns:\n  - speaker: T\n   text: [x\n');
    writeFileSync(path.join(dir, 'f-bomb.yaml'), ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`), 'turns: *h', ''].join('\n'));
    writeFileSync(path.join(dir, 'g-shape.yaml'), 'turns:\n  - speaker: Client\n');
    const run = await runCli(['audit', dir, '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter(Boolean);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['c-empty.txt', 'd-binary.txt', 'e-malformed.yaml', 'f-bomb.yaml', 'g-shape.yaml']);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const report = JSON.parse(run.stdout) as { sessions: { file: string }[]; problems: unknown[] };
    expect(report.sessions.map((s) => s.file)).toEqual(['a-good.yaml', 'b-good.txt']);
    expect(report.problems).toHaveLength(5);
  });
});

describe('CSV columns', () => {
  test('--columns names the speaker and text columns when they are not the usual ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-csv-'));
    writeFileSync(path.join(dir, 'odd.csv'), 'Who,Said\nClient,Will I be okay?\nTherapist,Everything will be fine.\n');
    const without = await runCli(['audit', 'odd.csv'], { cwd: dir });
    expect(without.code).toBe(2);
    expect(without.stderr).toMatch(/^odd\.csv:1: .*Who, Said/);
    const run = await runCli(['audit', 'odd.csv', '--columns', 'speaker=Who,text=Said', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { totals: { counts: Record<string, number> } }).totals.counts['false-hope']).toBe(1);
    expect((await runCli(['audit', 'odd.csv', '--columns', 'who=Who'], { cwd: dir })).code).toBe(2);
  });
});

describe('disfluencies', () => {
  test('a phrase finds its words across fillers, and the match, column and excerpt point at the text as written', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-fillers-'));
    writeFileSync(
      path.join(dir, 'risk.yaml'),
      [
        'version: 1',
        'rules:',
        '  - id: risk-talk',
        '    kind: technique',
        '    name: Risk talk',
        "    description: Names a risk to the client's health.",
        '    rationale: A phrase spelled once, found in speech.',
        '    match:',
        '      - phrase: "a risk to your health"',
        '    examples:',
        '      hit: ["It is, um, a risk to your health."]',
        '      miss: ["Your health is good."]',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'talk.txt'), 'Client: I smoke.\nTherapist: Well, it is, uh, a, uh, risk to your, um, health.\n');
    const run = await runCli(['audit', 'talk.txt', '--rules', 'risk.yaml', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { sessions: { findings: { rule: string; match: unknown; excerpt: string }[] }[] };
    expect(report.sessions[0]?.findings.map(({ rule, match, excerpt }) => ({ rule, match, excerpt }))).toEqual([
      {
        rule: 'risk-talk',
        match: { start: 17, end: 48, text: 'a, uh, risk to your, um, health', line: 2, column: 29 },
        excerpt: 'Well, it is, uh, a, uh, risk to your, um, health.',
      },
    ]);
  });
});

describe("README's usage block", () => {
  // Commander lists each command as "  name [options] <args>  description" under "Commands:".
  const commandsOf = (help: string): string[] =>
    help
      .slice(help.indexOf('Commands:'))
      .split('\n')
      .flatMap((line) => /^ {2}([a-z-]+)\b/.exec(line)?.[1] ?? [])
      .filter((name) => name !== 'help');

  test('names every command and rules subcommand that --help lists', async () => {
    const readme = readFileSync('README.md', 'utf8');
    const usage = readme.slice(readme.indexOf('## Usage'), readme.indexOf('## Input formats'));
    const top = commandsOf((await runCli(['--help'])).stdout);
    const rules = commandsOf((await runCli(['rules', '--help'])).stdout).map((name) => `rules ${name}`);
    const listed = [...top.filter((name) => name !== 'rules'), ...rules];
    expect(listed.length).toBeGreaterThan(10);
    expect(listed.filter((name) => !usage.includes(`reassure ${name} `))).toEqual([]);
  });
});
