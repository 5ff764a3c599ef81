import { escapeControlCharacters } from '../errors.js';
import { pluralize, toOneLine } from '../format/describe.js';
import { measureColumns, padDisplayEnd, padDisplayStart } from '../format/display-width.js';
import { TOOL } from '../report/run-report.js';
import type { EvaluationIntervals, Interval, ScoreSheet } from './bootstrap.js';
import type { PhraseAttribution } from './by-phrase.js';
import type { Disagreement, Evaluation, RuleScore } from './evaluate.js';
import { formatByPhraseText } from './format-by-phrase.js';

/** What to list after the scores: every disagreement, or some rules' misses or false alarms. */
export interface EvalListing {
  details: boolean;
  /** Rule ids: list the labelled turns each does not find. */
  misses?: readonly string[];
  /** Rule ids: list the turns each finds that carry no such label. */
  falseAlarms?: readonly string[];
  /** One rule's match entries, each with the turns it fired on (`--by-phrase`). */
  byPhrase?: PhraseAttribution;
}

/** Thresholds for `--min-f1` / `--min-precision`. */
export interface EvalGates {
  minF1?: number;
  minPrecision?: number;
}

/** Rows below a gate. A rule with nothing labelled and nothing predicted is not judged. */
export function findRowsBelowGates(evaluation: Evaluation, gates: EvalGates): { row: RuleScore; reason: string }[] {
  const below: { row: RuleScore; reason: string }[] = [];
  for (const row of evaluation.rows) {
    if (row.gold === 0 && row.predicted === 0) continue;
    // A score with nothing to take it from read `F1 - < 0.7`: say why there is none, and that it counts as 0.
    const why = row.gold === 0 ? `nothing labelled, ${row.predicted} found` : `${row.gold} labelled, nothing found`;
    const score = (name: string, value: number | null): string => (value === null ? `no ${name} (${why}) counts as 0` : `${name} ${formatScore(value)}`);
    if (gates.minF1 !== undefined && (row.f1 ?? 0) < gates.minF1) below.push({ row, reason: `${score('F1', row.f1)} < ${gates.minF1}` });
    if (gates.minPrecision !== undefined && (row.precision ?? 0) < gates.minPrecision) {
      below.push({ row, reason: `${score('precision', row.precision)} < ${gates.minPrecision}` });
    }
  }
  return below;
}

/**
 * The evaluation as a text table, with disagreements when asked; with bootstrap intervals,
 * a column gives each F1's 95% interval and a line under the table says how they were drawn.
 */
export function formatEvaluationText(evaluation: Evaluation, options: EvalListing, intervals?: EvaluationIntervals): string {
  const f1Title = intervals ? [`F1 ${Math.round(intervals.level * 100)}%`] : [];
  const header = ['rule', 'scope', 'gold', 'pred', 'TP', 'FP', 'FN', 'precision', 'recall', 'F1', ...f1Title, 'kappa'];
  const f1Range = (interval: Interval | null | undefined): string[] => (intervals ? [formatInterval(interval ?? null)] : []);
  const rows = evaluation.rows.map((row, i) => [
    row.rule,
    row.scope,
    String(row.gold),
    String(row.predicted),
    String(row.tp),
    String(row.fp),
    String(row.fn),
    formatScore(row.precision),
    formatScore(row.recall),
    formatScore(row.f1),
    ...f1Range(intervals?.rows[i]?.f1),
    formatScore(row.kappa),
  ]);
  const { micro, macro } = evaluation.averages;
  const averages = [
    ['micro (turns)', '', '', '', '', '', '', formatScore(micro.precision), formatScore(micro.recall), formatScore(micro.f1), ...f1Range(intervals?.micro.f1), ''],
    ['macro (turns)', '', '', '', '', '', '', formatScore(macro.precision), formatScore(macro.recall), formatScore(macro.f1), ...f1Range(intervals?.macro.f1), ''],
  ];
  const out = [`${pluralize(evaluation.sessions, 'session')}, ${pluralize(evaluation.therapistTurns, 'therapist turn')}`, '', ...layOutScoreTable(header, rows, averages)];
  if (intervals) out.push('', describeIntervals(intervals, evaluation.sessions));
  if (options.details) out.push(...formatDisagreements(evaluation.disagreements));
  for (const rule of options.misses ?? []) out.push(...formatTurnList(evaluation, rule, 'false-negative'));
  for (const rule of options.falseAlarms ?? []) out.push(...formatTurnList(evaluation, rule, 'false-positive'));
  if (options.byPhrase) out.push(...formatByPhraseText(options.byPhrase));
  return `${out.join('\n')}\n`;
}

/**
 * A table of rows then averages under a header, each part under a rule: the first two columns
 * (name, scope) left-aligned, the numbers right-aligned.
 */
export function layOutScoreTable(header: string[], rows: string[][], averages: string[][]): string[] {
  const widths = measureColumns([header, ...rows, ...averages]);
  const line = (cells: string[]): string =>
    cells.map((cell, i) => (i < 2 ? padDisplayEnd(cell, widths[i] ?? 0) : padDisplayStart(cell, widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return [line(header), rule, ...rows.map(line), rule, ...averages.map(line)];
}

/** One rule's turn-level misses (`false-negative`) or false alarms (`false-positive`), in file order. */
export function selectTurnDisagreements(evaluation: Evaluation, rule: string, type: Disagreement['type']): Disagreement[] {
  return evaluation.disagreements.filter((d) => d.rule === rule && d.scope === 'turn' && d.type === type);
}

/** The evaluation without a transcript word: disagreement texts emptied (`--redact`). */
export function redactEvaluation(evaluation: Evaluation): Evaluation {
  const disagreements = evaluation.disagreements.map((d) => ({
    ...d,
    text: '',
    ...(d.previousClient ? { previousClient: { ...d.previousClient, text: '' } } : {}),
  }));
  return { ...evaluation, disagreements };
}

const LISTED = {
  'false-negative': { one: 'miss', many: 'misses', gloss: 'labelled, not found' },
  'false-positive': { one: 'false alarm', many: 'false alarms', gloss: 'found, not labelled' },
} as const;

// Each turn with where it is and the client's turn it answers; redacted texts show no quotes.
function formatTurnList(evaluation: Evaluation, rule: string, type: Disagreement['type']): string[] {
  const items = selectTurnDisagreements(evaluation, rule, type);
  const { one, many, gloss } = LISTED[type];
  const out = ['', `${rule}: ${items.length} ${items.length === 1 ? one : many} (${gloss})`];
  for (const d of items) {
    const client = d.previousClient;
    out.push(`  ${escapeControlCharacters(d.file)}:${d.line}  turn ${d.turn}${client && client.text === '' ? `  (after client turn ${client.turn})` : ''}`);
    if (client && client.text !== '') out.push(`    client turn ${client.turn}: ${quote(client.text)}`);
    if (d.text !== '') out.push(`    therapist: ${quote(d.text)}`);
  }
  return out;
}

/** A turn's text on one line, in double quotes. */
export function quote(text: string): string {
  return `"${toOneLine(text)}"`;
}

function formatDisagreements(disagreements: Disagreement[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, Disagreement[]>();
  for (const d of disagreements) {
    const key = `${d.rule} (${d.scope})`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const [key, items] of groups) {
    out.push('', `${key}:`);
    for (const d of items) {
      // A file name or session id holding a newline or an escape split the line or spoke to the terminal.
      const file = escapeControlCharacters(d.file);
      const where = d.scope === 'turn' ? `${file}:${d.line}  turn ${d.turn}` : `${file}  session ${escapeControlCharacters(d.session)}`;
      const text = d.text === '' ? '' : `  ${quote(d.text)}`;
      out.push(`  ${d.type === 'false-positive' ? 'FP' : 'FN'}  ${where}${text}`);
    }
  }
  return out;
}

// What the interval column means, in one line under the table.
function describeIntervals(intervals: EvaluationIntervals, sessions: number): string {
  const percent = Math.round(intervals.level * 100);
  return `F1 ${percent}%: the middle ${percent}% of F1 over ${intervals.replicates} resamples of the ${pluralize(sessions, 'session')} with replacement (seed ${intervals.seed})`;
}

/** An interval as `[low, high]` with two decimals (signed for a change), or `-` where no resample defines the score. */
export function formatInterval(interval: Interval | null, signed = false): string {
  const show = signed ? formatChange : (value: number) => value.toFixed(2);
  return interval === null ? '-' : `[${show(interval.low)}, ${show(interval.high)}]`;
}

/** A change in a score with its sign: `+0.03`, `-0.10`, `0.00`. */
export function formatChange(value: number | null): string {
  if (value === null) return '-';
  const shown = value.toFixed(2);
  if (shown === '0.00' || shown === '-0.00') return '0.00';
  return value > 0 ? `+${shown}` : shown;
}

/** A comparison of the rules with a baseline rule set on the same sessions. */
export interface BaselineComparison {
  /** The baseline as the user named it. */
  name: string;
  baseline: Pick<Evaluation, 'rows' | 'averages'>;
  /** Current minus baseline, per row of the current evaluation, then micro and macro. */
  change: ScoreSheet;
  /** Paired bootstrap intervals of the change, when drawn. */
  intervals?: EvaluationIntervals;
}

/**
 * Each F1 beside the baseline's, the change, and with intervals the change's 95% interval
 * from a paired bootstrap; then micro and macro F1 the same way.
 */
export function formatComparisonText(evaluation: Pick<Evaluation, 'rows' | 'averages' | 'sessions'>, comparison: BaselineComparison): string {
  const { baseline, change, intervals } = comparison;
  const baselineF1 = (row: Pick<RuleScore, 'rule' | 'scope'>): number | null => baseline.rows.find((other) => other.rule === row.rule && other.scope === row.scope)?.f1 ?? null;
  const range = (interval: Interval | null | undefined): string[] => (intervals ? [formatInterval(interval ?? null, true)] : []);
  const header = ['rule', 'scope', 'baseline F1', 'F1', 'change', ...(intervals ? [`change ${Math.round(intervals.level * 100)}%`] : [])];
  const rows = evaluation.rows.map((row, i) => [row.rule, row.scope, formatScore(baselineF1(row)), formatScore(row.f1), formatChange(change.rows[i]?.f1 ?? null), ...range(intervals?.rows[i]?.f1)]);
  const averages = (['micro', 'macro'] as const).map((kind) => [
    `${kind} (turns)`,
    '',
    formatScore(baseline.averages[kind].f1),
    formatScore(evaluation.averages[kind].f1),
    formatChange(change[kind].f1),
    ...range(intervals?.[kind].f1),
  ]);
  const widths = measureColumns([header, ...rows, ...averages]);
  const line = (cells: string[]): string => cells.map((cell, i) => (i < 2 ? padDisplayEnd(cell, widths[i] ?? 0) : padDisplayStart(cell, widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  const out = ['', `Against the baseline ${comparison.name} (change: these rules minus the baseline, same sessions)`, '', line(header), rule, ...rows.map(line), rule, ...averages.map(line)];
  if (intervals) {
    const percent = Math.round(intervals.level * 100);
    out.push(
      '',
      `change ${percent}%: the middle ${percent}% of the change over ${intervals.replicates} paired resamples of the ${pluralize(evaluation.sessions, 'session')} (seed ${intervals.seed});`,
      'an interval that holds 0 is a change these sessions cannot tell from chance',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The evaluation as JSON, for machines (with `intervals` when they were drawn, `baseline` when compared). */
export function formatEvaluationJson(evaluation: Evaluation, options: EvalListing, intervals?: EvaluationIntervals, comparison?: BaselineComparison): string {
  const body = {
    schemaVersion: 1,
    tool: { ...TOOL },
    sessions: evaluation.sessions,
    therapistTurns: evaluation.therapistTurns,
    rules: evaluation.rows,
    averages: evaluation.averages,
    ...(intervals ? { intervals } : {}),
    ...(comparison
      ? {
          baseline: {
            name: comparison.name,
            rules: comparison.baseline.rows,
            averages: comparison.baseline.averages,
            change: comparison.change,
            ...(comparison.intervals ? { changeIntervals: comparison.intervals } : {}),
          },
        }
      : {}),
    ...(options.details ? { disagreements: evaluation.disagreements } : {}),
    ...(options.misses !== undefined ? { misses: options.misses.flatMap((rule) => selectTurnDisagreements(evaluation, rule, 'false-negative')) } : {}),
    ...(options.falseAlarms !== undefined ? { falseAlarms: options.falseAlarms.flatMap((rule) => selectTurnDisagreements(evaluation, rule, 'false-positive')) } : {}),
    ...(options.byPhrase ? { byPhrase: options.byPhrase } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A score with two decimals, or `-` where undefined. */
export function formatScore(value: number | null): string {
  return value === null ? '-' : value.toFixed(2);
}

/** One evaluation in a side-by-side comparison, with the scores to show for it. */
export interface ComparedEvaluation {
  name: string;
  scores: ('precision' | 'recall' | 'f1')[];
  evaluation: Pick<Evaluation, 'rows' | 'averages'>;
}

const SCORE_TITLES = { precision: 'P', recall: 'R', f1: 'F1' } as const;

/**
 * Several evaluations of one rule set side by side: a row per rule and scope (in the order
 * the first evaluation lists them), then micro and macro averages; `-` where a set has no
 * score.
 */
export function formatEvaluationComparison(compared: ComparedEvaluation[]): string {
  const columns = compared.flatMap((set) => set.scores.map((score) => ({ set, score })));
  const keys = [...new Set(compared.flatMap((set) => set.evaluation.rows.map((row) => rowKey(row))))];
  const find = (set: ComparedEvaluation, key: string): RuleScore | undefined => set.evaluation.rows.find((row) => rowKey(row) === key);
  const rows = [
    ...keys.map((key) => [key, ...columns.map(({ set, score }) => formatScore(find(set, key)?.[score] ?? null))]),
    ...(['micro', 'macro'] as const).map((kind) => [
      `${kind} (turns)`,
      ...columns.map(({ set, score }) => formatScore(set.evaluation.averages[kind][score])),
    ]),
  ];
  const header = ['rule', ...columns.map(({ set, score }) => `${set.name} ${SCORE_TITLES[score]}`)];
  const widths = measureColumns([header, ...rows]);
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? padDisplayEnd(cell, widths[i] ?? 0) : padDisplayStart(cell, widths[i] ?? 0))).join('  ');
  const rule = widths.map((width) => '-'.repeat(width)).join('  ');
  return `${[line(header), rule, ...rows.slice(0, keys.length).map(line), rule, ...rows.slice(keys.length).map(line)].join('\n')}\n`;
}

function rowKey(row: Pick<RuleScore, 'rule' | 'scope'>): string {
  return row.scope === 'turn' ? row.rule : `${row.rule} (${row.scope})`;
}
