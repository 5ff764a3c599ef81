import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeUnshownWarnings, type WarningCounts } from '../../src/cli/input-messages.js';
import type { WarningKind } from '../../src/types.js';
import { runCli } from '../helpers/run-cli.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-input-messages-'));
  // Speakers given by name only: no turn is the therapist's until --therapist says whose.
  const session = ['session: named', 'turns:', '  - speaker: Robin', '    text: I worry all the time.', '  - speaker: Dr Ash', '    text: It will all work out.', '    labels: [false-hope]', ''];
  writeFileSync(path.join(dir, 'named.yaml'), session.join('\n'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const warning = 'named.yaml:1: warning: no therapist turn found; speakers seen: Robin, Dr Ash; use --therapist NAME\n';
// The label is on a turn whose speaker is other until the therapist is named.
const unmeasured = 'named.yaml:5: warning: label "false-hope" is on a turn whose speaker is other; only therapist turns are measured\n';
const uncompared = unmeasured.replace('measured', 'compared');
const redacted = 'named.yaml:1: warning: no therapist turn found; 2 speakers seen (names left out by --redact); use --therapist NAME\n';

describe('commands that read labelled transcripts pass on the reading warnings', () => {
  test.each([
    { command: ['eval', 'named.yaml'], code: 0, stderr: warning + unmeasured },
    { command: ['eval', 'named.yaml', '--redact'], code: 0, stderr: redacted + unmeasured },
    { command: ['agree', 'named.yaml', 'named.yaml'], code: 0, stderr: warning + warning + uncompared + uncompared },
    { command: ['agree', 'named.yaml', 'named.yaml', '--redact'], code: 0, stderr: redacted + redacted + uncompared + uncompared },
    { command: ['rules', 'suggest', 'false-hope', 'named.yaml'], code: 0, stderr: warning },
    {
      command: ['train', 'named.yaml', '-o', 'model.json'],
      code: 2,
      stderr: `${warning}train: no therapist turn is labelled with a rule id of the rule set; nothing to learn from\n`,
    },
  ])('$command', async ({ command, code, stderr }) => {
    const run = await runCli([...command, '--no-config'], { cwd: dir });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr });
  });
});

describe('describeUnshownWarnings', () => {
  const counts = (entries: [WarningKind | undefined, number][]): WarningCounts => new Map(entries);
  test('a line per kind past the first ten, naming the output that lists them all', () => {
    const seen = counts([['duplicate-session-id', 3681], ['no-turns', 10], [undefined, 11]]);
    expect([
      describeUnshownWarnings(seen, [{ format: 'table' }]),
      describeUnshownWarnings(seen, [{ format: 'table' }, { format: 'sarif' }]),
      describeUnshownWarnings(seen, [{ format: 'jsonl', path: 'report.jsonl' }]),
    ]).toEqual([
      ['… and 3,671 more warnings like these (duplicate session ids); --format json lists them all', '… and 1 more warning like these; --format json lists them all'],
      ['… and 3,671 more warnings like these (duplicate session ids); the sarif output lists them all', '… and 1 more warning like these; the sarif output lists them all'],
      ['… and 3,671 more warnings like these (duplicate session ids); report.jsonl lists them all', '… and 1 more warning like these; report.jsonl lists them all'],
    ]);
  });
});
