import { formatScore } from '../eval/format-eval.js';
import { pluralize } from '../format/describe.js';
import { measureColumns, padDisplayEnd, padDisplayStart } from '../format/display-width.js';
import type { CrossValidation, Scores } from './train.js';

const PREDICTORS = ['model', 'rules', 'combined'] as const;

/** The held-out comparison as a text table: per id, the model alone, the rules alone, either. */
export function formatCrossValidation(cv: CrossValidation): string {
  const header = ['id', 'gold', ...PREDICTORS.flatMap((p) => [`${p} P`, 'R', 'F1', 'kappa'])];
  const cells = (scores: Scores): string[] => [scores.precision, scores.recall, scores.f1, scores.kappa].map(formatScore);
  const rows = [
    ...cv.rows.map((row) => [row.id, String(row.gold), ...PREDICTORS.flatMap((p) => cells(row[p]))]),
    ['macro', '', ...PREDICTORS.flatMap((p) => cells(cv.macro[p]))],
  ];
  const widths = measureColumns([header, ...rows]);
  const line = (row: string[]): string => row.map((cell, i) => (i === 0 ? padDisplayEnd(cell, widths[i] ?? 0) : padDisplayStart(cell, widths[i] ?? 0))).join('  ');
  const title = `held-out figures, ${cv.folds}-fold cross-validation by transcript (combined: either fires)`;
  const folds = cv.perFold.map(
    (fold) =>
      `fold ${fold.fold}/${cv.folds} held out (${pluralize(fold.sessions, 'session')}, ${pluralize(fold.therapistTurns, 'therapist turn')}): macro-F1 ` +
      PREDICTORS.map((p) => `${p} ${formatScore(fold.macro[p].f1)}`).join(', '),
  );
  return [title, line(header), ...rows.map(line), '', ...folds].join('\n') + '\n';
}
