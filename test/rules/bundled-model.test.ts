import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import type { JsonFinding } from '../../src/format/json.js';
import { runCli } from '../helpers/run-cli.js';

const SHIPPED = 'rules/models/counselling.json';

describe('the bundled model (rules/models/counselling.json)', () => {
  test('is exactly what `npm run train:default` makes from rules/training with the bundled rules', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-bundled-model-'));
    const out = path.join(dir, 'counselling.json');
    const run = await runCli(['train', 'rules/training', '-o', out, '--data-licence', "MIT: reassure's own synthetic training set (rules/training)"]);
    expect(run.code).toBe(0);
    // A rule change changes the rule: features, so the shipped model must be retrained with it.
    expect(readFileSync(out, 'utf8'), 'stale bundled model: run npm run train:default').toBe(readFileSync(SHIPPED, 'utf8'));
  }, 120_000);

  test('a rule file names it by its bare name, and its findings carry evidence', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-bundled-use-'));
    writeFileSync(
      path.join(dir, 'rules.yaml'),
      `version: 1
extends: default
rules:
  - id: helper-education
    kind: technique
    name: Education by the bundled model alone
    severity: info
    description: Gives information, as the bundled model reads it.
    rationale: Shows a bundled model used by its bare name.
    match:
      - model: counselling
        id: education
    examples:
      hit: ["Alcohol is a depressant, which means it can make low mood worse over time."]
      miss: ["Okay."]
`,
    );
    writeFileSync(
      path.join(dir, 'session.yaml'),
      `session: bundled-model
turns:
  - speaker: Client
    text: I keep drinking in the evenings.
  - speaker: Therapist
    text: Alcohol is a depressant, which means it can make low mood worse over time.
`,
    );
    const run = await runCli(['audit', path.join(dir, 'session.yaml'), '-r', path.join(dir, 'rules.yaml'), '-f', 'json']);
    expect(run.stderr).toBe('');
    const findings = (JSON.parse(run.stdout) as { sessions: { findings: JsonFinding[] }[] }).sessions[0]?.findings ?? [];
    const fromModel = findings.find((finding) => finding.rule === 'helper-education');
    expect(fromModel?.evidence?.model).toBe('counselling');
    expect(fromModel?.evidence?.score).toBeGreaterThanOrEqual(fromModel?.evidence?.threshold ?? 1);
  });
});
