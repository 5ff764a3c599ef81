import { mkdtempSync, rmSync } from 'node:fs';
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

  test('closing workers that were never pooled (the run ended first) stops them, and closing again is harmless', async () => {
    const workers = startWorkers(2, read);
    await workers.close();
    await expect(workers.close()).resolves.toBeUndefined();
  }, 60_000);
});
