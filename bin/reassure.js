#!/usr/bin/env node
// A thin entry point: all behaviour lives in main(), which returns the exit code.
import { fstatSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// V8 first runs a regex in its bytecode interpreter and recompiles it to machine code
// once it is hot, so a short run pays for both on its few hundred phrase regexes; compile
// them natively at once. A process-wide flag (worker threads share it), set by the command
// line only: the library leaves its host's V8 as it is. (Not `--no-regexp-tier-up`: flipped
// at run time, after Node's own regexes were compiled, it crashed V8 in one run of three.)
v8.setFlagsFromString('--regexp-tier-up-ticks=0');
// V8 hands a function to its optimising compiler (TurboFan, a background thread) after a
// budget of bytecode run in it; a short run paid for optimising code it left soon after.
// Four times the default budget: hot code is still optimised early in a long run.
v8.setFlagsFromString('--interrupt-budget=270336');
const { limitHeapGrowth, loadBundle, resolveCacheDirectory } = createRequire(import.meta.url)('../dist/bin/start.cjs');
// The heap growth `audit` limits, set for every command before the bundle loads: V8 takes
// its cached code only under the flags it was made with, and the cache is made after a run.
limitHeapGrowth();

// The command line runs from its bundle (npm run build) with the code V8 compiled for it in
// an earlier run of the same command (`--no-cache`: neither read nor written).
const argv = process.argv.slice(2);
const command = argv.find((arg) => !arg.startsWith('-'));
const bundle = loadBundle(
  fileURLToPath(new URL('../dist/bin/reassure.cjs', import.meta.url)),
  argv.includes('--no-cache') ? undefined : resolveCacheDirectory(process.env),
  command !== undefined && /^[a-z-]{1,20}$/.test(command) ? command : 'none',
);
const { main, describeWriteError } = bundle.exports;

// Node reads a directory given as standard input (`reassure audit - < dir`) as empty input;
// reading it fails as reading a directory does, so the command says what it is.
function openStdin() {
  let directory = false;
  try {
    directory = fstatSync(0).isDirectory();
  } catch {
    // No standard input to look at (closed): Node's stream says what there is.
  }
  if (!directory) return process.stdin;
  const error = Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR' });
  return { [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(error) }) };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of openStdin()) chunks.push(chunk);
  // Bytes: a transcript on standard input is decoded as a file is (UTF-16, Windows-1252).
  return Buffer.concat(chunks);
}

// Questions (reassure init) only on a terminal, so scripts and CI never wait for an answer.
// One reader of lines for every question, which keeps the answers typed ahead; Ctrl+D or
// Ctrl+C at a question is no answer (undefined), not an error with a stack trace.
let questions;
let answers;
async function prompt(question) {
  if (questions === undefined) {
    const { createInterface } = await import('node:readline');
    questions = createInterface({ input: process.stdin, output: process.stdout });
    questions.on('SIGINT', () => questions.close());
    answers = questions[Symbol.asyncIterator]();
  }
  questions.setPrompt(question);
  questions.prompt();
  const { value, done } = await answers.next();
  return done ? undefined : value;
}

// A closed pipe (`reassure audit … | head`) is not an error: the rest of the output is
// dropped and the run ends with its own exit code, however much it had left to write (CI
// with pipefail sees 1 for pitfalls either way). A full disk or a broken device is one line
// and exit code 2.
let readerGone = false;
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE' || (readerGone && error.code === 'ERR_STREAM_DESTROYED')) {
    readerGone = true;
    // A write that waits for room would wait forever.
    process.stdout.emit('drain');
    return;
  }
  process.stderr.write(`reassure: cannot write standard output: ${describeWriteError(error)}\n`);
  process.exit(2);
});
const stdout = {
  get isTTY() {
    return process.stdout.isTTY;
  },
  get columns() {
    return process.stdout.columns;
  },
  write: (chunk) => readerGone || process.stdout.write(chunk),
  once(event, listener) {
    if (readerGone) listener();
    else process.stdout.once(event, listener);
    return this;
  },
};

// Standard input is opened only by a run that reads it (a pipe's stream loads Node's
// network modules); a terminal is told by its file descriptor.
process.exitCode = await main({
  argv,
  cwd: process.cwd(),
  stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin,
  prompt: isatty(0) && process.stdout.isTTY ? prompt : undefined,
  stdinIsTTY: isatty(0),
  get stdin() {
    return openStdin();
  },
});
questions?.close();
bundle.saveCodeCache();
