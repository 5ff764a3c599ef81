import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ensureBuilt, runBin } from '../helpers/run-bin.js';

/*
 * Large inputs through the real bin/: what they give, not how long they take. Time is
 * measured by `npm run limits` (scripts/measure-limits.js), which .ci/run also runs: it
 * checks that cost grows linearly with these same inputs, where a CPU limit here failed on
 * a slower machine. The wall-time limit only catches a hang.
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

describe('bin: a long unpunctuated turn', { timeout: 180_000 }, () => {
  test('of 512 KB is audited whole: every rule that its words call for flags it', () => {
    // The time guard reads the wall clock, which a loaded machine stretches; it is set out of the way.
    const args = ['audit', writeUnpunctuatedTurn('turn-512k.txt', 512 * 1024), '--format', 'json', '--rule-time-limit', '120'];
    const run = runBin(args, { cwd: dir, timeout: 150_000 });
    const report = JSON.parse(run.stdout) as { sessions: { findings: { rule: string }[] }[] };
    // Every "will be fine" is weighed against its hedge, so the guards run all along the turn;
    // "do not worry" after the client's "I am scared" is a minimising directive (invalidation),
    // and "do not worry everything will be okay" a promise (false hope: the worry word after
    // the negation leads up to the prediction, and no hedge stands within a few words of it).
    expect({
      code: run.code,
      stderr: run.stderr,
      rules: report.sessions.flatMap((session) => session.findings.map((finding) => finding.rule)),
    }).toEqual({ code: 1, stderr: '', rules: ['false-hope', 'normalizing', 'empathy', 'invalidation'] });
  });
});

/** A JSON file of `count` two-turn sessions (synthetic), as a list of session objects. */
function writeSessionList(name: string, count: number): string {
  const sessions = Array.from(
    { length: count },
    (_, index) => `{"session":"s${index}","turns":[{"speaker":"C","text":"I worry"},{"speaker":"T","text":"It is normal"}]}`,
  );
  writeFileSync(join(dir, name), `[\n${sessions.join(',\n')}\n]\n`);
  return name;
}

describe('bin: many sessions in one file', { timeout: 240_000 }, () => {
  test('10^4 sessions of JSON in, JSON out: every one of them counted', () => {
    const run = runBin(['audit', writeSessionList('sessions-10k.json', 10_000), '--format', 'json'], { cwd: dir, timeout: 200_000 });
    const report = JSON.parse(run.stdout) as { totals: { sessions: number; findings: number } };
    expect({ code: run.code, stderr: run.stderr, totals: report.totals }).toMatchObject({
      code: 0,
      stderr: '',
      totals: { sessions: 10_000, findings: 10_000 },
    });
  });

  test('10^4 sessions as a table: the totals and the 20 sessions with most pitfalls', () => {
    const run = runBin(['audit', 'sessions-10k.json'], { cwd: dir, timeout: 200_000 });
    expect({
      code: run.code,
      stderr: run.stderr,
      rows: run.stdout.split('\n').filter((line) => /^│ s\d+ /.test(line)).length,
      notShown: run.stdout.includes('9980 more not shown'),
      summary: run.stdout.trimEnd().split('\n').at(-1),
    }).toEqual({
      code: 0,
      stderr: '',
      rows: 20,
      notShown: true,
      summary: '10000 sessions, 10000 therapist turns, 10000 findings, 0 pitfalls (0 failing at fail level warning)',
    });
  });
});

describe('bin: diff of sessions that no folder pairs', { timeout: 180_000 }, () => {
  // Each old session in a folder of its own, a new file of the same name at the top, the ids
  // not matching: every folder was tried against every session, 96 s for 5000 sessions (the
  // growth is checked by `npm run limits`); no folder pairs them, so none is used.
  test('1000 sessions, each in its own folder in the old report: all added and removed', () => {
    writeFileSync(join(dir, 'one.txt'), 'Client: I am scared\nTherapist: Everything will be fine\n');
    const one = JSON.parse(runBin(['audit', 'one.txt', '--format', 'json'], { cwd: dir, timeout: 60_000 }).stdout) as { sessions: Record<string, unknown>[] };
    const [session] = one.sessions;
    const sessions = (name: (i: number) => string, id: string) => Array.from({ length: 1000 }, (_, i) => ({ ...session, id: `${id}${i}`, file: name(i) }));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...one, sessions: sessions((i) => `d${i}/f${i}.txt`, 'old') }));
    writeFileSync(join(dir, 'new.json'), JSON.stringify({ ...one, sessions: sessions((i) => `f${i}.txt`, 'new') }));
    const run = runBin(['diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir, timeout: 150_000 });
    const diff = JSON.parse(run.stdout) as { totals: { sessionsAdded: number; sessionsRemoved: number }; pairedByFile?: unknown };
    expect({ code: run.code, stderr: run.stderr, totals: diff.totals, pairedByFile: diff.pairedByFile }).toMatchObject({
      code: 0,
      stderr: '',
      totals: { sessionsAdded: 1000, sessionsRemoved: 1000 },
      pairedByFile: undefined,
    });
  });
});
