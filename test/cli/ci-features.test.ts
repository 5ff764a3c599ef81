import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { FORMAT_NAMES } from '../../src/format/index.js';
import { runCli } from '../helpers/run-cli.js';

const fixtures = 'test/fixtures/cli';

describe('gates', () => {
  test.each([
    [[`${fixtures}/same.yaml`, '--fail-on', 'never', '--max-pitfalls', '0'], 1],
    [[`${fixtures}/same.yaml`, '--fail-on', 'never', '--max-pitfalls', '5'], 0],
    [[`${fixtures}/same.yaml`, '--max-pitfalls', 'lots'], 2],
  ])('audit %j exits %i', async (args, code) => {
    expect((await runCli(['audit', ...args])).code).toBe(code);
  });

  // Exit 1 came with a summary saying "fail level never" and no word of the gate that failed the run.
  test('a gate that fails the run says so on stderr; one that passes says nothing', async () => {
    const failed = await runCli(['audit', `${fixtures}/same.yaml`, '--fail-on', 'never', '--max-pitfalls', '0']);
    expect(failed.stderr).toMatch(/^max-pitfalls: \d+ pitfall findings? not labelled as intended, more than 0; the run fails\n$/);
    expect((await runCli(['audit', `${fixtures}/same.yaml`, '--fail-on', 'never', '--max-pitfalls', '5'])).stderr).toBe('');
    const strict = await runCli(['audit', `${fixtures}/missed.yaml`, '--strict']);
    expect(strict.stderr).toBe('strict: a labelled pitfall is no longer found (see "missed"); the run fails\n');
  });

  test('--quiet prints nothing on success and never changes the exit code', async () => {
    const clean = await runCli(['audit', `${fixtures}/clean.yaml`, '--quiet']);
    expect([clean.code, clean.stdout]).toEqual([0, '']);
    const failing = await runCli(['audit', `${fixtures}/same.yaml`, '--quiet']);
    expect(failing.code).toBe((await runCli(['audit', `${fixtures}/same.yaml`])).code);
    expect(failing.stdout).toContain('Creating false hope');
    expect(failing.stdout).not.toContain('Providing empathy');
  });
});

describe('intended examples in training material', () => {
  test('a labelled pitfall is reported as expected and does not fail the run', async () => {
    const run = await runCli(['audit', `${fixtures}/labelled.yaml`, '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { sessions: { findings: { rule: string; expected?: boolean }[] }[] };
    expect(report.sessions[0]?.findings).toEqual([expect.objectContaining({ rule: 'false-hope', expected: true })]);
  });

  test('the same pitfall without its label fails as usual', async () => {
    const run = await runCli(['audit', '-', '--format', 'json'], {
      stdin: 'Client: Will the interview go well?\nTherapist: Everything will be fine, I promise.\n',
    });
    expect(run.code).toBe(1);
  });

  test('a labelled pitfall the rules no longer find is a missed expectation, failing only with --strict', async () => {
    const run = await runCli(['audit', `${fixtures}/missed.yaml`, '--format', 'json']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { sessions: { missed: unknown[] }[] }).sessions[0]?.missed).toEqual([
      { rule: 'false-hope', scope: 'turn', turn: 2, line: 6 },
    ]);
    expect((await runCli(['audit', `${fixtures}/missed.yaml`, '--strict'])).code).toBe(1);
  });

  // A label on a client turn or on the session of a turn-only rule was "missed" for ever (and
  // failed --strict), a label given twice was missed twice, a mistyped one said nothing.
  test('labels that can never be checked are warnings, not missed pitfalls; a repeated one counts once', async () => {
    const file = `${fixtures}/labels-unchecked.yaml`;
    const run = await runCli(['audit', file, '--format', 'json']);
    const report = JSON.parse(run.stdout) as { sessions: { missed: unknown[] }[]; warnings: unknown[] };
    expect(report.sessions[0]?.missed).toEqual([
      { rule: 'over-reliance', scope: 'session', turn: 0, line: 3 },
      { rule: 'invalidation', scope: 'turn', turn: 2, line: 9 },
    ]);
    expect(report.warnings).toEqual([
      { file, line: 3, message: 'session: label "false-hope" is on the session, and rule false-hope has no session measure; only its turns are checked', kind: 'label-misplaced' },
      { file, line: 6, message: 'turn 1: label "false-hope" is on a client turn; only therapist turns are checked', kind: 'label-misplaced' },
      {
        file,
        line: 9,
        message: 'turn 2: label "invalidaton" names no rule of the rule set (did you mean "invalidation"?)',
        redactedMessage: 'turn 2: a label names no rule of the rule set',
        kind: 'label-unknown',
      },
    ]);
    expect(run.stderr).toContain(`${file}:6: warning: turn 1: label "false-hope" is on a client turn; only therapist turns are checked`);
  });

  // With false-hope switched off by the config, its labels were warned of as naming no rule.
  test('a label of a rule the config switches off is not checked and not warned of', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-labels-'));
    writeFileSync(path.join(dir, 'off.yaml'), 'disable: [false-hope]\n');
    const file = `${fixtures}/labels-unchecked.yaml`;
    const run = await runCli(['audit', file, '--format', 'json', '--config', path.join(dir, 'off.yaml')]);
    const report = JSON.parse(run.stdout) as { warnings: { message: string }[] };
    expect(report.warnings.map((warning) => warning.message)).toEqual(['turn 2: label "invalidaton" names no rule of the rule set (did you mean "invalidation"?)']);
  });

  // --strict exited 1 while the annotations, the JUnit view, the step summary and a --quiet
  // table showed nothing: "see missed" pointed at nothing a CI log or pull request displays.
  test('under --strict, every CI format and a --quiet table show the labelled pitfall no longer found', async () => {
    const file = `${fixtures}/missed.yaml`;
    const github = await runCli(['audit', file, '--strict', '--format', 'github']);
    expect([github.code, github.stdout]).toEqual([1, `::error file=${file},line=6,title=Labelled pitfall not found (false-hope)::turn 2 is labelled false-hope, which the rules no longer find\n`]);
    expect((await runCli(['audit', file, '--format', 'github'])).stdout).toBe('');
    const sarif = JSON.parse((await runCli(['audit', file, '--strict', '--format', 'sarif'])).stdout) as { runs: { results: { ruleId: string; level: string; locations: unknown[] }[] }[] };
    expect(sarif.runs[0]?.results.map((result) => [result.ruleId, result.level, result.locations])).toContainEqual([
      'false-hope',
      'error',
      [{ physicalLocation: { artifactLocation: { uri: file, uriBaseId: '%SRCROOT%' }, region: { startLine: 6 } } }],
    ]);
    expect((await runCli(['audit', file, '--strict', '--format', 'junit'])).stdout).toContain('<failure message="Creating false hope: 1 labelled turn no longer found (--strict)"');
    expect((await runCli(['audit', file, '--strict', '--format', 'markdown', '--quiet'])).stdout).toContain(`- \`${file}:6\` turn 2, **Creating false hope** (\`false-hope\`, labelled, not found, fails)`);
    const quiet = await runCli(['audit', file, '--strict', '--quiet', '--details']);
    expect([quiet.code, quiet.stdout]).toEqual([1, expect.stringContaining(`${file}:6  turn 2  false-hope  (missed: labelled but not found)`)]);
    expect((await runCli(['audit', file, '--quiet'])).stdout).toBe('');
  });
});

describe('suppressions', () => {
  test('a suppression with a reason takes the finding out of the counts and the gate', async () => {
    const run = await runCli(['audit', `${fixtures}/labelled.yaml`, '--format', 'json']);
    const session = (JSON.parse(run.stdout) as { sessions: { counts: Record<string, number>; suppressed: unknown[] }[] }).sessions[0];
    expect(session?.counts.invalidation).toBe(0);
    expect(session?.suppressed).toEqual([
      expect.objectContaining({ reason: 'Said as a joke they share; discussed with the trainee.', finding: expect.objectContaining({ rule: 'invalidation', turn: 4 }) as unknown }),
    ]);
  });

  test('a suppression without a reason suppresses nothing and is reported; so is one that matches nothing', async () => {
    const run = await runCli(['audit', `${fixtures}/suppressions.yaml`]);
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').filter(Boolean)).toEqual([
      'test/fixtures/cli/suppressions.yaml:5: warning: turn 2: ignore of "invalidation" has no reason, so it suppresses nothing (add reason: "…")',
      'test/fixtures/cli/suppressions.yaml:11: warning: turn 4: ignore of "false-hope" suppresses nothing (no such finding on this turn)',
    ]);
  });
});

describe('redaction', () => {
  // Every word of four letters or more in the fixture's text and speaker labels, except the
  // words the tool itself prints (rule names and descriptions, the role "Therapist").
  const ruleText = readdirSync('rules/default').map((name) => readFileSync(`rules/default/${name}`, 'utf8')).join(' ');
  const toolText = `${ruleText} Named dream names a specific dream Therapist`.toLowerCase();
  const words = [...readFileSync(`${fixtures}/private.yaml`, 'utf8').matchAll(/(?:speaker|text): (.*)/g)]
    .flatMap((m) => (m[1] ?? '').match(/\p{L}{4,}/gu) ?? [])
    .filter((word) => !toolText.includes(word.toLowerCase()));
  const args = [`${fixtures}/private.yaml`, '--rules', `${fixtures}/redact-rules.yaml`, '--details'];

  test('the words checked include names, the match text of a rule, and other words of the turns', () => {
    expect(words).toEqual(expect.arrayContaining(['Marguerite', 'Zanzibar', 'Octavian', 'Quokkas', 'soothing']));
  });

  test.each(FORMAT_NAMES)('--redact keeps every transcript word out of %s, with --details', async (format) => {
    const run = await runCli(['audit', ...args, '--format', format, '--redact']);
    expect(run.code).toBe(1);
    const leaked = words.filter((word) => run.stdout.toLowerCase().includes(word.toLowerCase()));
    expect(leaked).toEqual([]);
    expect(run.stdout.length).toBeGreaterThan(0);
  });

  // Speaker names are transcript words, and a warning about roles names the speakers it saw.
  describe('a warning that names speakers', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-redact-'));
    const file = path.join(dir, 'names.txt');
    writeFileSync(file, "Perpetua: I can't sleep before the exam.\nThaddeus: Everything will be fine.\n");

    test.each(FORMAT_NAMES)('--redact keeps the names out of %s and of standard error', async (format) => {
      const run = await runCli(['audit', file, '--format', format, '--redact']);
      expect({ names: /Perpetua|Thaddeus/.test(run.stdout + run.stderr), warned: run.stderr.includes('no therapist turn found; 2 speakers seen') }).toEqual({ names: false, warned: true });
    });

    test('jsonl writes the warning in its redacted form, in a line of its own', async () => {
      const [plain, redacted] = await Promise.all([runCli(['audit', file, '--format', 'jsonl']), runCli(['audit', file, '--format', 'jsonl', '--redact'])]);
      const last = (stdout: string): unknown => JSON.parse(stdout.trimEnd().split('\n').at(-1) ?? '');
      const shown = path.relative(process.cwd(), file);
      expect([last(plain.stdout), last(redacted.stdout)]).toEqual([
        expect.objectContaining({ type: 'warning', redacted: false, file: shown, line: 1, kind: 'no-therapist-turn', message: expect.stringContaining('speakers seen: Perpetua, Thaddeus') }),
        expect.objectContaining({ type: 'warning', redacted: true, file: shown, line: 1, kind: 'no-therapist-turn', message: expect.stringContaining('2 speakers seen (names left out by --redact)') }),
      ]);
    });
  });

  test('without --redact the same outputs do carry transcript text (so the test above can fail)', async () => {
    const run = await runCli(['audit', ...args, '--format', 'json']);
    expect(words.filter((word) => run.stdout.includes(word))).toEqual(expect.arrayContaining(['Marguerite', 'Zanzibar']));
  });
});

describe('writes are safe', () => {
  test('a run that fails before writing leaves the previous report in place and no temporary file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-'));
    const target = path.join(dir, 'report.json');
    await runCli(['audit', `${fixtures}/clean.yaml`, '--output', target]);
    const before = readFileSync(target, 'utf8');
    // The formatter fails: an unknown format is refused before anything is written.
    const run = await runCli(['audit', `${fixtures}/same.yaml`, '--format', 'nope', '--output', target]);
    expect(run.code).toBe(2);
    expect(readFileSync(target, 'utf8')).toBe(before);
    expect(readdirSync(dir)).toEqual(['report.json']);
  });
});
