import { describe, expect, test } from 'vitest';
import { compareReports, type DiffInput } from '../../src/diff/compare.js';
import { formatDiffTable } from '../../src/diff/format-diff.js';
import type { JsonFinding } from '../../src/format/json.js';

const RULES: DiffInput['rules'] = [{ id: 'false-hope', kind: 'pitfall', name: 'Creating false hope' }];

function finding(turn: number, excerpt: string): JsonFinding {
  return {
    rule: 'false-hope', kind: 'pitfall', severity: 'warning', scope: 'turn', turn, line: turn, speaker: 'Therapist',
    match: { start: 0, end: excerpt.length, text: excerpt, line: turn, column: 1 }, excerpt,
  };
}

function report(file: string, findings: JsonFinding[]): DiffInput {
  const sessions = [{ id: 'new\nline\u001b[2J', file: 'new\nline.yaml', findings }];
  return { file, tool: { name: 'reassure', version: '0.1.0' }, rules: RULES, sessions, failLevel: 'warning', redacted: false };
}

describe('formatDiffTable', () => {
  // A session id with a newline split its row and --details line in two; an escape spoke to the terminal.
  test('control characters in a session id or report file name are written escaped', () => {
    const diff = compareReports(report('old\n.json', []), report('new.json', [finding(4, 'It will be fine.')]));
    const output = formatDiffTable(diff, { details: true });
    expect({ raw: /\n(line|\.json)/.test(output) || output.includes('\u001b'), lines: output.split('\n').slice(0, 5) }).toEqual({
      raw: false,
      lines: [
        'reassure diff: old\\n.json (reassure 0.1.0) -> new.json (reassure 0.1.0)',
        '',
        'session              rule         kind      old   new   +new   -resolved   unchanged',
        'new\\nline\\u001b[2J   false-hope   pitfall   0     1     1      0           0',
        '+ new\\nline\\u001b[2J  turn 4  false-hope  "It will be fine."',
      ],
    });
  });
});
