/**
 * How many terminal columns a text takes, for the tables `reassure` pads itself (eval,
 * agree, rules list and suggest, speakers, print-config, diff, train's cross-validation).
 * String.padEnd counts UTF-16 code units, so a CJK character or an emoji (two columns) or a
 * combining mark (none) in a label, a frame or a speaker's name pushed the columns after
 * it out of line. Not string-width: the copy cli-table3 brings (version 4) takes only
 * U+0300-U+036F as combining and gives a zero-width joiner or a variation selector outside
 * an emoji a column; its later versions are a second copy with three more packages.
 */

// A column a character: nearly every cell, measured without segmenting.
const PRINTABLE_ASCII = /^[ -~]*$/;
// A grapheme shown as an emoji: one that starts as such (flags, skin tones and joined
// sequences do), or any emoji asked for by a variation selector 16 or a keycap.
const EMOJI = /\p{Emoji_Presentation}|\p{Emoji}\uFE0F|\u20E3/u;
// What takes no column: controls, format characters (the zero-width joiner), combining marks,
// and the conjoining Hangul vowels and finals, drawn into the initial before them.
const NO_COLUMN = /[\p{Cc}\p{Cf}\p{Mn}\p{Me}\u1160-\u11FF\uD7B0-\uD7FF]/gu;
// Unicode's East Asian Wide and Fullwidth ranges (EastAsianWidth.txt, W and F) other than the
// emoji: Hangul, CJK ideographs and punctuation, kana, Yi, fullwidth forms, Tangut, the CJK extensions.
const EAST_ASIAN_WIDE =
  /^[\u1100-\u115F\u2329\u232A\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uA960-\uA97F\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6\u{16FE0}-\u{16FE4}\u{17000}-\u{18CFF}\u{1AFF0}-\u{1B2FF}\u{1F200}-\u{1F2FF}\u{20000}-\u{2FFFD}\u{30000}-\u{3FFFD}]/u;

let graphemes: Intl.Segmenter | undefined;

/** The columns `text` takes on a terminal: two for a wide character or an emoji, none for a combining mark or a control. */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  // Made on first use: most runs print no text outside ASCII.
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  let width = 0;
  for (const { segment } of graphemes.segment(text)) width += measureGrapheme(segment);
  return width;
}

/** `text` with spaces after it up to `width` columns. */
export function padDisplayEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` with spaces before it up to `width` columns. */
export function padDisplayStart(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Each column's width: the columns of its widest cell, over every row. */
export function measureColumns(rows: readonly (readonly string[])[]): number[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, column) => (widths[column] = Math.max(widths[column] ?? 0, displayWidth(cell))));
  return widths;
}

// An emoji sequence is drawn as one; in any other grapheme each character counts, as terminals draw them.
function measureGrapheme(grapheme: string): number {
  if (EMOJI.test(grapheme)) return 2;
  let width = 0;
  for (const char of grapheme.replace(NO_COLUMN, '')) width += EAST_ASIAN_WIDE.test(char) ? 2 : 1;
  return width;
}
