import { describe, expect, test } from 'vitest';
import { formatCrossValidation } from '../../src/model/format-cv.js';
import type { CrossValidation, Scores } from '../../src/model/train.js';

const scores = (f1: number | null): Scores => ({ precision: f1, recall: f1, f1, kappa: f1 });
const macro = (f1: number | null) => ({ model: scores(f1), rules: scores(f1), combined: scores(f1) });

describe('formatCrossValidation', () => {
  // More folds than sessions leaves folds of one session, or none.
  test.each([
    { sessions: 0, therapistTurns: 0, f1: null, line: 'fold 0/3 held out (0 sessions, 0 therapist turns): macro-F1 model -, rules -, combined -' },
    { sessions: 1, therapistTurns: 1, f1: 0.5, line: 'fold 0/3 held out (1 session, 1 therapist turn): macro-F1 model 0.50, rules 0.50, combined 0.50' },
    { sessions: 2, therapistTurns: 7, f1: 1, line: 'fold 0/3 held out (2 sessions, 7 therapist turns): macro-F1 model 1.00, rules 1.00, combined 1.00' },
  ])('a fold of $sessions session(s) and $therapistTurns turn(s)', ({ sessions, therapistTurns, f1, line }) => {
    const cv: CrossValidation = { folds: 3, rows: [], macro: macro(f1), perFold: [{ fold: 0, sessions, therapistTurns, macro: macro(f1) }] };
    expect(formatCrossValidation(cv).split('\n').at(-2)).toBe(line);
  });
});
