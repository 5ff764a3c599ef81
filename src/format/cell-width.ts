/**
 * How wide a table cell's text is, for the command line's bundle: scripts/bundle.js hands
 * cli-table3 this in place of string-width. string-width runs every text through
 * strip-ansi's regex and emoji-regex's (10 kB of source, which V8 compiles on the first
 * cell); a text of characters one column wide each, none of which either regex can match,
 * is as wide as it is long.
 */

// Printable ASCII, Latin-1 and the Latin extensions (no control or combining characters),
// and the ellipsis: neither an escape sequence nor an emoji (each needs a character outside these).
const ONE_COLUMN_EACH = /^[ -~\u00a0-\u02ff\u2026]*$/;

/** The columns `text` takes, as `measure` (string-width) counts them. */
export function measureCellWidth(text: string, measure: (text: string) => number): number {
  // The type is checked at run time too: the bundle hands this to JavaScript, and string-width answers anything else.
  return typeof text === 'string' && ONE_COLUMN_EACH.test(text) ? text.length : measure(text);
}
