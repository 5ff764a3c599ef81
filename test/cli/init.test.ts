import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { runCli } from '../helpers/run-cli.js';

const FILES = ['.reassurerc.yaml', 'rules/reassure.yaml', 'transcripts/example.yaml', '.github/workflows/reassure.yml'];

/** The commands `init` printed after "Next:", without `npx reassure`. */
function readNextCommands(stdout: string): string[][] {
  const next = stdout.slice(stdout.indexOf('Next:'));
  return [...next.matchAll(/^ {2}npx reassure (.+)$/gm)].map((match) => (match[1] ?? '').split(' '));
}

// Auditing and running rule tests take seconds on a busy machine.
describe('reassure init', { timeout: 60_000 }, () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reassure-init-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test('writes the four files in an empty folder, and the three commands it prints then work', async () => {
    const init = await runCli(['init'], { cwd: dir });
    const written = await Promise.all(FILES.map((file) => stat(join(dir, file)).then((s) => s.isFile())));
    const commands = readNextCommands(init.stdout);
    const codes = [];
    for (const command of commands) codes.push((await runCli(command, { cwd: dir })).code);
    expect({ code: init.code, written, commands: commands.map((c) => c.join(' ')), codes, html: (await stat(join(dir, 'reports/reassure.html'))).size > 0 }).toEqual({
      code: 0,
      written: [true, true, true, true],
      commands: ['rules test rules/reassure.yaml', 'audit', 'audit --format html=reports/reassure.html'],
      codes: [0, 0, 0],
      html: true,
    });
  });

  test('the sample is labelled so that eval agrees with it, and the workflow is YAML', async () => {
    await runCli(['init', '--yes'], { cwd: dir });
    const evaluation = await runCli(['eval', 'transcripts', '--format', 'json'], { cwd: dir });
    const rows = (JSON.parse(evaluation.stdout) as { rules: { rule: string; scope: string; fp: number; fn: number }[] }).rules;
    const workflow = parse(await readFile(join(dir, '.github/workflows/reassure.yml'), 'utf8')) as { jobs: { audit: { steps: unknown[] } } };
    expect({
      errors: rows.filter((row) => row.fp + row.fn > 0).map((row) => row.rule),
      steps: workflow.jobs.audit.steps.length,
    }).toEqual({ errors: [], steps: 7 });
  });

  test('refuses to overwrite, naming the files, unless --force', async () => {
    await runCli(['init'], { cwd: dir });
    const again = await runCli(['init'], { cwd: dir });
    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect({ again: again.code, stderr: again.stderr, forced: forced.code }).toEqual({
      again: 2,
      stderr: `init: ${FILES.join(', ')} already exist; nothing was written (--force overwrites)\n`,
      forced: 0,
    });
  });

  // Written one by one, the files before the one that failed were left: a half-initialised folder.
  test('a file where a later target\'s folder should be: nothing is written, and one line names the target', async () => {
    await writeFile(join(dir, '.github'), 'a file, not a folder\n');
    const run = await runCli(['init'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr, entries: await readdir(dir) }).toEqual({
      code: 2,
      stderr: '.github/workflows/reassure.yml: cannot write the file: a parent path is not a directory; nothing was written\n',
      entries: ['.github'],
    });
  });

  test('--force with a directory where a later file goes: the files there are left as they were', async () => {
    await writeFile(join(dir, '.reassurerc.yaml'), 'fail-on: never\n');
    await mkdir(join(dir, 'transcripts', 'example.yaml'), { recursive: true });
    const run = await runCli(['init', '--force'], { cwd: dir });
    expect({
      code: run.code,
      stderr: run.stderr,
      config: await readFile(join(dir, '.reassurerc.yaml'), 'utf8'),
      entries: (await readdir(dir)).sort(),
      transcripts: await readdir(join(dir, 'transcripts')),
    }).toEqual({
      code: 2,
      stderr: 'transcripts/example.yaml: cannot write the file: it is a directory; nothing was written\n',
      config: 'fail-on: never\n',
      entries: ['.reassurerc.yaml', 'transcripts'],
      transcripts: ['example.yaml'],
    });
  });

  test('asks its questions only on a terminal, and --yes takes the defaults', async () => {
    const questions: string[] = [];
    const answers = ['sessions/', 'Dr. Ramsay'];
    let stdout = '';
    const io = {
      cwd: dir,
      stdout: { write: (chunk: string) => (stdout += chunk), isTTY: true },
      stderr: { write: () => true },
      env: {},
      prompt: async (question: string) => {
        questions.push(question);
        return answers.shift() ?? '';
      },
    };
    const asked = await main({ ...io, argv: ['init', 'asked'] });
    const defaulted = await main({ ...io, argv: ['init', 'defaulted', '--yes'] });
    const config = await readFile(join(dir, 'asked/.reassurerc.yaml'), 'utf8');
    expect({
      asked,
      defaulted,
      questions: questions.length,
      include: /include: \[sessions\/\]/.test(config),
      roles: config.includes('roles: {therapist: ["Dr. Ramsay"]}'),
      sample: (await stat(join(dir, 'asked/sessions/example.yaml'))).isFile(),
      defaults: (await stat(join(dir, 'defaulted/transcripts/example.yaml'))).isFile(),
      cd: stdout.includes('  cd asked\n'),
    }).toEqual({ asked: 0, defaulted: 0, questions: 2, include: true, roles: true, sample: true, defaults: true, cd: true });
  });

  // Ctrl+D or Ctrl+C at a question was "internal error (please report it)" and a stack trace.
  test.each([[[]], [['sessions/']]])('no answer (input ended) after %j: one line, exit 2, nothing written', async (given) => {
    const answers: (string | undefined)[] = [...given, undefined];
    let stderr = '';
    const code = await main({ cwd: dir, argv: ['init', 'unanswered'], stdout: { write: () => true, isTTY: true }, stderr: { write: (chunk: string) => (stderr += chunk) }, env: {}, prompt: async () => answers.shift() });
    const written = await stat(join(dir, 'unanswered')).then(() => true, () => false);
    expect({ code, stderr, written }).toEqual({ code: 2, stderr: 'init: no answer (input ended or interrupted); nothing was written\n', written: false });
  });

  // A folder name is free text at the prompt; written bare into a YAML flow list, a comma split it and a # cut it off.
  test.each([
    ['coded, 2026 #1', 'coded, 2026 #1/'],
    ['[drafts]: "x"', '[drafts]: "x"/'],
    ['sessions/', 'sessions/'],
  ])('the folder %j is read back from the config as %j', async (answer, include) => {
    const folder = 'answered';
    const answers = [answer, ''];
    const code = await main({ cwd: dir, argv: ['init', folder], stdout: { write: () => true, isTTY: true }, stderr: { write: () => true }, env: {}, prompt: async () => answers.shift() ?? '' });
    const config = parse(await readFile(join(dir, folder, '.reassurerc.yaml'), 'utf8')) as { include: unknown };
    expect({ code, include: config.include }).toEqual({ code: 0, include: [include] });
  });
});

