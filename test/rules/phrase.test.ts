import { describe, expect, test } from 'vitest';
import { compilePhrase } from '../../src/rules/phrase.js';
import { findUnsafeQuantifier } from '../../src/rules/regex-safety.js';
import { formsOf } from '../../src/rules/word-forms.js';

const matches = (phrase: string, text: string): string[] => {
  const result = compilePhrase(phrase);
  if ('error' in result) throw new Error(result.error);
  return [...text.matchAll(new RegExp(result.source, 'giu'))].map((m) => m[0]);
};

describe('compilePhrase', () => {
  test.each([
    ['everything will be fine', 'Everything  will\nbe FINE.', ['Everything  will\nbe FINE']],
    ['calm down', 'calm downtown', []],
    ['{fine|okay}', 'fine, okay, finest', ['fine', 'okay']],
    ['that {so|really|} hard', 'that hard; that so hard', ['that hard', 'that so hard']],
    ['{it|that} makes {so much|} sense', 'it makes sense, that makes so much sense', ['it makes sense', 'that makes so much sense']],
    ['be {okay|}', 'be okay. be', ['be okay', 'be']],
    ['worr*', 'worried, worry, sorry', ['worried', 'worry']],
    ["you're", 'you\u2019re here'.replace('\u2019', "'"), ["you're"]],
    ['{in {your|that} position|}  would', 'in your position would; would', ['in your position would', 'would']],
    ['a.b', 'a.b axb', ['a.b']],
  ])('%j in %j', (phrase, text, expected) => {
    expect(matches(phrase, text)).toEqual(expected);
  });

  test.each([
    ['{a|b', 'has a "{" that is never closed'],
    ['a}b', 'has a "}" without its "{" at character 2'],
    ['a|b', 'has a "|" outside braces at character 2 (write {a|b})'],
    ['   ', 'is empty'],
  ])('rejects %j', (phrase, error) => {
    expect(compilePhrase(phrase)).toEqual({ error });
  });
});

describe('findUnsafeQuantifier', () => {
  test.each([
    ['(a+)+$', true],
    ['(\\w*\\s?)*', true],
    ['(?:x{2,})+', true],
    ['(a|b)+c', false],
    ['\\byou(?:\'ll| will) definitely\\b', false],
    ['[(a+)]+', false],
    ['\\(a+\\)+', false],
  ])('%j unsafe: %s', (source, unsafe) => {
    expect(findUnsafeQuantifier(source) !== undefined).toBe(unsafe);
  });
});

describe('anchor words', () => {
  test.each([
    ['everything will be fine', ['fine']],
    ['{it|that} makes {so much|} sense', ['sense']],
    ["{you're|you are} {so|really} {strong|brave}", ['strong', 'brave']],
    ['worr* about {it|that}', ['worr*']],
    ['{worr*|anxious} now', ['worr*', 'anxious']],
    ['{a|b}c', ['ac', 'bc']],
    ['{a|b}*', null],
    ['ok*', null],
    ['wo*', null],
    ['be {okay|}', ['be']],
    ['naïve', null],
    ['worr{y|ied}', ['worry', 'worried']],
    ['worr{y|ied} sick', ['sick']],
    ["don't", ['don']],
    ['self-harm', ['self']],
  ])('%j is anchored by %j', (phrase, anchors) => {
    const compiled = compilePhrase(phrase);
    expect('anchors' in compiled ? compiled.anchors : compiled).toEqual(anchors);
  });
});

describe('word forms', () => {
  const matchesWithForms = (phrase: string, text: string): string[] => {
    const result = compilePhrase(phrase, formsOf);
    if ('error' in result) throw new Error(result.error);
    return [...text.matchAll(new RegExp(result.source, 'gi'))].map((m) => m[0]);
  };

  test.each([
    ['you worry too much', 'You worried too much; you worry too much', ['You worried too much', 'you worry too much']],
    ['you feel so alone', 'you felt so alone', ['you felt so alone']],
    ['will be fine', 'it was fine; it will be fine', ['will be fine']],
    ['=you coped so well', 'you cope so well; you coped so well', ['you coped so well']],
    ['worr{y|ied} sick', 'worrying sick; worried sick', ['worried sick']],
    ["don't {worry|}", "don't worry; don't worries", ["don't worry", "don't worries"]],
  ])('%j in %j', (phrase, text, expected) => {
    expect(matchesWithForms(phrase, text)).toEqual(expected);
  });

  test('forms widen the anchor words, so the prefilter keys every form', () => {
    const result = compilePhrase('worry sick', formsOf);
    expect('anchors' in result && result.anchors).toEqual(['sick']);
    const alone = compilePhrase('worry', formsOf);
    expect('anchors' in alone && alone.anchors).toEqual(['worry', 'worried', 'worries', 'worrying']);
  });
});
