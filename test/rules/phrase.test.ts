import { describe, expect, test } from 'vitest';
import { compilePhrase, foldAscii, type FormsOf } from '../../src/rules/phrase.js';
import { findUnsafeQuantifier } from '../../src/rules/regex-safety.js';
import { formsOf } from '../../src/rules/word-forms.js';

// As the engine runs a phrase: flag `g` on the folded text, spans shown from the text itself.
const matches = (phrase: string, text: string, forms?: FormsOf): string[] => {
  const result = compilePhrase(phrase, forms);
  if ('error' in result) throw new Error(result.error);
  return [...foldAscii(text).matchAll(new RegExp(result.source, 'g'))].map((m) => text.slice(m.index, m.index + m[0].length));
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
    ['Café au lait', 'CAFÉ AU LAIT, café au lait, cafe au lait', ['CAFÉ AU LAIT', 'café au lait']],
    // A clitic written after a space joins the word before it, as it is written in text.
    ["{you|u} {did|'ve done} nothing wrong", "You've done nothing wrong; you did nothing wrong; youdid nothing wrong", ["You've done nothing wrong", 'you did nothing wrong']],
    ["it {is|'s} common", "it's common, it is common, itis common", ["it's common", 'it is common']],
    ["{we|i} {strongly|'d|} recommend", "I'd recommend, we recommend, we strongly recommend, irecommend", ["I'd recommend", 'we recommend', 'we strongly recommend']],
    ["they 'll", "they'll, they 'll, theyll", ["they'll", "they 'll"]],
  ])('%j in %j', (phrase, text, expected) => {
    expect(matches(phrase, text)).toEqual(expected);
  });

  test.each([
    ['{a|b', 'has a "{" that is never closed'],
    ['a}b', 'has a "}" without its "{" at character 2'],
    ['a|b', 'has a "|" outside braces at character 2 (write {a|b})'],
    ['   ', 'is empty'],
    // Groups of nothing loaded and the phrase silently never matched.
    ['{|}', 'has only empty groups, which match nothing (write a word in them)'],
    ['{} { | {}}', 'has only empty groups, which match nothing (write a word in them)'],
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
  const matchesWithForms = (phrase: string, text: string): string[] => matches(phrase, text, formsOf);

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
    expect('anchors' in alone && alone.anchors).toEqual(['worried', 'worries', 'worry', 'worrying']);
  });

  test("a word's forms compile in one order whatever form is written, so a list of forms compiles to one group", () => {
    const one = compilePhrase('{seem|seems|seemed} so', formsOf);
    const other = compilePhrase('{seemed|seem} so', formsOf);
    expect({ same: 'source' in one && 'source' in other && one.source === other.source, groups: 'source' in one && one.source.split('seeming').length - 1 }).toEqual({ same: true, groups: 1 });
  });
});

describe('case folded in the source', () => {
  // What the `i` flag matched is what the folded source matches on folded text, whatever the characters.
  const phrases = ['{fine|okay} now', 'café', 'worr* {a lot|}', 'straße', 'İstanbul', 'ok', 'Σοφία', 'i'];
  const texts = ['FINE NOW, Okay now', 'CAFÉ Café cafe', 'Worrying A LOT, worrıed', 'STRASSE Straße straſe', 'İstanbul istanbul', 'OK \u212Aelvin ok', 'ΣΟΦΊΑ σοφία', 'I i ı İ \u0345 \u0399\u0345'];

  test.each(phrases)('%j matches as with the i flag', (phrase) => {
    const result = compilePhrase(phrase, formsOf);
    if ('error' in result) throw new Error(result.error);
    for (const text of texts) {
      const withFlag = [...text.matchAll(new RegExp(result.source, 'gi'))].map((m) => [m.index, m[0].length]);
      expect([...foldAscii(text).matchAll(new RegExp(result.source, 'g'))].map((m) => [m.index, m[0].length])).toEqual(withFlag);
    }
  });

  test('foldAscii lower-cases ASCII letters only, keeping every offset', () => {
    expect(foldAscii('It\u2019s OK, İSTANBUL \u212A')).toBe('it\u2019s ok, İstanbul \u212A');
  });
});
