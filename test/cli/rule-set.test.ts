import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { CliIO } from '../../src/cli/main.js';
import { loadRulesWithSnapshotOrFail } from '../../src/cli/rule-set.js';
import { ReassureError } from '../../src/errors.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-rule-set-'));
  writeFileSync(path.join(dir, 'broken.yaml'), 'rules: [\n');
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** An io whose standard error is kept, and the order of what happened. */
function recordingIo(events: string[]): CliIO {
  // The test run's own rule cache folder (vitest.config.ts), so the bundled rules load from it.
  return { argv: [], cwd: dir, env: { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }, stdout: { write: () => true }, stderr: { write: (chunk: string) => events.push(`stderr: ${chunk}`) } };
}

describe('loadRulesWithSnapshotOrFail: beforeProblems', () => {
  // It ran before every load: a stat of the config's rule file on every run, needed only by failing ones.
  test('is not called when the rules load', () => {
    const events: string[] = [];
    const { ruleSet } = loadRulesWithSnapshotOrFail(undefined, recordingIo(events), { beforeProblems: () => events.push('before') });
    expect({ rules: ruleSet.reported.length > 0, events }).toEqual({ rules: true, events: [] });
  });

  test('is called once before the problems are printed, and an error it throws replaces them', () => {
    const events: string[] = [];
    expect(() => loadRulesWithSnapshotOrFail('broken.yaml', recordingIo(events), { cache: false, beforeProblems: () => events.push('before') })).toThrow();
    expect(events[0]).toBe('before');
    expect(events.slice(1).every((event) => event.startsWith('stderr: broken.yaml:'))).toBe(true);
    expect(events.length).toBeGreaterThan(1);
    const replaced: string[] = [];
    const stop = new ReassureError('rules: cannot read broken.yaml: no such file');
    const beforeProblems = (): never => {
      throw stop;
    };
    expect(() => loadRulesWithSnapshotOrFail('broken.yaml', recordingIo(replaced), { cache: false, beforeProblems })).toThrow(stop);
    expect(replaced).toEqual([]);
  });
});
