import { describe, expect, test } from 'vitest';
import { createTextContext, findQuotedSpans, isQuestion, normalizeText, splitSentences } from '../../src/engine/text.js';

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
