/**
 * The whole tool under `--redact`, end to end: synthetic transcripts whose words are
 * invented markers (no rule or message of reassure holds them), in every input format and
 * made to raise every warning and input problem there is, go through every command that
 * redacts, every output format and destination; no marker may reach standard output,
 * standard error or a written file. Control runs without `--redact` show the same markers
 * do reach them, so the sweep can fail.
 *
 * Kept by design (README, "Privacy and redaction"), so never markers here: session ids,
 * file paths, dates, `ignore:` reasons and label names (a coder's codes, which `agree`
 * lists as rows and `eval` names when they match no rule).
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FORMAT_NAMES } from '../../src/format/index.js';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

/** Every transcript word, speaker name, therapist and client name, alias and header below. */
const M = {
  therapistMeta: 'Zorblatt',
  therapistLabel: 'Vexmoor',
  clientLabel: 'Quimbly',
  clientMeta: 'Snorkwell',
  yamlText: 'Frobnaxia',
  yamlText2: 'Glimmerwick',
  yamlNote: 'Plonkettish',
  textWord: 'Zarquondel',
  textWord2: 'Blorptastic',
  vttWord: 'Trundlewax',
  srtWord: 'Gloopernaut',
  csvWord: 'Hobbledorf',
  csvRow: 'Mirthwobble',
  tsvWord: 'Fizzlewump',
  jsonWord: 'Jibberlock',
  jsonlWord: 'Crumplehorn',
  jsonlBroken: 'Snarfblat',
  badYamlWord: 'Yodelbrook',
  badJsonWord: 'Grizzlequark',
  unknownSpeaker: 'Grumbleton',
  unknownSpeaker2: 'Wibblesworth',
  noClientWord: 'Thrumblebee',
  otherSpeaker: 'Mornington',
  dupWord: 'Kazoomba',
  labelWord: 'Borborygmix',
  cp1252Word: 'Smorgasbloop',
  header: 'Zephyrquill',
  headerName: 'Quibblestick',
  alias: 'Greebleflap',
  unresolvedAlias: 'Wobblefritz',
  rolesKey: 'Dandelwort',
  shapeWord: 'Skedaddlewhump',
  bigWord: 'Humongozilla',
  stdinWord: 'Pindlewick',
} as const;
const MARKERS: readonly string[] = Object.values(M);

/** The markers found in a text (any case: a formatter may change it). */
function findMarkers(text: string): string[] {
  const lower = text.toLowerCase();
  return MARKERS.filter((marker) => lower.includes(marker.toLowerCase()));
}

/** Every file under a folder, read as text and joined. */
function readTree(dir: string): string {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(dir, name))
    .filter((file) => statSync(file).isFile())
    .map((file) => readFileSync(file, 'latin1'))
    .join('\n');
}

/** What one run printed, with every file it wrote. */
function collect(run: Pick<CliRun, 'stdout' | 'stderr'>, outDir?: string): string {
  return [run.stdout, run.stderr, outDir === undefined ? '' : readTree(outDir)].join('\n');
}

/** The transcripts: each input format, and each warning and problem, once. */
function writeCorpus(dir: string): void {
  const write = (name: string, text: string | Buffer): void => {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  };
  write(
    'in/s-yaml.yaml',
    [
      'session: s-yaml',
      `therapist: Dr. ${M.therapistMeta}`,
      `client: ${M.clientMeta}`,
      'date: "2026-01-05"',
      `roles: {therapist: [${M.therapistLabel}]}`,
      'turns:',
      `  - speaker: ${M.clientLabel}`,
      `    text: ${M.yamlText} keeps me awake. Will everything be okay?`,
      `    note: ${M.yamlNote}`,
      `  - speaker: ${M.therapistLabel}`,
      `    text: Everything will be fine, ${M.clientLabel}. Don't worry about ${M.yamlText}.`,
      `  - speaker: ${M.clientLabel}`,
      `    text: ${M.yamlText2} says I am useless.`,
      `  - speaker: ${M.therapistLabel}`,
      `    text: It sounds like ${M.yamlText2} frightens you. Many people feel this way.`,
      '',
    ].join('\n'),
  );
  write('in/s-text.txt', `Therapist: ${M.textWord} how has the week been?\nClient: ${M.textWord2} week, I am worthless.\nTherapist: Calm down, ${M.textWord}, everything will be fine.\n`);
  write('in/s-vtt.vtt', `WEBVTT\n\n00:00:04.000 --> 00:00:09.000\n<v Client>${M.vttWord} all week.</v>\n\n00:00:10.000 --> 00:00:14.000\n<v Therapist>Don't worry about ${M.vttWord}, everything will be fine.</v>\n`);
  write('in/s-srt.srt', `1\n00:00:04,000 --> 00:00:09,000\nClient: ${M.srtWord} frets.\n\n2\n00:00:10,000 --> 00:00:14,000\nTherapist: Calm down, ${M.srtWord}, everything will be fine.\n`);
  write('in/s-csv.csv', `time,speaker,text\n00:00:04,Client,${M.csvWord} fears it.\n00:00:10,Therapist,"Everything will be fine, ${M.csvWord}."\n`);
  // A row with more fields than the header: the file is refused, naming the line.
  write('in/bad-row.csv', `speaker,text\nClient,${M.csvRow},${M.csvRow},more\n`);
  write('in/s-tsv.tsv', `speaker\ttext\nClient\t${M.tsvWord} dreads it.\nTherapist\tEverything will be fine ${M.tsvWord}.\n`);
  write('in/s-json.json', `${JSON.stringify({ session: 's-json', turns: [{ speaker: 'Client', text: `${M.jsonWord} fears it.` }, { speaker: 'Therapist', text: `Everything will be fine ${M.jsonWord}.` }] })}\n`);
  write('in/s-jsonl.jsonl', `{"session":"s-jsonl","speaker":"Client","text":"${M.jsonlWord} dreads it."}\n{"session":"s-jsonl","speaker":"Therapist","text":"Everything will be fine, ${M.jsonlWord}."}\n`);
  write('in/bad-line.jsonl', `{"session":"s-broken","speaker":"Client","text":"${M.jsonlBroken}"}\n{"session":"s-broken" "text": "${M.jsonlBroken}"}\n`);
  write('in/bad-yaml.yaml', `session: s-bad-yaml\nturns:\n  - speaker: Client\n    text: ${M.badYamlWord} [unclosed\n  - speaker: : Therapist: {\n`);
  write('in/bad-json.json', `{"session": "s-bad-json", "turns": [{"speaker": "Client", "text": "x" ${M.badJsonWord}}]}`);
  write('in/no-therapist.txt', `${M.unknownSpeaker}: I feel it.\n${M.unknownSpeaker2}: Everything will be fine.\n`);
  write('in/no-client.txt', `Therapist: ${M.noClientWord} everything will be fine.\nTherapist: More ${M.noClientWord}.\n`);
  write('in/other-speaker.txt', ['Therapist: Ok.', 'Client: Again.', `${M.otherSpeaker}: One.`, 'Therapist: Hm.', `${M.otherSpeaker}: Two.`, 'Client: Sure.', `${M.otherSpeaker}: Three.`, 'Therapist: Right.', `${M.otherSpeaker}: Four.`, ''].join('\n'));
  write('in/dup-a.yaml', `session: s-dup\nturns:\n  - speaker: Client\n    text: ${M.dupWord} one.\n  - speaker: Therapist\n    text: ${M.dupWord} two.\n`);
  write('in/dup-b.yaml', `session: s-dup\nturns:\n  - speaker: Client\n    text: ${M.dupWord} three.\n  - speaker: Therapist\n    text: ${M.dupWord} four.\n`);
  write('in/bad-label.yaml', `session: s-label\nturns:\n  - speaker: Client\n    text: ${M.labelWord} worries.\n  - speaker: Therapist\n    text: Everything will be fine ${M.labelWord}.\n    labels: [false-hope, nonsuch-label]\n`);
  write('in/cp1252.txt', Buffer.concat([Buffer.from(`Therapist: Caf`), Buffer.from([0xe9]), Buffer.from(` ${M.cp1252Word} everything will be fine.\nClient: ${M.cp1252Word}.\n`)]));
  write('in/bad-header.csv', `${M.header},${M.headerName}\nClient,${M.header} frets\n`);
  write('in/alias.yaml', `session: s-alias\nturns:\n  - &${M.alias} {speaker: Therapist, text: hello}\n  - *${M.alias}\n`);
  write('in/unresolved.yaml', `session: s-unresolved\nturns:\n  - speaker: Therapist\n    text: *${M.unresolvedAlias}\n`);
  write('in/roles-key.yaml', `session: s-roles\nroles: {${M.rolesKey}: therapist}\nturns:\n  - speaker: Therapist\n    text: hi\n`);
  write('in/shape.yaml', `session: s-shape\nturns:\n  - speaker: Client\n  - speaker: Therapist\n    text: [${M.shapeWord}]\n`);
  write('in/big.txt', `Therapist: ${`${M.bigWord} `.repeat(3000)}\n`);
  // Two coders' labels of one session, for eval and agree.
  const labelled = (first: string, second: string): string =>
    [
      'session: s-lab',
      `therapist: Dr. ${M.therapistMeta}`,
      `roles: {therapist: [${M.therapistLabel}]}`,
      'turns:',
      `  - speaker: ${M.clientLabel}`,
      `    text: ${M.yamlText} keeps me awake. I am useless.`,
      `  - speaker: ${M.therapistLabel}`,
      `    text: Everything will be fine, ${M.clientLabel}.`,
      `    labels: [${first}]`,
      `  - speaker: ${M.clientLabel}`,
      `    text: ${M.yamlText2} again.`,
      `  - speaker: ${M.therapistLabel}`,
      `    text: It sounds like ${M.yamlText2} frightens you.`,
      `    labels: [${second}]`,
      '',
    ].join('\n');
  write('lab/s-lab.yaml', labelled('empathy, nonsuch-label', 'false-hope'));
  write('lab2/s-lab.yaml', labelled('false-hope', 'empathy'));
  for (const name of ['s-text.txt', 'alias.yaml', 'bad-row.csv', 'no-therapist.txt', 'unresolved.yaml']) {
    write(`lab/${name}`, readFileSync(path.join(dir, 'in', name)));
  }
  write('lab2/no-therapist.txt', readFileSync(path.join(dir, 'in/no-therapist.txt')));
  // The config file's `redact: true`, named with --config where the flag is left out.
  write('redact.yaml', 'redact: true\n');
}

const AUDIT = ['audit', 'in', '--max-file-size', '20KB', '-j', '1', '--no-config'];
/** Every format but the table, each to its own file of `dir`. */
const FILE_TARGETS = (dir: string): string[] => FORMAT_NAMES.filter((name) => name !== 'table').flatMap((name) => ['-f', `${name}=${dir}/report.${name}`]);

let root: string;
const cli = (argv: string[], options: { stdin?: string; stderrIsTTY?: boolean; cwd?: string } = {}): Promise<CliRun> => runCli(argv, { cwd: root, ...options });

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'reassure-redact-e2e-'));
  writeCorpus(root);
  // Unredacted reports of all the inputs and of a part, for merge and diff to redact.
  await cli([...AUDIT, '-f', 'json=plain/all.json', '-f', 'jsonl=plain/all.jsonl']);
  await cli(['audit', 'in/s-yaml.yaml', 'in/s-text.txt', '-j', '1', '--no-config', '-f', 'json=plain/part.json']);
  // Two audits: past the default 10 s on a loaded machine.
}, 60_000);

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('without --redact the markers do come out (so the tests below can fail)', () => {
  test('audit: excerpts, speaker names in warnings, alias names and metadata names', async () => {
    const found = findMarkers(collect(await cli([...AUDIT, '-d', '-f', 'table', '-f', 'html=control/r.html']), path.join(root, 'control')));
    expect(found).toEqual(
      expect.arrayContaining([M.textWord, M.vttWord, M.srtWord, M.csvWord, M.tsvWord, M.jsonWord, M.jsonlWord, M.clientLabel, M.therapistMeta, M.unknownSpeaker, M.otherSpeaker, M.header, M.alias, M.unresolvedAlias, M.rolesKey]),
    );
  });

  test('merge, diff, eval and agree', async () => {
    const merged = await cli(['merge', 'plain/all.json', '--no-config', '-d']);
    expect(findMarkers(collect(merged))).toEqual(expect.arrayContaining([M.unknownSpeaker, M.alias, M.textWord]));
    expect(findMarkers(collect(await cli(['diff', 'plain/part.json', 'plain/all.json', '-d', '--no-config'])))).toContain(M.jsonWord);
    const evaluated = await cli(['eval', 'lab', '-d', '--misses', 'empathy', '--false-alarms', 'false-hope', '--no-config']);
    expect(findMarkers(collect(evaluated))).toEqual(expect.arrayContaining([M.clientLabel, M.yamlText, M.alias]));
    expect(findMarkers(collect(await cli(['agree', 'lab', 'lab2', '-d', '--no-config'])))).toEqual(expect.arrayContaining([M.yamlText2, M.unknownSpeaker]));
  });
});

describe('audit --redact', () => {
  // Each format is also written to a file below; these two are streamed as they are written.
  test.each(['table', 'jsonl'])('%s on standard output, with --details: no marker on stdout or stderr', async (format) => {
    const run = await cli([...AUDIT, '--redact', '-d', '-f', format]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no therapist turn found; 2 speakers seen (names left out by --redact)');
    expect(findMarkers(collect(run))).toEqual([]);
  });

  test('every format to a file at once, a table on stdout, and the line naming the files on a terminal', async () => {
    const run = await cli([...AUDIT, '--redact', '-d', '-f', 'table', ...FILE_TARGETS('out-all')], { stderrIsTTY: true });
    expect(readdirSync(path.join(root, 'out-all'))).toHaveLength(FORMAT_NAMES.length - 1);
    expect(findMarkers(collect(run, path.join(root, 'out-all')))).toEqual([]);
    const onlyFile = await cli([...AUDIT, '--redact', '-o', 'out-o/report.html'], { stderrIsTTY: true });
    expect(onlyFile.stderr).toContain('wrote out-o/report.html');
    expect(findMarkers(collect(onlyFile, path.join(root, 'out-o')))).toEqual([]);
  });

  test('standard input: JSON Lines streamed, and a YAML file with an alias', async () => {
    const streamed = await cli(['audit', '-', '--redact', '-d', '-f', 'jsonl', '--no-config'], { stdin: `{"speaker":"${M.stdinWord}","text":"Everything will be fine ${M.stdinWord}."}\n{"speaker" "x"}\n` });
    const yaml = await cli(['audit', '-', '--redact', '-d', '--no-config'], { stdin: readFileSync(path.join(root, 'in/alias.yaml'), 'utf8') });
    expect(yaml.stderr).toContain('an alias (its name left out by --redact)');
    expect(findMarkers(collect(streamed) + collect(yaml))).toEqual([]);
  });

  test('a rule over its time limit, and the config file\'s redact: true instead of the flag', async () => {
    const slow = await cli(['audit', 'in/s-yaml.yaml', 'in/s-text.txt', '--redact', '-d', '--rule-time-limit', '0.000001', '-j', '1', '--no-config']);
    expect(slow.stderr).toContain('took');
    expect(findMarkers(collect(slow))).toEqual([]);
    const configured = await cli([...AUDIT.filter((arg) => arg !== '--no-config'), '--config', 'redact.yaml', '-d', '-f', 'markdown', '-f', 'json=out-config/r.json']);
    expect(JSON.parse(readFileSync(path.join(root, 'out-config/r.json'), 'utf8'))).toMatchObject({ redacted: true });
    expect(findMarkers(collect(configured, path.join(root, 'out-config')))).toEqual([]);
  });
});

describe('merge --redact of reports that were not redacted', () => {
  test('every format, with --details', async () => {
    const run = await cli(['merge', 'plain/all.json', 'plain/all.jsonl', '--redact', '-d', '-f', 'table', ...FILE_TARGETS('out-merge-all'), '--no-config']);
    expect(run.stderr).toContain('(names left out by --redact)');
    expect(findMarkers(collect(run, path.join(root, 'out-merge-all')))).toEqual([]);
  });

  test('to a file, and with redact: true in the config', async () => {
    const run = await cli(['merge', 'plain/all.json', '--redact', '-o', 'out-merge/all.html', '--no-config']);
    const configured = await cli(['merge', 'plain/all.jsonl', '--config', 'redact.yaml', '-f', 'github']);
    expect(findMarkers(collect(run, path.join(root, 'out-merge')) + collect(configured))).toEqual([]);
  });
});

describe('diff --redact of reports that were not redacted', () => {
  test.each(['table', 'json', 'html'])('%s, with --details', async (format) => {
    const run = await cli(['diff', 'plain/part.json', 'plain/all.json', '--redact', '-d', '-f', format, '--no-config']);
    expect(run.code).toBe(0);
    expect(findMarkers(collect(run))).toEqual([]);
  });

  test('to a file, and with redact: true in the config', async () => {
    const run = await cli(['diff', 'plain/part.json', 'plain/all.json', '--redact', '-o', 'out-diff/diff.html', '--no-config']);
    const configured = await cli(['diff', 'plain/part.json', 'plain/all.json', '-d', '--config', 'redact.yaml']);
    expect(configured.stdout).toContain('[redacted]');
    expect(findMarkers(collect(run, path.join(root, 'out-diff')) + collect(configured))).toEqual([]);
  });
});

// A JSON syntax error named the one character where the text stopped being JSON: here the
// first letter of a transcript word, which no marker sweep can find.
test('a JSON syntax error names its line and column, not the character there: audit, merge and diff', async () => {
  const column = readFileSync(path.join(root, 'in/bad-json.json'), 'utf8').indexOf(M.badJsonWord) + 1;
  const character = `"${M.badJsonWord.charAt(0)}"`;
  const commands = [['audit', 'in/bad-json.json', '-f', 'jsonl'], ['merge', 'in/bad-json.json'], ['diff', 'plain/part.json', 'in/bad-json.json']];
  const stderr = async (redact: string[]): Promise<string[]> => {
    const runs: string[] = [];
    for (const command of commands) {
      const run = await cli([...command, '--no-config', ...redact]);
      runs.push(run.stderr);
      if (redact.length > 0) expect(run.stdout, command[0]).not.toContain(character);
    }
    return runs;
  };
  expect(await stderr([])).toEqual([
    `in/bad-json.json:1: invalid JSON: unexpected character ${character} at column ${column}\n`,
    `in/bad-json.json:1:${column}: not a JSON or JSON Lines report: invalid JSON: unexpected character ${character}\n`,
    `in/bad-json.json:1:${column}: invalid JSON: unexpected character ${character}\n`,
  ]);
  expect(await stderr(['--redact'])).toEqual([
    `in/bad-json.json:1: invalid JSON: unexpected character at column ${column} (left out by --redact)\n`,
    `in/bad-json.json:1:${column}: not a JSON or JSON Lines report: invalid JSON: unexpected character (left out by --redact)\n`,
    `in/bad-json.json:1:${column}: invalid JSON: unexpected character (left out by --redact)\n`,
  ]);
});

describe('eval and agree --redact', () => {
  test.each([
    ['eval', '-d', '--misses', 'empathy', '--false-alarms', 'false-hope'],
    ['eval', '-d', '--misses', 'false-hope', '--false-alarms', 'false-hope', '-f', 'json'],
    ['eval', '--by-phrase', 'false-hope'],
    ['agree', 'lab2', '-d'],
    ['agree', 'lab2', '-d', '-f', 'json'],
  ])('%s lab %s …', async (command, ...rest) => {
    const run = await cli([command, 'lab', ...rest, '--redact', '--no-config']);
    expect(run.stderr).toContain('(names left out by --redact)');
    expect(findMarkers(collect(run))).toEqual([]);
  });

  test('with redact: true in the config instead of the flag', async () => {
    const evaluated = await cli(['eval', 'lab', '-d', '--misses', 'false-hope', '--false-alarms', 'empathy', '--config', 'redact.yaml']);
    const agreed = await cli(['agree', 'lab', 'lab2', '-d', '--config', 'redact.yaml']);
    expect(findMarkers(collect(evaluated) + collect(agreed))).toEqual([]);
  });
});

// `speakers` lists speaker labels by design (README): it must refuse --redact, not ignore it.
test('speakers has no --redact: asked for one, it prints nothing of the transcripts', async () => {
  const run = await cli(['speakers', 'in', '--redact']);
  expect(run.code).toBe(2);
  expect(findMarkers(collect(run))).toEqual([]);
});

test('through the real bin/, in worker threads: no marker in any stream or file', () => {
  ensureBuilt();
  const run = runBin(['audit', 'in', '--redact', '-d', '-j', '2', '--max-file-size', '20KB', '--no-config', '-f', 'table', '-f', 'html=out-bin/r.html', '-f', 'jsonl=out-bin/r.jsonl'], { cwd: root, timeout: 30_000 });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('(names left out by --redact)');
  expect(findMarkers(collect(run, path.join(root, 'out-bin')))).toEqual([]);
});
