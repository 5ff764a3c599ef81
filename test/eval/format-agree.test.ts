import { describe, expect, test } from 'vitest';
import type { Agreement, AgreementRow } from '../../src/eval/agree.js';
import { formatAgreementText } from '../../src/eval/format-agree.js';

function row(id: string, scope: AgreementRow['scope'], first: number, second: number, both: number, agreement: number | null, kappa: number | null): AgreementRow {
  return { id, scope, first, second, both, firstOnly: first - both, secondOnly: second - both, neither: 5, agreement, kappa };
}

describe('formatAgreementText', () => {
  // Label ids are the coders' own words: a CJK id takes two columns a character, an emoji two, a combining accent none.
  test('ids in CJK, emoji and with combining marks keep the columns in line', () => {
    const agreement: Agreement = {
      sessions: 2,
      therapistTurns: 10,
      rows: [row('安心', 'turn', 3, 2, 2, 0.8, 0.5), row('👋🏽', 'turn', 1, 1, 1, 1, 1), row('Jose\u0301', 'session', 0, 1, 0, 0, null)],
      averages: { micro: { agreement: 0.75, kappa: 0.6 }, macro: { agreement: 0.6, kappa: 0.5 } },
      disagreements: [],
      perSession: [],
    };
    const lines = formatAgreementText(agreement, { first: 'a', second: 'b' }).split('\n');
    expect(lines.slice(2, 10)).toEqual([
      'id             scope    first  second  both  first only  second only  agreement  kappa',
      '-------------  -------  -----  ------  ----  ----------  -----------  ---------  -----',
      '安心           turn         3       2     2           1            0       0.80   0.50',
      '👋🏽             turn         1       1     1           0            0       1.00   1.00',
      'Jose\u0301           session      0       1     0           0            1       0.00      -',
      '-------------  -------  -----  ------  ----  ----------  -----------  ---------  -----',
      'micro (turns)                                                              0.75   0.60',
      'macro (turns)                                                              0.60   0.50',
    ]);
  });

  // A label id or file name with a newline split a row or line in two; an escape spoke to the terminal.
  test('control characters in a label id, file name or session id are written escaped', () => {
    const agreement: Agreement = {
      sessions: 1,
      therapistTurns: 2,
      rows: [row('calm\ndown', 'turn', 1, 0, 0, 0, null)],
      averages: { micro: { agreement: 0, kappa: null }, macro: { agreement: 0, kappa: null } },
      disagreements: [
        { id: 'calm\ndown', scope: 'turn', by: 'first', file: 'a\nb.yaml', session: 's', turn: 2, line: 4, secondFile: 'c\u001b[2J.yaml', secondLine: 5, text: '' },
        { id: 'calm\ndown', scope: 'session', by: 'second', file: 'a\nb.yaml', session: 's\u001b', turn: 0, line: 1, secondFile: 'c.yaml', secondLine: 1, text: '' },
      ],
      perSession: [],
    };
    const output = formatAgreementText(agreement, { first: 'a', second: 'b' }, undefined, true);
    expect({ raw: /\n(down|b\.yaml)/.test(output) || output.includes('\u001b'), lines: output.split('\n').filter((line) => line.includes('calm') || line.startsWith('  ')) }).toEqual({
      raw: false,
      lines: [
        'calm\\ndown     turn       1       0     0           1            0       0.00      -',
        'calm\\ndown: 1 disagreement',
        '  first only   a\\nb.yaml:4, not in c\\u001b[2J.yaml:5  turn 2',
        'calm\\ndown (session): 1 disagreement',
        '  second only  c.yaml, not in a\\nb.yaml  session s\\u001b',
      ],
    });
  });
});
