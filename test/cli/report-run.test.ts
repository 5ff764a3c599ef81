import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
