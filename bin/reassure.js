#!/usr/bin/env node
// A thin entry point: all behaviour lives in main(), which returns the exit code.
import { createInterface } from 'node:readline/promises';
import { main } from '../dist/cli/main.js';
import { describeWriteError } from '../dist/cli/write-output.js';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

// Questions (reassure init) only on a terminal, so scripts and CI never wait for an answer.
async function prompt(question) {
  const lines = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await lines.question(question);
  } finally {
    lines.close();
  }
}

// A closed pipe (`reassure audit … | head`) is not an error; a full disk or a broken
// device is one line and exit code 2.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  process.stderr.write(`reassure: cannot write standard output: ${describeWriteError(error)}\n`);
  process.exit(2);
});

process.exitCode = await main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  readStdin,
  prompt: process.stdin.isTTY && process.stdout.isTTY ? prompt : undefined,
  stdin: process.stdin,
});
