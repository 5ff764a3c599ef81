import stringWidth from 'string-width';
import { expect, test } from 'vitest';
import { measureCellWidth } from '../../src/format/cell-width.js';

const ONE_COLUMN = [
  [0x20, 0x7e],
  [0xa0, 0x2ff],
  [0x2026, 0x2026],
].flatMap(([from, to]) => Array.from({ length: (to as number) - (from as number) + 1 }, (_, i) => String.fromCharCode((from as number) + i)));

// A fixed pseudo-random walk over the one-column characters, so that the texts are the same in every run.
function sampleTexts(count: number): string[] {
  let seed = 20261201;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  return Array.from({ length: count }, () => Array.from({ length: next() % 16 }, () => ONE_COLUMN[next() % ONE_COLUMN.length]).join(''));
}

test('plain text is as wide as string-width says, character by character and mixed', () => {
  const texts = [...ONE_COLUMN, ...sampleTexts(5000), '', 'grief · 3 …', 'caf\u00e9 na\u00efve'];
  expect(texts.map((text) => measureCellWidth(text, stringWidth))).toEqual(texts.map((text) => stringWidth(text)));
});

test.each([
  { text: '\u001b[31mred\u001b[39m', width: 3 },
  { text: '5\ufe0f\u20e3', width: 2 },
  { text: '\u00a9\ufe0f', width: 2 },
  { text: '\u6f22\u5b57', width: 4 },
  { text: 'e\u0301', width: 1 },
  { text: 'tab\there', width: 7 },
])('$text is measured by string-width: $width', ({ text, width }) => {
  expect([measureCellWidth(text, stringWidth), stringWidth(text)]).toEqual([width, width]);
});
