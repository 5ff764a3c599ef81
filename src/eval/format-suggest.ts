import { measureColumns, padDisplayEnd, padDisplayStart } from '../format/display-width.js';
import { TOOL } from '../report/run-report.js';
import { formatScore } from './format-eval.js';
import type { FrameSuggestions } from './suggest.js';

/** `rules suggest` as text: the rule's standing, then one frame a row. */
export function formatSuggestionsText(result: FrameSuggestions, options: { minSupport: number; minPrecision: number }): string {
  const standing = result.known
    ? `the rules find ${result.found} (F1 ${formatScore(result.f1)}), miss ${result.missed} and flag ${result.falseAlarms} unlabelled`
    : `no turn rule "${result.rule}" in the rule set, so all ${result.missed} count as missed`;
  const out = [
    `${result.rule}: ${result.labelled} labelled of ${result.therapistTurns} therapist turns (${result.sessions} session${result.sessions === 1 ? '' : 's'}); ${standing}`,
    '',
  ];
  // With no labelled turn missed there is nothing to find: the old line spoke of thresholds.
  if (result.missed === 0) {
    out.push(result.labelled === 0 ? `No therapist turn is labelled ${result.rule}: label some (labels: [${result.rule}]) to have frames to suggest.` : `The rules miss no turn labelled ${result.rule}: no frame to suggest.`);
    return `${out.join('\n')}\n`;
  }
  if (result.frames.length === 0) {
    out.push(`No frame occurs in ${options.minSupport} or more missed turns with a precision of ${options.minPrecision} or more.`);
    return `${out.join('\n')}\n`;
  }
  out.push('Frames of the missed turns, by the F1 the rule would reach with the frame added:', '');
  const header = ['frame', 'support', 'false alarms', 'precision', 'labelled', 'turns', 'F1 after'];
  const rows = result.frames.map((s) => [
    `"${s.frame}"`,
    String(s.support),
    String(s.falseAlarms),
    formatScore(s.precision),
    String(s.labelled),
    String(s.turns),
    formatScore(s.f1),
  ]);
  const widths = measureColumns([header, ...rows]);
  const line = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? padDisplayEnd(cell, widths[i] ?? 0) : padDisplayStart(cell, widths[i] ?? 0))).join('  ');
  out.push(line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line));
  return `${out.join('\n')}\n`;
}

/** `rules suggest` as JSON, for machines. */
export function formatSuggestionsJson(result: FrameSuggestions): string {
  return `${JSON.stringify({ schemaVersion: 1, tool: { ...TOOL }, ...result }, null, 2)}\n`;
}
