import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { auditFile, type InputOutcome } from '../../src/run/audit-file.js';
import { startWorkers } from '../../src/run/worker-pool.js';
import { summarizeRules } from '../../src/rules/compile.js';
import { DEFAULT_RULES_PATH } from '../../src/rules/load.js';
import { loadRuleSetCached } from '../../src/rules/rule-cache.js';
import { writeSyntheticCorpus } from '../helpers/synthetic-corpus.js';

let dir = '';
let files: string[] = [];

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-pool-'));
  files = writeSyntheticCorpus(dir, 24, 30).map((file) => path.resolve(dir, file));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const loadRules = () => {
  const loaded = loadRuleSetCached(DEFAULT_RULES_PATH, process.cwd(), undefined);
  if (!loaded.ok) throw new Error('the bundled rules do not load');
  return { ruleSet: loaded.ruleSet, rules: summarizeRules(loaded.ruleSet), source: { snapshot: loaded.snapshot, cwd: process.cwd(), overrides: { severity: {}, disable: [] } } };
};

describe('worker threads started before the rules', () => {
  const read = { cwd: process.cwd(), roles: { therapist: [], client: [] }, maxBytes: 10 * 1024 * 1024 };

  test.each([
    ['one of one pooled', 1, 1],
    ['one of two pooled (the other stopped)', 2, 1],
    ['two pooled, one started early (one more started)', 1, 2],
    ['none pooled: this thread audits alone', 1, 0],
  ])('%s: every file audited once, each outcome as this thread gives it, in any order of arrival', async (_, started, pooled) => {
    const { ruleSet, rules, source } = loadRules();
    const here: string[] = [];
    // This thread is slow on purpose, so that the worker takes most files, then the tail is shared.
    const auditHere = async (file: string): Promise<InputOutcome> => {
      here.push(file);
      await new Promise((resolve) => setTimeout(resolve, 5));
      return auditFile(file, ruleSet, rules, read);
    };
    const workers = startWorkers(started, read);
    const pool = workers.pool(pooled, source, auditHere);
    try {
      // Half queued at once (before any worker is ready), half one by one, then no more.
      const outcomes = files.slice(0, 12).map((file) => pool.audit(file));
      for (const file of files.slice(12)) outcomes.push(pool.audit(file));
      pool.finish();
      const expected = await Promise.all(files.map((file) => auditFile(file, ruleSet, rules, read)));
      expect({ outcomes: await Promise.all(outcomes), unique: new Set(here).size === here.length }).toEqual({ outcomes: expected, unique: true });
      if (pooled === 0) expect(here).toEqual(files);
    } finally {
      await workers.close();
    }
  }, 60_000);

  // Worker threads get the read options once, by structured clone: the resolved entries (a Set of files) must survive it.
  test("a config sessions entry's therapist reaches the files audited in worker threads", async () => {
    const { ruleSet, rules, source } = loadRules();
    const talks = Array.from({ length: 8 }, (_, i) => path.join(dir, `talk-${i}.txt`));
    for (const file of talks) writeFileSync(file, 'Sam: I keep worrying.\nJane: Everything will be fine, I promise.\n');
    const shown = talks.map((file) => path.relative(process.cwd(), file).split(path.sep).join('/'));
    const named = { ...read, roles: { ...read.roles, sessions: [{ files: new Set(shown), therapist: 'Jane' }] } };
    const here: string[] = [];
    // This thread is slow on purpose, so that the worker takes the files after the first.
    const auditHere = async (file: string): Promise<InputOutcome> => {
      here.push(file);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return auditFile(file, ruleSet, rules, named);
    };
    const workers = startWorkers(1, named);
    const pool = workers.pool(1, source, auditHere);
    try {
      const outcomes = talks.map((file) => pool.audit(file));
      pool.finish();
      const turns = (await Promise.all(outcomes)).map((outcome) => outcome.sessions.map((session) => session.therapistTurns));
      expect({ turns, inWorkers: here.length < talks.length }).toEqual({ turns: talks.map(() => [1]), inWorkers: true });
    } finally {
      await workers.close();
    }
  }, 60_000);

  test('closing workers that were never pooled (the run ended first) stops them, and closing again is harmless', async () => {
    const workers = startWorkers(2, read);
    await workers.close();
    await expect(workers.close()).resolves.toBeUndefined();
  }, 60_000);
});
