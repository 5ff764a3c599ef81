import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const TRAINING = 'rules/training';
const TECHNIQUES = ['empathy', 'positive-self-talk', 'support-encouragement', 'normalizing', 'education'];
const PITFALLS = ['over-reliance', 'invalidation', 'reinforcing-negative-thoughts', 'ignoring-underlying-issues', 'false-hope'];

interface EvalRow {
  rule: string;
  scope: string;
  gold: number;
}

describe('rules/training, the project-written labelled set', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'reassure-training-'));
  let run: CliRun;
  // One eval over the ~370 files serves both checks; it takes a few seconds on a slow machine.
  beforeAll(async () => {
    run = await runCli(['eval', TRAINING, '--format', 'json']);
  }, 120_000);
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  test('every file parses and every label names a rule: eval reads it with no problem or warning', () => {
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(run.stdout) as { sessions: number; rules: EvalRow[] };
    expect(report.sessions).toBe(readdirSync(TRAINING).filter((name) => name.endsWith('.yaml')).length);
    expect(report.sessions).toBeGreaterThanOrEqual(300);
  });

  test('each technique has at least 150 labelled turns and each pitfall at least 60', () => {
    const rows = (JSON.parse(run.stdout) as { rules: EvalRow[] }).rules.filter((row) => row.scope === 'turn');
    const short = rows.filter((row) => row.gold < (TECHNIQUES.includes(row.rule) ? 150 : 60)).map((row) => `${row.rule}: ${row.gold}`);
    expect(rows.map((row) => row.rule).sort()).toEqual([...TECHNIQUES, ...PITFALLS].sort());
    expect(short).toEqual([]);
  });

  test('the committed files are what the generator makes from the bank (nobody edited them by hand)', () => {
    const out = path.join(scratch, 'training');
    execFileSync(process.execPath, ['scripts/make-training-set.js', '--out', out], { stdio: 'pipe' });
    const names = readdirSync(TRAINING).sort();
    expect(readdirSync(out).sort()).toEqual(names);
    const differing = names.filter((name) => readFileSync(path.join(out, name), 'utf8') !== readFileSync(path.join(TRAINING, name), 'utf8'));
    expect(differing).toEqual([]);
  }, 60_000);
});
