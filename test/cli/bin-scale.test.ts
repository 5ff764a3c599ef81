import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';

/*
 * Inputs at the sizes the README promises, through the real bin/. Limits are on CPU time
 * (the machine may be busy); the wall-time limit only catches a hang.
 */

let dir = '';

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'reassure-bin-scale-'));
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Synthetic therapist words, with reassurances and negations, and no punctuation at all. */
const WORDS = 'you will be fine it is normal to feel this way many people feel anxious and I am not sure it will work out do not worry everything will be okay I hear you that sounds really hard'.split(' ');

/** A plain-text session whose therapist turn is `bytes` long and has no punctuation. */
function writeUnpunctuatedTurn(name: string, bytes: number): string {
  const words: string[] = [];
  for (let length = 0, i = 0; length < bytes; i++) {
    const word = WORDS[i % WORDS.length] ?? '';
    words.push(word);
    length += word.length + 1;
  }
  writeFileSync(join(dir, name), `Client: I am scared\nTherapist: ${words.join(' ')}\n`);
  return name;
}

describe('bin: matching is linear in turn length', { timeout: 180_000 }, () => {
  test.each([
    [512 * 1024, 2],
    [5 * 1024 * 1024, 10],
  ])('an unpunctuated turn of %i bytes is audited in under %i s of CPU', (bytes, limit) => {
    const run = runBin(['audit', writeUnpunctuatedTurn(`turn-${bytes}.txt`, bytes), '--format', 'json'], { cwd: dir, timeout: 150_000 });
    const report = JSON.parse(run.stdout) as { sessions: { findings: { rule: string }[] }[] };
    // Every "will be fine" is weighed against its hedge, so the guards run all along the turn.
    expect({
      code: run.code,
      stderr: run.stderr,
      rules: report.sessions.flatMap((session) => session.findings.map((finding) => finding.rule)),
      withinLimit: run.cpuSeconds < limit,
    }).toEqual({ code: 0, stderr: '', rules: ['normalizing', 'empathy'], withinLimit: true });
  });
});
