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
  // Start-up (loading and compiling the rules, about a second of CPU) is the same for any
  // input, so the limits are on the CPU time above a two-turn run's; that run also fills
  // the rule cache, as a user's first run would.
  let startUp = 0;
  beforeAll(() => {
    writeFileSync(join(dir, 'tiny.txt'), 'Client: I am scared\nTherapist: I hear you\n');
    startUp = runBin(['audit', 'tiny.txt', '--format', 'json'], { cwd: dir, timeout: 60_000 }).cpuSeconds;
  }, 120_000);

  test.each([
    [512 * 1024, 2],
    [5 * 1024 * 1024, 10],
  ])('an unpunctuated turn of %i bytes is audited in under %i s of CPU beyond start-up', (bytes, limit) => {
    // The time guard reads the wall clock, which a loaded machine stretches; this test
    // measures CPU time itself, so the guard is set out of its way.
    const args = ['audit', writeUnpunctuatedTurn(`turn-${bytes}.txt`, bytes), '--format', 'json', '--rule-time-limit', '120'];
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
      withinLimit: run.cpuSeconds - startUp < limit,
    }).toEqual({ code: 1, stderr: '', rules: ['false-hope', 'normalizing', 'empathy', 'invalidation'], withinLimit: true });
  });
});

/** A JSON file of `count` two-turn sessions (synthetic), as a list of session objects; 10^5 fit the 10 MB limit. */
function writeSessionList(name: string, count: number): string {
  const sessions = Array.from(
    { length: count },
    (_, index) => `{"session":"s${index}","turns":[{"speaker":"C","text":"I worry"},{"speaker":"T","text":"It is normal"}]}`,
  );
  writeFileSync(join(dir, name), `[\n${sessions.join(',\n')}\n]\n`);
  return name;
}

describe('bin: output is linear in sessions', { timeout: 240_000 }, () => {
  // A guard against quadratic behaviour, not a speed target (that is `npm run bench`): 25 s of
  // CPU on an idle machine today (scripts/measure-limits.js), more beside the suite's other
  // files; a quadratic pass over 10^5 sessions would take many minutes.
  test('10^5 sessions of JSON in, JSON out, in under 45 s of CPU', () => {
    const run = runBin(['audit', writeSessionList('sessions-100k.json', 100_000), '--format', 'json'], { cwd: dir, timeout: 200_000 });
    const report = JSON.parse(run.stdout) as { totals: { sessions: number; findings: number } };
    expect({ code: run.code, stderr: run.stderr, totals: report.totals, withinLimit: run.cpuSeconds < 45 }).toMatchObject({
      code: 0,
      stderr: '',
      totals: { sessions: 100_000, findings: 100_000 },
      withinLimit: true,
    });
  });

  test('20k sessions as a table in under 30 s of CPU: the totals and the sessions with most pitfalls', () => {
    const run = runBin(['audit', writeSessionList('sessions-20k.json', 20_000)], { cwd: dir, timeout: 200_000 });
    expect({
      code: run.code,
      stderr: run.stderr,
      rows: run.stdout.split('\n').filter((line) => /^│ s\d+ /.test(line)).length,
      notShown: run.stdout.includes('19980 more not shown'),
      summary: run.stdout.trimEnd().split('\n').at(-1),
      withinLimit: run.cpuSeconds < 30,
    }).toEqual({
      code: 0,
      stderr: '',
      rows: 20,
      notShown: true,
      summary: '20000 sessions, 20000 therapist turns, 20000 findings, 0 pitfalls (0 failing at fail level warning)',
      withinLimit: true,
    });
  });
});

describe('bin: diff pairs sessions in time linear in the reports', { timeout: 180_000 }, () => {
  // Each old session in a folder of its own, a new file of the same name at the top, the ids
  // not matching: every folder was tried against every session, 96 s for 5000 sessions.
  test('5000 sessions, each in its own folder in the old report, in under 20 s of CPU', () => {
    writeFileSync(join(dir, 'one.txt'), 'Client: I am scared\nTherapist: Everything will be fine\n');
    const one = JSON.parse(runBin(['audit', 'one.txt', '--format', 'json'], { cwd: dir, timeout: 60_000 }).stdout) as { sessions: Record<string, unknown>[] };
    const [session] = one.sessions;
    const sessions = (name: (i: number) => string, id: string) => Array.from({ length: 5000 }, (_, i) => ({ ...session, id: `${id}${i}`, file: name(i) }));
    writeFileSync(join(dir, 'old.json'), JSON.stringify({ ...one, sessions: sessions((i) => `d${i}/f${i}.txt`, 'old') }));
    writeFileSync(join(dir, 'new.json'), JSON.stringify({ ...one, sessions: sessions((i) => `f${i}.txt`, 'new') }));
    const run = runBin(['diff', 'old.json', 'new.json', '--format', 'json'], { cwd: dir, timeout: 150_000 });
    const diff = JSON.parse(run.stdout) as { totals: { sessionsAdded: number; sessionsRemoved: number }; pairedByFile?: unknown };
    expect({ code: run.code, stderr: run.stderr, totals: diff.totals, pairedByFile: diff.pairedByFile, withinLimit: run.cpuSeconds < 20 }).toMatchObject({
      code: 0,
      stderr: '',
      totals: { sessionsAdded: 5000, sessionsRemoved: 5000 },
      pairedByFile: undefined,
      withinLimit: true,
    });
  });
});
