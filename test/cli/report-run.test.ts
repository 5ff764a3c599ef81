import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

let dir = '';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-report-run-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes synthetic transcripts into the temporary folder. */
function writeFiles(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

const session = (id: string): string => `session: ${id}\nturns:\n  - {speaker: Client, text: The bus was late.}\n  - {speaker: Therapist, text: How did that go?}\n`;

describe('the sessions of a run', () => {
  // Two sessions under one id were both reported with nothing said: the table had two columns of the same name.
  test.each<{ what: string; files: Record<string, string>; argv: string[]; ids: string[]; warnings: string[] }>([
    {
      what: 'one id in two files',
      files: { 'a/one.yaml': session('intake'), 'b/two.yaml': session('intake'), 'c.yaml': session('other') },
      argv: ['.'],
      ids: ['intake', 'intake', 'other'],
      warnings: ['b/two.yaml: warning: session id "intake" is also the id of a session in a/one.yaml; reports and `reassure diff` tell sessions apart by id'],
    },
    {
      what: 'a JSON Lines session that comes back after another',
      files: {
        'log.jsonl': [
          '{"session": "s1", "speaker": "Client", "text": "The bus was late."}',
          '{"session": "s2", "speaker": "Client", "text": "The bus was late."}',
          '{"session": "s1", "speaker": "Therapist", "text": "How did that go?"}',
        ].join('\n'),
      },
      argv: ['log.jsonl', '-t', 'Therapist'],
      ids: ['s1', 's2', 's1'],
      warnings: ['log.jsonl: warning: session id "s1" is also the id of a session in log.jsonl; reports and `reassure diff` tell sessions apart by id'],
    },
  ])('$what: both are reported, with a warning naming the earlier file', async ({ files, argv, ids, warnings }) => {
    writeFiles(files);
    const run = await runCli(['audit', ...argv, '--format', 'json', '--jobs', '1'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { sessions: { id: string }[]; warnings: { message: string }[] };
    const printed = run.stderr.split('\n').filter((line) => line.includes('session id'));
    expect({ code: run.code, ids: report.sessions.map((s) => s.id), printed, kept: report.warnings.filter((w) => w.message.startsWith('session id')).length }).toEqual({
      code: 0,
      ids,
      printed: warnings,
      kept: warnings.length,
    });
  });

  // Two copies of a folder printed a warning line per session: thousands of lines that buried the one problem that mattered.
  test('stderr shows the first warnings of each kind and counts the rest, which the reports keep; every problem is shown', async () => {
    const clientOnly = (id: string): string => `session: ${id}\nturns:\n  - {speaker: Client, text: The bus was late.}\n`;
    const names = Array.from({ length: 12 }, (_, i) => `s${String(i + 1).padStart(2, '0')}`);
    writeFiles({
      ...Object.fromEntries(names.flatMap((id) => [[`a/${id}.yaml`, session(id)], [`b/${id}.yaml`, session(id)], [`c/${id}.yaml`, clientOnly(`c-${id}`)]])),
      ...Object.fromEntries(names.map((id) => [`d/${id}.yaml`, 'turns: [unclosed\n'])),
    });
    const table = await runCli(['audit', '.', '--jobs', '1', '--no-config'], { cwd: dir });
    const lines = table.stderr.trimEnd().split('\n');
    const count = (part: string): number => lines.filter((line) => line.includes(part)).length;
    expect({
      code: table.code,
      duplicates: count('warning: session id'),
      noTherapist: count('warning: no therapist turn found'),
      problems: count('invalid YAML'),
      last: lines.slice(-2),
    }).toEqual({
      code: 2,
      duplicates: 10,
      noTherapist: 10,
      problems: 12,
      last: [
        '… and 2 more warnings like these (duplicate session ids); --format json lists them all',
        '… and 2 more warnings like these (no therapist turn found); --format json lists them all',
      ],
    });
    const json = await runCli(['audit', '.', '--jobs', '1', '--no-config', '--format', 'json=report.json'], { cwd: dir });
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as { warnings: { message: string }[]; problems: unknown[] };
    expect({
      stderr: json.stderr.trimEnd().split('\n').filter((line) => line.startsWith('…')),
      warnings: report.warnings.length,
      problems: report.problems.length,
    }).toEqual({
      stderr: [
        '… and 2 more warnings like these (duplicate session ids); report.json lists them all',
        '… and 2 more warnings like these (no therapist turn found); report.json lists them all',
      ],
      warnings: 24,
      problems: 12,
    });
  });

  // A CSV without a header has a transcript row where the names should be, and the problem line quoted it under --redact.
  test('--redact: a CSV whose first row is not a header is refused without quoting that row', async () => {
    writeFiles({ 'export.csv': 'Client,The bus was late again\nTherapist,How did that go?\n' });
    const run = await runCli(['audit', 'export.csv', '--redact', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as { problems: { message: string }[] };
    expect({ code: run.code, stderr: run.stderr, problems: report.problems }).toEqual({
      code: 2,
      stderr: 'export.csv:1: cannot find the speaker and text column (2 headers seen, left out by --redact); name them with --columns speaker=NAME,text=NAME\n',
      problems: [{ file: 'export.csv', line: 1, message: 'cannot find the speaker and text column (2 headers seen, left out by --redact); name them with --columns speaker=NAME,text=NAME' }],
    });
  });
});

// A run whose only outputs were files printed nothing at all on a terminal, even when it exited 1.
describe('a run that writes only files', () => {
  test.each<{ what: string; argv: string[]; tty: boolean; note: string | undefined }>([
    { what: 'one file, on a terminal', argv: ['--format', 'html=report.html'], tty: true, note: 'wrote report.html' },
    { what: 'two files, on a terminal', argv: ['-f', 'json=out/r.json', '-f', 'sarif=r.sarif'], tty: true, note: 'wrote out/r.json and r.sarif' },
    { what: '-o, on a terminal', argv: ['-o', 'r.json'], tty: true, note: 'wrote r.json' },
    { what: 'a file and standard output', argv: ['-f', 'table', '-f', 'json=r.json'], tty: true, note: undefined },
    { what: '--quiet', argv: ['-o', 'r.json', '--quiet'], tty: true, note: undefined },
    { what: 'stderr not a terminal', argv: ['-o', 'r.json'], tty: false, note: undefined },
  ])('$what: note on stderr = $note', async ({ argv, tty, note }) => {
    writeFiles({ 'a.yaml': session('intake') });
    mkdirSync(path.join(dir, 'out'));
    const run = await runCli(['audit', 'a.yaml', '--jobs', '1', ...argv], { cwd: dir, stderrIsTTY: tty });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: note === undefined ? '' : `${note}\n` });
  });
});

// The two reports went to one file (the second replacing the first) and the run exited as if both were written.
test('two formats named for one file through a link not yet written: refused before the run', async () => {
  writeFiles({ 'a.yaml': session('intake') });
  symlinkSync('r.json', path.join(dir, 'link.json'));
  const run = await runCli(['audit', 'a.yaml', '--jobs', '1', '-f', 'json=r.json', '-f', 'sarif=link.json'], { cwd: dir });
  expect({ code: run.code, stderr: run.stderr, entries: readdirSync(dir).sort() }).toEqual({
    code: 2,
    stderr: 'link.json: named as the output of both json and sarif; give each format its own file\n',
    entries: ['a.yaml', 'link.json'],
  });
});
