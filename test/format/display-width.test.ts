import { describe, expect, test } from 'vitest';
import { displayWidth, measureColumns, padDisplayEnd, padDisplayStart } from '../../src/format/display-width.js';

describe('displayWidth', () => {
  test.each([
    { name: 'empty', text: '', width: 0 },
    { name: 'printable ASCII', text: 'false-hope (session)', width: 20 },
    { name: 'Latin-1 and the ellipsis', text: 'café …', width: 6 },
    { name: 'CJK ideographs', text: '安心させる', width: 10 },
    { name: 'kana and Hangul syllables', text: 'カナ 한국', width: 9 },
    { name: 'Hangul from conjoining jamo', text: '\u1112\u1161\u11AB', width: 2 },
    { name: 'fullwidth forms', text: 'ＡＢ１', width: 6 },
    { name: 'an emoji outside the basic plane', text: 'ok 😀', width: 5 },
    { name: 'an emoji with a skin tone', text: '👋🏽', width: 2 },
    { name: 'a family joined by zero-width joiners', text: '👨\u200D👩\u200D👧', width: 2 },
    { name: 'a flag', text: '🇯🇵', width: 2 },
    { name: 'a text-style symbol made an emoji by VS16', text: '\u2764\uFE0F', width: 2 },
    { name: 'the same symbol as text', text: '\u2764', width: 1 },
    { name: 'a keycap', text: '5\uFE0F\u20E3', width: 2 },
    { name: 'a Latin combining accent', text: 'Jose\u0301', width: 4 },
    { name: 'stacked combining marks', text: 'a\u0301\u0323\u0308', width: 1 },
    { name: 'combining marks past U+036F (Devanagari, Hebrew, Thai)', text: '\u0915\u0901 \u05E9\u05C1\u05B8 \u0E01\u0E34', width: 5 },
    { name: 'a conjunct: two letters joined by a virama', text: '\u0915\u094D\u0937', width: 2 },
    { name: 'a combining mark on a wide character', text: '\u304B\u3099', width: 2 },
    { name: 'controls and a zero-width joiner alone', text: 'a\tb\u200Dc\u0007', width: 3 },
  ])('$name: $width', ({ text, width }) => {
    expect(displayWidth(text)).toBe(width);
  });
});

describe('padding to a display width', () => {
  test('pads after or before by columns, not by code units', () => {
    expect([padDisplayEnd('安心', 6), padDisplayStart('😀', 4), padDisplayEnd('e\u0301', 3), padDisplayEnd('ab', 6)]).toEqual([
      '安心  ',
      '  😀',
      'e\u0301  ',
      'ab    ',
    ]);
  });

  test('a text wider than the width is left as it is', () => {
    expect([padDisplayEnd('安心させる', 4), padDisplayStart('安心させる', 4)]).toEqual(['安心させる', '安心させる']);
  });

  test('measureColumns: the widest cell of each column, rows of any length', () => {
    expect(measureColumns([['id', 'scope'], ['安心', 'turn', '1'], ['e\u0301\u0301', 'session']])).toEqual([4, 7, 1]);
  });
});
