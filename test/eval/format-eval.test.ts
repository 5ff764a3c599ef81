import { describe, expect, test } from 'vitest';
import type { Averages, Disagreement, Evaluation, RuleScore } from '../../src/eval/evaluate.js';
import { formatEvaluationComparison, formatEvaluationText, quote } from '../../src/eval/format-eval.js';

function row(rule: string, scope: RuleScore['scope'], precision: number | null, recall: number | null, f1: number | null): RuleScore {
  return { rule, scope, tp: 0, fp: 0, fn: 0, tn: 0, gold: 0, predicted: 0, precision, recall, f1, kappa: null };
}

function averages(micro: number, macro: number): Averages {
  return { micro: { precision: micro, recall: micro, f1: micro }, macro: { precision: macro, recall: macro, f1: macro } };
}

describe('formatEvaluationComparison', () => {
  test('a row per rule and scope, the chosen scores of each set side by side, then the averages', () => {
    const open = { rows: [row('empathy', 'turn', 0.9, 0.8, 0.85), row('over-reliance', 'session', 1, 1, 1)], averages: averages(0.8, 0.7) };
    const sealed = { rows: [row('empathy', 'turn', 0.5, 0.25, 1 / 3)], averages: averages(0.4, 0.3) };
    expect(
      formatEvaluationComparison([
        { name: 'open', scores: ['f1'], evaluation: open },
        { name: 'sealed', scores: ['precision', 'recall', 'f1'], evaluation: sealed },
      ]),
    ).toBe(
      [
        'rule                     open F1  sealed P  sealed R  sealed F1',
        '-----------------------  -------  --------  --------  ---------',
        'empathy                     0.85      0.50      0.25       0.33',
        'over-reliance (session)     1.00         -         -          -',
        '-----------------------  -------  --------  --------  ---------',
        'micro (turns)               0.80      0.40      0.40       0.40',
        'macro (turns)               0.70      0.30      0.30       0.30',
        '',
      ].join('\n'),
    );
  });
});

describe('quote', () => {
  // Listed turns (--misses, --false-alarms, --details, agree --details) print transcript text on a terminal.
  test.each([
    ['Line one\n  line two', '"Line one line two"'],
    ['Fine. \u001b[2J\u001b]0;title\u0007', '"Fine. [2J]0;title"'],
    ['a\u0000b\u009bc', '"abc"'],
  ])('%j -> %s', (text, expected) => {
    expect(quote(text)).toBe(expected);
  });
});

describe('formatEvaluationText', () => {
  // A file name with a newline split a listed turn in two; an escape in a session id spoke to the terminal.
  test('control characters in a file name or session id are written escaped in the listed turns', () => {
    const base = { rule: 'empathy', type: 'false-positive', file: 'new\nline.yaml', session: 'x\u001b[2J', turn: 2, line: 4, text: '' } as const;
    const disagreements: Disagreement[] = [{ ...base, scope: 'turn' }, { ...base, scope: 'session' }];
    const evaluation = { sessions: 1, therapistTurns: 2, rows: [], averages: averages(0, 0), disagreements, unknownLabels: [], misplacedLabels: [], perSession: [] } as unknown as Evaluation;
    const lines = formatEvaluationText(evaluation, { details: true, falseAlarms: ['empathy'] }).split('\n');
    expect(lines.filter((line) => line.includes('new'))).toEqual([
      '  FP  new\\nline.yaml:4  turn 2',
      '  FP  new\\nline.yaml  session x\\u001b[2J',
      '  new\\nline.yaml:4  turn 2',
    ]);
  });
});
