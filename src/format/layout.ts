/**
 * The layout decision shared by the table and markdown formats.
 *
 * With few sessions the count table has a row per rule and a column per session
 * (`wide`). With more than {@link MAX_WIDE_SESSIONS} sessions, or when the wide table
 * would exceed {@link MAX_WIDTH} columns, it is transposed: a row per session and a
 * column per rule under a short code, with a legend mapping codes to rule names. We
 * transpose rather than split into chunks because one table per run keeps sessions
 * comparable at a glance and the number of rules (columns) is small and fixed.
 */
import type { RuleSummary, SessionReport } from '../types.js';

/** The widest output we aim for, in terminal columns. */
export const MAX_WIDTH = 100;
/** The most sessions shown as columns before the table is transposed. */
export const MAX_WIDE_SESSIONS = 4;

/** `wide`: rules as rows, sessions as columns. `transposed`: sessions as rows, rules as columns. */
export type Layout = 'wide' | 'transposed';

/** Short codes for the codebook ids; other ids get codes from their initials. */
const KNOWN_CODES: Record<string, string> = {
  empathy: 'EMP',
  'positive-self-talk': 'PST',
  'support-encouragement': 'SUP',
  normalizing: 'NRM',
  education: 'EDU',
  'over-reliance': 'OVR',
  invalidation: 'INV',
  'reinforcing-negative-thoughts': 'RNT',
  'ignoring-underlying-issues': 'IUI',
  'false-hope': 'FH',
};

/**
 * Picks the layout from the number of sessions and the estimated width of the wide
 * table (borders and one space of padding each side of every cell).
 */
export function chooseLayout(rules: readonly RuleSummary[], sessions: readonly SessionReport[]): Layout {
  if (sessions.length > MAX_WIDE_SESSIONS) return 'transposed';
  return estimateWideWidth(rules, sessions) > MAX_WIDTH ? 'transposed' : 'wide';
}

/** The width of the wide table in terminal columns, counting every cell's padding and border. */
export function estimateWideWidth(rules: readonly RuleSummary[], sessions: readonly SessionReport[]): number {
  const label = Math.max('Reassurance share'.length, ...rules.map((rule) => rule.name.length));
  const cells = sessions.map((session) => Math.max(session.id.length, 4));
  const total = 'Total'.length;
  return 1 + [label, ...cells, total].reduce((sum, width) => sum + width + 3, 0);
}

/**
 * Gives every rule a short, unique, upper-case code for transposed tables: a fixed one
 * for codebook ids, otherwise the initials of the id's words (first three letters of a
 * one-word id), with a number appended when two rules would share a code.
 */
export function assignRuleCodes(rules: readonly RuleSummary[]): Map<string, string> {
  const codes = new Map<string, string>();
  const used = new Set<string>();
  for (const rule of rules) {
    const base = KNOWN_CODES[rule.id] ?? deriveCode(rule.id);
    let code = base;
    for (let n = 2; used.has(code); n += 1) code = `${base}${n}`;
    used.add(code);
    codes.set(rule.id, code);
  }
  return codes;
}

/** `self-blame` → `SB`, `catastrophizing` → `CAT`. */
function deriveCode(id: string): string {
  const words = id.split(/[^A-Za-z0-9]+/).filter((word) => word !== '');
  const code = words.length > 1 ? words.map((word) => word[0]).join('') : (words[0] ?? id).slice(0, 3);
  return code.toUpperCase() || 'R';
}
