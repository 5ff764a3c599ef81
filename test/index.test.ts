import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  ReassureError,
  RuleFileError,
  TranscriptError,
  audit,
  formatReport,
  isFailing,
  loadRules,
  parseTranscript,
  parseTranscripts,
} from '../src/index.js';
import { runCli } from './helpers/run-cli.js';
import { writeSyntheticCorpus } from './helpers/synthetic-corpus.js';

const CHAT = ['Client: Will it be okay, do you promise?', 'Therapist: Everything will be fine, I promise.', ''].join('\n');

// Two audits of the samples take seconds on a busy machine.
describe('library API', { timeout: 30_000 }, () => {
  test('audit of paths gives the report the command line gives', async () => {
    const report = await audit('samples', { cwd: process.cwd() });
    const cli = await runCli(['audit', 'samples', '--format', 'json']);
    expect(formatReport(report, 'json')).toBe(cli.stdout);
    expect({ failing: isFailing(report), code: cli.code }).toEqual({ failing: true, code: 1 });
  });

  test('audits a parsed transcript, after any files, with the rules given', async () => {
    const transcript = parseTranscript(CHAT, { format: 'text', path: 'chat.txt' });
    const report = await audit([transcript], { rules: loadRules() });
    expect(report.sessions.map((s) => ({ id: s.id, file: s.file, falseHope: s.counts['false-hope'], turns: s.turns }))).toEqual([
      { id: 'chat', file: 'chat.txt', falseHope: 1, turns: 2 },
    ]);
  });

  test('redact leaves the transcript words out', async () => {
    const report = await audit(parseTranscript(CHAT, { format: 'text' }), { redact: true });
    expect({ redacted: report.redacted, leaked: formatReport(report, 'json').includes('promise') }).toEqual({ redacted: true, leaked: false });
  });

  test('parseTranscripts reads every session; parseTranscript wants exactly one', () => {
    const two = 'session: a\nturns: [{speaker: Client, text: Hi}]\n---\nsession: b\nturns: [{speaker: Therapist, text: Hello}]\n';
    expect(parseTranscripts(two, { format: 'yaml' }).map((t) => t.id)).toEqual(['a', 'b']);
    expect(() => parseTranscript(two, { format: 'yaml' })).toThrow('expected one session, found 2 (use parseTranscripts)');
  });

  test.each([
    { text: '', format: undefined, message: 'empty transcript' },
    { text: 'turns: [', format: 'yaml' as const, message: expect.stringContaining('invalid YAML') },
  ])('parseTranscript($text) throws a TranscriptError', ({ text, format, message }) => {
    let error: unknown;
    try {
      parseTranscript(text, { format });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TranscriptError);
    expect(error).toBeInstanceOf(ReassureError);
    expect((error as Error).message).toEqual(message);
  });

  test('loadRules throws a RuleFileError listing every problem with its position', () => {
    let error: unknown;
    try {
      loadRules('test/fixtures/rules/bad-many.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RuleFileError);
    const problems = (error as RuleFileError).problems;
    expect(problems.length).toBeGreaterThan(1);
    expect(problems[0]).toEqual({ file: 'test/fixtures/rules/bad-many.yaml', line: expect.any(Number), column: expect.any(Number), message: expect.any(String) });
  });

  test('jobs: worker threads give the report one thread gives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-jobs-'));
    try {
      // Enough input (about 0.6 MB) for a worker thread to be worth starting.
      writeSyntheticCorpus(dir, 20, 400);
      const one = await audit('.', { cwd: dir, jobs: 1 });
      const two = await audit('.', { cwd: dir, jobs: 2 });
      expect(formatReport(two, 'json')).toBe(formatReport(one, 'json'));
      expect(one.sessions.length).toBeGreaterThanOrEqual(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('ruleTimeLimit: a rule too slow on the first file stops the audit there, with a problem naming it', async () => {
    const report = await audit(['samples/grief.yaml', 'samples/panic.txt'], { ruleTimeLimit: 1e-9 });
    expect({ sessions: report.sessions.map((s) => s.file), problems: report.problems.map((p) => p.file) }).toEqual({
      sessions: ['samples/grief.yaml'],
      problems: ['samples/grief.yaml'],
    });
    expect(report.problems[0]?.message).toMatch(/^rule "[a-z-]+" took .* no further file was audited$/);
  });

  test('standard input is for the command line: "-" is a problem, not a silent empty input', async () => {
    const report = await audit('-', {});
    expect(report.problems).toEqual([{ file: '-', message: 'standard input is read by the command line only; pass its text through parseTranscripts' }]);
  });

  test('formatReport refuses an unknown format, naming the known ones', async () => {
    const report = await audit([], {});
    expect(() => formatReport(report, 'pdf')).toThrow(/unknown format "pdf" \(expected one of table, json/);
  });
});
