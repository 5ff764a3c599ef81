import { escapeControlCharacters } from '../errors.js';
import { pluralize } from '../format/describe.js';
import { TOOL } from '../report/run-report.js';
import type { Agreement, AgreementIntervals, CoderDisagreement } from './agree.js';
import { formatInterval, formatScore, layOutScoreTable, quote } from './format-eval.js';

/** Names for the two label sets, as the user gave them. */
export interface CoderNames {
  first: string;
  second: string;
}

/**
 * Two coders' agreement as a text table: per id who gave it, the positive agreement and
 * Cohen's kappa (with intervals when asked), then what the columns mean, then the
 * disagreements when asked (without their text when redacted).
 */
export function formatAgreementText(agreement: Agreement, names: CoderNames, intervals?: AgreementIntervals, details = false): string {
  const percent = intervals ? `${Math.round(intervals.level * 100)}%` : '';
  const header = ['id', 'scope', 'first', 'second', 'both', 'first only', 'second only', 'agreement', ...(intervals ? [`agreement ${percent}`] : []), 'kappa', ...(intervals ? [`kappa ${percent}`] : [])];
  const range = (interval: Parameters<typeof formatInterval>[0] | undefined): string[] => (intervals ? [formatInterval(interval ?? null)] : []);
  const rows = agreement.rows.map((row, i) => [
    escapeControlCharacters(row.id),
    row.scope,
    String(row.first),
    String(row.second),
    String(row.both),
    String(row.firstOnly),
    String(row.secondOnly),
    formatScore(row.agreement),
    ...range(intervals?.rows[i]?.agreement),
    formatScore(row.kappa),
    ...range(intervals?.rows[i]?.kappa),
  ]);
  const averages = (['micro', 'macro'] as const).map((kind) => {
    const scores = agreement.averages[kind];
    const bounds = intervals?.[kind];
    return [`${kind} (turns)`, '', '', '', '', '', '', formatScore(scores.agreement), ...range(bounds?.agreement), formatScore(scores.kappa), ...range(bounds?.kappa)];
  });
  const out = [
    `${pluralize(agreement.sessions, 'session')} coded twice, ${pluralize(agreement.therapistTurns, 'therapist turn')}: first ${names.first}, second ${names.second}`,
    '',
    ...layOutScoreTable(header, rows, averages),
    '',
    'agreement: 2 x both / (first + second), the share of the labels both coders gave (the F1 of either against the other);',
    'kappa: Cohen\'s, agreement on every therapist turn (or session) corrected for chance; macro averages the rows either coder used.',
  ];
  if (intervals) {
    out.push(`${percent}: the middle ${percent} over ${intervals.replicates} resamples of the ${pluralize(agreement.sessions, 'session')} with replacement (seed ${intervals.seed})`);
  }
  if (details) out.push(...formatCoderDisagreements(agreement.disagreements));
  return `${out.join('\n')}\n`;
}

/** The agreement as JSON: the rows, averages, intervals when measured, and disagreements when asked. */
export function formatAgreementJson(agreement: Agreement, names: CoderNames, intervals?: AgreementIntervals, details = false): string {
  const body = {
    tool: TOOL,
    first: names.first,
    second: names.second,
    sessions: agreement.sessions,
    therapistTurns: agreement.therapistTurns,
    rows: agreement.rows,
    averages: agreement.averages,
    ...(intervals ? { intervals } : {}),
    ...(details ? { disagreements: agreement.disagreements } : {}),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** The agreement without a transcript word: disagreement texts emptied (`--redact`). */
export function redactAgreement(agreement: Agreement): Agreement {
  return { ...agreement, disagreements: agreement.disagreements.map((d) => ({ ...d, text: '' })) };
}

// Grouped by id and scope, in row order; each line says which coder gave the label, and where in both files.
function formatCoderDisagreements(disagreements: CoderDisagreement[]): string[] {
  const out: string[] = [];
  const groups = new Map<string, CoderDisagreement[]>();
  for (const d of disagreements) {
    const id = escapeControlCharacters(d.id);
    const key = d.scope === 'turn' ? id : `${id} (${d.scope})`;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  for (const [key, items] of groups) {
    out.push('', `${key}: ${pluralize(items.length, 'disagreement')}`);
    for (const d of items) {
      const text = d.text === '' ? '' : `  ${quote(d.text)}`;
      out.push(`  ${d.by === 'first' ? 'first only ' : 'second only'}  ${placeDisagreement(d)}${text}`);
    }
  }
  return out;
}

/**
 * `second/a.yaml:17, not in first/a.yaml:16  turn 6`: the turn in the file of the coder who
 * gave the label, then in the other's (a session: its files, then its id).
 */
function placeDisagreement(d: CoderDisagreement): string {
  // A file name or session id holding a newline or an escape split the line or spoke to the terminal.
  const at = (file: string, line: number): string => (d.scope === 'turn' ? `${escapeControlCharacters(file)}:${line}` : escapeControlCharacters(file));
  const first = at(d.file, d.line);
  const second = at(d.secondFile, d.secondLine);
  const [labelled, unlabelled] = d.by === 'first' ? [first, second] : [second, first];
  return `${labelled}, not in ${unlabelled}  ${d.scope === 'turn' ? `turn ${d.turn}` : `session ${escapeControlCharacters(d.session)}`}`;
}
