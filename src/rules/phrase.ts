/**
 * Phrase syntax: case-insensitive whole words, any whitespace between words,
 * `{a|b}` alternatives, which may nest (`{a|}` makes a part optional), `word*` for any
 * ending. Apostrophes and quotes match their curly forms because the engine straightens
 * text first.
 */

/**
 * Letters and digits, as a plain character class: phrases compile without the `u` flag,
 * which makes matching several times faster. The ranges cover Latin, Greek, Cyrillic and
 * the other alphabets and scripts above U+0370 well enough to find word boundaries.
 */
const LETTER = String.raw`0-9A-Za-z\u00AA\u00B5\u00BA\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\uD7FF\uF900-\uFFEF`;
const WORD_CHAR = `[${LETTER}]`;
const SPACE = String.raw`\s+`;
const SPECIALS = /[.*+?^${}()|[\]\\/]/g;

type Item = { type: 'text'; source: string } | { type: 'space' } | { type: 'group'; alternatives: Item[][] };

/** Compiles a phrase to a regular-expression source (for flags `gi`), or returns an error message. */
export function compilePhrase(phrase: string): { source: string } | { error: string } {
  const trimmed = phrase.trim();
  if (trimmed === '') return { error: 'is empty' };
  const parsed = parsePhrase(trimmed);
  if ('error' in parsed) return parsed;
  // Whole words: no letter or digit may touch the phrase on either side.
  return { source: `(?<!${WORD_CHAR})(?:${emitSequence(parsed.items)})(?!${WORD_CHAR})` };
}

function parsePhrase(phrase: string): { items: Item[] } | { error: string } {
  const stack: Item[][][] = [];
  let current: Item[] = [];
  for (let i = 0; i < phrase.length; i++) {
    const char = phrase.charAt(i);
    if (char === '{') {
      stack.push([current]);
      current = [];
    } else if (char === '|') {
      const group = stack[stack.length - 1];
      if (!group) return { error: `has a "|" outside braces at character ${i + 1} (write {a|b})` };
      group.push(current);
      current = [];
    } else if (char === '}') {
      const group = stack.pop();
      if (!group) return { error: `has a "}" without its "{" at character ${i + 1}` };
      const [outer, ...alternatives] = [...group, current];
      current = outer ?? [];
      current.push({ type: 'group', alternatives: alternatives.map(trimSpaces) });
    } else if (/\s/.test(char)) {
      while (i + 1 < phrase.length && /\s/.test(phrase.charAt(i + 1))) i++;
      current.push({ type: 'space' });
    } else {
      current.push({ type: 'text', source: escapeChar(char) });
    }
  }
  if (stack.length > 0) return { error: 'has a "{" that is never closed' };
  return { items: current };
}

function escapeChar(char: string): string {
  if (char === '*') return `[${LETTER}'-]*`;
  if (char === "'" || char === '\u2019' || char === '\u2018') return "'";
  if (char === '"' || char === '\u201c' || char === '\u201d') return '"';
  return char.replace(SPECIALS, '\\$&');
}

function trimSpaces(items: Item[]): Item[] {
  let start = 0;
  let end = items.length;
  while (start < end && items[start]?.type === 'space') start++;
  while (end > start && items[end - 1]?.type === 'space') end--;
  return items.slice(start, end);
}

function canBeEmpty(item: Item | undefined): boolean {
  return item?.type === 'group' && item.alternatives.some((alt) => alt.length === 0);
}

// An optional group takes the space beside it along, so "a {b|} c" matches "a c" and "a b c".
function emitSequence(items: Item[]): string {
  let source = '';
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!item) continue;
    if (item.type === 'space') {
      source += SPACE;
    } else if (item.type === 'text') {
      source += item.source;
    } else if (!canBeEmpty(item)) {
      source += `(?:${item.alternatives.map(emitSequence).join('|')})`;
    } else {
      const body = item.alternatives.filter((alt) => alt.length > 0).map(emitSequence).join('|');
      if (items[i + 1]?.type === 'space') {
        source += `(?:(?:${body})${SPACE})?`;
        i++;
      } else if (source.endsWith(SPACE)) {
        source = `${source.slice(0, -SPACE.length)}(?:${SPACE}(?:${body}))?`;
      } else {
        source += `(?:${body})?`;
      }
    }
  }
  return source;
}
