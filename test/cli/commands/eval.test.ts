import { describe, expect, test } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../helpers/run-cli.js';

const base = ['eval', 'test/fixtures/eval/openers.yaml', '--rules', 'test/fixtures/eval/rules.yaml'];
const opener = { rule: 'false-hope', scope: 'turn', file: 'test/fixtures/eval/openers.yaml', session: 'openers' };

describe('reassure eval --misses / --false-alarms', () => {
  test('json: the listed turns, each with the client turn before it when there is one', async () => {
    const run = await runCli([...base, '--misses', 'false-hope', '--false-alarms', 'false-hope', '--format', 'json']);
    expect(run.code).toBe(0);
    const body = JSON.parse(run.stdout) as Record<string, unknown>;
    expect({ misses: body.misses, falseAlarms: body.falseAlarms, disagreements: body.disagreements }).toEqual({
      misses: [{ ...opener, type: 'false-negative', turn: 1, line: 6, text: 'You will pass that exam, I just know it.' }],
      falseAlarms: [
        {
          ...opener,
          type: 'false-positive',
          turn: 3,
          line: 13,
          text: 'Everything will be fine. Shall we look at your timetable?',
          previousClient: { turn: 2, line: 9, text: 'I failed the mock test\ntwice already.' },
        },
      ],
      disagreements: undefined,
    });
  });

  test('table: the scores, then the turns with file:line, turn index and the client turn before', async () => {
    const run = await runCli([...base, '--false-alarms', 'false-hope', '--misses', 'false-hope']);
    expect(run.code).toBe(0);
    expect(run.stdout.slice(run.stdout.indexOf('\n\nfalse-hope:'))).toBe(
      [
        '',
        '',
        'false-hope: 1 miss (labelled, not found)',
        '  test/fixtures/eval/openers.yaml:6  turn 1',
        '    therapist: "You will pass that exam, I just know it."',
        '',
        'false-hope: 1 false alarm (found, not labelled)',
        '  test/fixtures/eval/openers.yaml:13  turn 3',
        '    client turn 2: "I failed the mock test twice already."',
        '    therapist: "Everything will be fine. Shall we look at your timetable?"',
        '',
      ].join('\n'),
    );
  });

  // A second --misses replaced the first without a word; each now gets its list, in the order given.
  test('--misses and --false-alarms can be repeated, one list per rule id', async () => {
    const run = await runCli([...base, '--misses', 'false-hope', '--misses', 'empathy', '--misses', 'false-hope']);
    expect(run.code).toBe(0);
    const headings = run.stdout.split('\n').filter((line) => /^[a-z-]+: \d+ miss/.test(line));
    expect(headings).toEqual(['false-hope: 1 miss (labelled, not found)', 'empathy: 0 misses (labelled, not found)']);
    const json = JSON.parse((await runCli([...base, '--false-alarms', 'empathy', '--false-alarms', 'false-hope', '--format', 'json'])).stdout) as { falseAlarms: { rule: string; turn: number }[] };
    expect(json.falseAlarms.map((turn) => [turn.rule, turn.turn])).toEqual([['false-hope', 3]]);
  });

  test('--by-phrase given twice is refused, not half done', async () => {
    const run = await runCli([...base, '--by-phrase', 'false-hope', '--by-phrase', 'empathy']);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: '--by-phrase: got false-hope and empathy, expected one rule id (run eval once for each)\n' });
  });

  test('a rule with no misses says so', async () => {
    const run = await runCli([...base, '--misses', 'empathy']);
    expect(run.stdout.endsWith('\n\nempathy: 0 misses (labelled, not found)\n')).toBe(true);
  });

  test.each([
    ['table', []],
    ['json', ['--format', 'json']],
  ])('--redact (%s) leaves out every transcript word, keeping places', async (_format, extra) => {
    const run = await runCli([...base, '--false-alarms', 'false-hope', '--misses', 'false-hope', '--details', '--redact', ...extra]);
    expect(run.code).toBe(0);
    for (const word of ['exam', 'mock', 'timetable', 'fine']) expect(run.stdout).not.toContain(word);
    expect(run.stdout).toContain(extra.length === 0 ? 'test/fixtures/eval/openers.yaml:13  turn 3  (after client turn 2)' : '"previousClient"');
  });

  test.each([
    ['--misses', 'no-such-rule'],
    ['--false-alarms', 'over-reliance'],
  ])('%s %s: a rule without turn matchers is a usage error', async (flag, id) => {
    const run = await runCli([...base, flag, id]);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: `${flag}: got "${id}", expected the id of a turn rule (empathy, false-hope)\n`,
    });
  });
});

describe('reassure eval --by-phrase', () => {
  const phraseBase = ['eval', 'test/fixtures/eval/by-phrase.yaml', '--rules', 'test/fixtures/eval/by-phrase-rules.yaml', '--by-phrase', 'praise'];

  test('table: the rule entries that fired, worst precision first, after the scores', async () => {
    const run = await runCli(phraseBase);
    expect(run.code).toBe(0);
    expect(run.stdout.slice(run.stdout.indexOf('\n\npraise: found'))).toBe(
      [
        '',
        '',
        'praise: found on 4 turns, 2 labelled (precision 0.50); its entries that fired, worst precision first:',
        '',
        'turns  true  false  precision  only true  only false  where                                       entry',
        '-----  ----  -----  ---------  ---------  ----------  ------------------------------------------  ------------------------',
        '    1     0      1       0.00          0           1  match[0].phrases[2]                         great job',
        '    1     0      1       0.00          0           1  match[3] > praise-word match[0].phrases[0]  brilliant',
        '    2     2      0       1.00          1           0  match[0].phrases[0]                         you did it',
        '    1     1      0       1.00          0           0  match[1].cue[0]                             cue well-done: well done',
        '',
        'only true, only false: labelled and unlabelled turns no other entry explains (what removing the entry would cost, and save)',
        '',
      ].join('\n'),
    );
  });

  test.each([
    ['table', []],
    ['json', ['--format', 'json']],
  ])('--redact (%s) prints rule text and counts, no transcript word', async (_format, extra) => {
    const run = await runCli([...phraseBase, '--redact', ...extra]);
    expect(run.code).toBe(0);
    for (const word of ['landlord', 'hedge', 'cousin', 'weeks', 'garden']) expect(run.stdout).not.toContain(word);
    expect(run.stdout).toContain('great job');
  });

  test('json: byPhrase beside the scores', async () => {
    const run = await runCli([...phraseBase, '--format', 'json']);
    const body = JSON.parse(run.stdout) as { byPhrase: { rule: string; turns: number; entries: { where: string }[] } };
    expect({ rule: body.byPhrase.rule, turns: body.byPhrase.turns, where: body.byPhrase.entries.map((entry) => entry.where) }).toEqual({
      rule: 'praise',
      turns: 4,
      where: ['match[0].phrases[2]', 'match[3] > praise-word match[0].phrases[0]', 'match[0].phrases[0]', 'match[1].cue[0]'],
    });
  });

  test('an id that names no reported turn rule is a usage error', async () => {
    const run = await runCli([...phraseBase.slice(0, -1), 'praise-word']);
    expect({ code: run.code, stderr: run.stderr.trim() }).toEqual({ code: 2, stderr: '--by-phrase: got "praise-word", expected the id of a turn rule (praise)' });
  });
});

describe('reassure eval: numbers and folds in flags', () => {
  // Number() read `0x1` as 1, `1e0` as 1 and ' ' as 0: a gate no one meant.
  test.each([
    [['--min-f1', '0x1'], '--min-f1: got "0x1", expected a number from 0 to 1, such as 0.7'],
    [['--min-precision', ' '], '--min-precision: got " ", expected a number from 0 to 1, such as 0.7'],
    [['--min-f1', '1e0'], '--min-f1: got "1e0", expected a number from 0 to 1, such as 0.7'],
    // It said "expected k/n with 0 <= k < n and n >= 2", and 0/1000 fits that.
    [['--fold', '0/1e20'], '--fold: got "0/1e20", expected k/n: the fold to take (k, counting from 0) of how many folds (n, from 2 to 999), such as 0/5 for the first of five'],
    [['--except-fold', '0/1000'], '--except-fold: got "0/1000", expected k/n: the fold to leave out (k, counting from 0) of how many folds (n, from 2 to 999), such as 0/5 for the first of five'],
  ])('%j is a usage error', async (flags, message) => {
    expect(await runCli([...base, ...flags])).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  test('--min-f1 .7 is a score of 0.7', async () => {
    const [short, long] = [await runCli([...base, '--min-f1', '.7']), await runCli([...base, '--min-f1', '0.7'])];
    expect(short).toEqual(long);
    expect(short.stderr).toContain('0.7');
  });
});

// Unlabelled transcripts (the audit's folder, by mistake) scored 0.00 everywhere without a word.
describe('reassure eval on transcripts with no label at all', () => {
  const stdin = 'Client: I failed again.\nTherapist: Everything will be fine.\n';
  const warning = 'warning: no turn or session of these transcripts carries a label, so every finding counts as a false alarm; eval measures the rules against labels (labels: [id, ...] on a therapist turn)\n';

  test('says so on stderr, once', async () => {
    const run = await runCli(['eval', '-', '--no-config'], { stdin });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: warning });
  });

  test('says nothing when one turn has a label', async () => {
    const run = await runCli(['eval', 'test/fixtures/eval/openers.yaml', '--rules', 'test/fixtures/eval/rules.yaml']);
    expect(run.stderr).toBe('');
  });
});

// Some transcripts of a labelled set carried no label: their findings all counted as false alarms without a word.
describe('reassure eval on transcripts of which some carry no label', () => {
  const labelled = 'session: a\nturns:\n  - speaker: Client\n    text: I failed again.\n  - speaker: Therapist\n    text: Everything will be fine.\n    labels: [false-hope]\n';
  const unlabelled = 'session: b\nturns:\n  - speaker: Client\n    text: I failed again.\n  - speaker: Therapist\n    text: Everything will be fine.\n';
  const codedNone = 'session: c\nlabels: []\nturns:\n  - speaker: Client\n    text: I failed again.\n  - speaker: Therapist\n    text: Tell me more.\n';

  test.each([
    ['one of three', { 'a.yaml': labelled, 'b.yaml': unlabelled, 'c.yaml': codedNone }, 'warning: 1 of 3 transcripts carries no label (the first: b.yaml), so every finding in it counts as a false alarm; label their therapist turns (labels: [id, ...]), or write labels: [] on a session coded with none\n'],
    ['two of three', { 'a.yaml': labelled, 'b.yaml': unlabelled, 'd.yaml': unlabelled.replace('session: b', 'session: d') }, 'warning: 2 of 3 transcripts carry no label (the first: b.yaml), so every finding in them counts as a false alarm; label their therapist turns (labels: [id, ...]), or write labels: [] on a session coded with none\n'],
    ['none (labels: [] is a session coded with none)', { 'a.yaml': labelled, 'c.yaml': codedNone }, ''],
  ])('says how many and the first, once (%s)', async (_name, files, stderr) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-some-'));
    try {
      for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
      const run = await runCli(['eval', '.', '--rules', path.resolve('test/fixtures/eval/rules.yaml'), '--no-config'], { cwd: dir });
      expect(run.stderr).toBe(stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A label of a switched-off rule was said to name no rule of the rule set, though the rule
// file the trainer had just written has it.
describe('reassure eval: a label of a rule that is switched off', () => {
  const transcript = 'session: off\nturns:\n  - speaker: Client\n    text: Will it always feel like this?\n  - speaker: Therapist\n    text: Grief often comes in waves.\n    labels: [education]\n';
  const warning = 'off.yaml:5: warning: label "education" names a rule that is switched off (`enabled: false` in a rule file, or `disable:` in the config file), so it is not measured\n';

  test.each([
    ['enabled: false in the rule file', ['--rules', 'rules.yaml', '--no-config']],
    ['disable: in the config file', ['--config', 'config.yaml']],
  ])('says the rule is switched off (%s)', async (_how, flags) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-eval-off-'));
    try {
      writeFileSync(path.join(dir, 'off.yaml'), transcript);
      writeFileSync(path.join(dir, 'rules.yaml'), 'version: 1\nextends: default\nrules:\n  - id: education\n    enabled: false\n');
      writeFileSync(path.join(dir, 'config.yaml'), 'disable: [education]\n');
      const run = await runCli(['eval', 'off.yaml', ...flags], { cwd: dir });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: warning });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
