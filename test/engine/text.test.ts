import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  MAX_SENTENCE_LENGTH,
  createTextContext,
  findQuotedSpans,
  isQuestion,
  normalizeText,
  splitSentences,
  wordsBackStart,
  wordsForwardEnd,
} from '../../src/engine/text.js';

const sentences = (text: string): [string, boolean][] => splitSentences(text).map((s) => [text.slice(s.start, s.end), s.question]);

describe('splitSentences', () => {
  test.each([
    ['One. Two! Three?', [['One.', false], ['Two!', false], ['Three?', true]]],
    ['Dr. Lee said so, e.g. on Monday. Then we stopped.', [['Dr. Lee said so, e.g. on Monday.', false], ['Then we stopped.', false]]],
    ['I mean... maybe it is fine', [['I mean... maybe it is fine', false]]],
    ['I mean... Maybe not.', [['I mean...', false], ['Maybe not.', false]]],
    ['no capitals here. and none here', [['no capitals here.', false], ['and none here', false]]],
    ['do you think it will be okay', [['do you think it will be okay', true]]],
    ['It costs 2.5 pounds. Fine.', [['It costs 2.5 pounds.', false], ['Fine.', false]]],
    ['She said "stop." Then left.', [['She said "stop."', false], ['Then left.', false]]],
    ['First line\nsecond line', [['First line', false], ['second line', false]]],
    ['', []],
  ])('%j', (text, expected) => {
    expect(sentences(text)).toEqual(expected);
  });
});

describe('splitSentences: sentences longer than the bound', () => {
  const clause = 'and then we talked about the week for a while, ';
  const long = clause.repeat(Math.ceil((3 * MAX_SENTENCE_LENGTH) / clause.length)).trim();

  test('are cut into pieces within the bound, after a comma, covering every word', () => {
    const pieces = splitSentences(long).map((s) => long.slice(s.start, s.end));
    expect({
      within: pieces.every((piece) => piece.length <= MAX_SENTENCE_LENGTH),
      afterComma: pieces.slice(0, -1).every((piece) => piece.endsWith(',')),
      words: pieces.join(' '),
    }).toEqual({ within: true, afterComma: true, words: long });
  });

  test.each([
    ['at the last space when there is no clause mark', 'word '.repeat(MAX_SENTENCE_LENGTH).trim(), 'word '.repeat(MAX_SENTENCE_LENGTH / 5).trim()],
    ['at the bound inside one huge word', 'x'.repeat(3 * MAX_SENTENCE_LENGTH), 'x'.repeat(MAX_SENTENCE_LENGTH)],
  ])('are cut %s', (_name, text, firstPiece) => {
    const [first] = splitSentences(text);
    expect(first).toEqual({ start: 0, end: firstPiece.length, question: false });
  });
});

/** The look-back and look-ahead as first written: every word of the range, by regex. */
function referenceBackStart(text: string, floor: number, offset: number, words: number): number {
  const starts = [...text.slice(floor, offset).matchAll(/[\p{L}\p{N}']+/gu)].map((match) => floor + match.index);
  return starts.length > words ? (starts[starts.length - words] ?? floor) : floor;
}

function referenceForwardEnd(text: string, offset: number, ceiling: number, words: number): number {
  let count = 0;
  for (const match of text.slice(offset, ceiling).matchAll(/[\p{L}\p{N}']+/gu)) {
    count++;
    if (count === words) return offset + match.index + match[0].length;
  }
  return ceiling;
}

describe('wordsBackStart and wordsForwardEnd', () => {
  const text = fc.array(fc.oneof(fc.constantFrom('word', "don't", ' ', ', ', '. ', '\u{1F600}', '\u{10400}x', 'é', '42'), fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join(''));
  const ranged = text.chain((t) => fc.tuple(fc.constant(t), fc.nat({ max: t.length }), fc.nat({ max: t.length }), fc.nat({ max: 6 })));

  test('agree with a scan of every word in the range', () => {
    fc.assert(
      fc.property(ranged, ([t, a, b, words]) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect([wordsBackStart(t, low, high, words), wordsForwardEnd(t, low, high, words)]).toEqual([
          referenceBackStart(t, low, high, words),
          referenceForwardEnd(t, low, high, words),
        ]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isQuestion', () => {
  test.each([
    ['Do you think it will be okay?', true],
    ['Will it be okay, do you think?', true],
    ['What happened then', true],
    ["You'll be fine, okay?", false],
    ['Everything will be fine.', false],
    ['So how did that feel?', true],
    ['It will pass', false],
    ['dont worry about it', false],
    ["Don't worry about it", false],
    ['How hard that must be', false],
    ['and do you feel ready', true],
    ['have you told him how you feel because honestly i think once he hears it it will all be fine between you two', false],
  ])('%j → %s', (sentence, expected) => {
    expect(isQuestion(sentence)).toBe(expected);
  });
});

describe('quotes', () => {
  test('straightens curly quotes one character for one', () => {
    const text = '\u201cIt\u2019s fine,\u201d she said';
    expect(normalizeText(text)).toBe('"It\'s fine," she said');
    expect(normalizeText(text)).toHaveLength(text.length);
  });

  test.each([
    ['Your mum told you "just calm down".', ['"just calm down"']],
    ["She said 'just relax', and you're still upset.", ["'just relax'"]],
    ["It's the kids' toys, don't worry.", []],
  ])('%j', (text, expected) => {
    expect(findQuotedSpans(normalizeText(text)).map(([a, b]) => text.slice(a, b))).toEqual(expected);
  });

  test('a text context computes sentences and quotes once, lazily', () => {
    const context = createTextContext('One. "Two."');
    expect(context.sentences).toBe(context.sentences);
    expect(context.quoted).toEqual([[5, 11]]);
  });
});
