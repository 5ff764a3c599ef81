import { measureColumns, padDisplayEnd, padDisplayStart } from '../format/display-width.js';
import type { PhraseAttribution } from './by-phrase.js';

/** The longest entry text the table shows; JSON has it whole. */
const SHOWN_TEXT = 90;

/** One rule's match entries as a table, worst precision first (`eval --by-phrase`): rule text and counts, never a transcript word. */
export function formatByPhraseText(attribution: PhraseAttribution): string[] {
  const { rule, turns, entries, unexplained } = attribution;
  const precision = turns === 0 ? '-' : (attribution.true / turns).toFixed(2);
  const out = ['', `${rule}: found on ${turns} turn${turns === 1 ? '' : 's'}, ${attribution.true} labelled (precision ${precision}); its entries that fired, worst precision first:`];
  const unexplainedLine = `no entry explains ${unexplained.true + unexplained.false} found turns (${unexplained.true} labelled): a model matcher's, or a referred rule's`;
  const explainRest = unexplained.true + unexplained.false > 0 ? [unexplainedLine] : [];
  if (entries.length === 0) return [...out, '', 'no entry fired on a found turn', ...explainRest];
  const header = ['turns', 'true', 'false', 'precision', 'only true', 'only false', 'where', 'entry'];
  const rows = entries.map((entry) => [
    String(entry.turns),
    String(entry.true),
    String(entry.false),
    entry.precision.toFixed(2),
    String(entry.only),
    String(entry.onlyFalse),
    entry.where,
    shorten(entry.text),
  ]);
  const widths = measureColumns([header, ...rows]);
  const line = (cells: string[]): string => cells.map((cell, i) => (i < 6 ? padDisplayStart(cell, widths[i] ?? 0) : padDisplayEnd(cell, widths[i] ?? 0))).join('  ').trimEnd();
  out.push('', line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line));
  out.push('', 'only true, only false: labelled and unlabelled turns no other entry explains (what removing the entry would cost, and save)');
  return [...out, ...explainRest];
}

// One line: white space collapsed, cut with "..." past SHOWN_TEXT characters.
function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= SHOWN_TEXT ? flat : `${flat.slice(0, SHOWN_TEXT - 3)}...`;
}
