import fc from 'fast-check';
import { expect, test } from 'vitest';
import { bundledNormalisation } from '../../src/engine/normalise.js';
import { createTurnView, cutsWord, listWords, markCandidates, markTrigrams, MAX_NEEDS_TEXT, mayHoldTrigrams, BitMarks } from '../../src/engine/turn-view.js';
import { compilePhrase } from '../../src/rules/phrase.js';
import { createPhraseIndex } from '../../src/rules/text-pattern.js';

test.each([
  ["Don't WORRY, it's fine", ['don', 't', 'worry', 'it', 's', 'fine']],
  ['self-harm\u3000ok', ['self', 'harm', 'ok']],
  ['Café déjà vu 2day', ['café', 'déjà', 'vu', '2day']],
  ['', []],
  ['  --Hi, hi there\u{1F600}ok  ', ['hi', 'there', 'ok']],
])('the words of %j', (text, words) => {
  expect([...listWords(text)]).toEqual(words);
});

test('a turn marks the phrases its words or their prefixes key, and the phrases without anchors', () => {
  const builder = createPhraseIndex();
  const ids = ['will be fine', 'worr* about', '{a|b}*', 'calm down'].map((phrase) => {
    const compiled = compilePhrase(phrase);
    if ('error' in compiled) throw new Error(compiled.error);
    return builder.add(compiled);
  });
  expect(ids).toEqual([0, 1, 2, 3]);
  expect([...createTurnView('Worrying? It will be FINE.', builder.index, bundledNormalisation()).candidates].sort()).toEqual([0, 1, 2]);
  expect([...createTurnView('be', builder.index, bundledNormalisation()).candidates]).toEqual([2]);
});

test('a text of ASCII only, scanned in place, marks what its word list marks', () => {
  const builder = createPhraseIndex();
  for (const phrase of ['will be fine', 'worr* about', 'calm* down', 'ok', 'feel* 2day', "don't panic", 'panic* now', 'so calm']) {
    const compiled = compilePhrase(phrase);
    if ('error' in compiled) throw new Error(compiled.error);
    builder.add(compiled);
  }
  const piece = fc.constantFrom('will', 'Be', 'FINE', 'worrying', 'Worr', 'wo', 'about', 'calm', 'CALMER', 'down', 'ok', 'feeling', '2day', 'panicky', "don't", 'so');
  const gap = fc.constantFrom(' ', '  ', '-', ', ', "'", '.', '', '9');
  const text = fc.array(fc.tuple(piece, gap), { maxLength: 12 }).map((parts) => parts.map(([word, sep]) => word + sep).join(''));
  fc.assert(
    fc.property(text, (ascii) => {
      // A word of a non-ASCII letter sends the text down the word-list path; it keys no phrase.
      expect([...markCandidates(ascii, builder.index)]).toEqual([...markCandidates(`${ascii} \u00e9`, builder.index)]);
    }),
  );
});

test.each([
  { size: 40, marked: [], asked: [0, 39], found: [] },
  { size: 40, marked: [0, 15, 16, 39, 16], asked: [0, 1, 15, 16, 17, 39], found: [0, 15, 16, 39] },
  { size: 1, marked: [0], asked: [0, 1, 99], found: [0] },
])('marks $marked of $size phrases', ({ size, marked, asked, found }) => {
  const marks = new BitMarks(size);
  for (const id of marked) marks.add(id);
  expect({ listed: [...marks], has: asked.filter((id) => marks.has(id)) }).toEqual({ listed: found, has: found.filter((id) => asked.includes(id)) });
});

test.each([
  ['refined', 2, true],
  ['refined', 0, false],
  ['refined', 7, false],
  ['re fined', 2, false],
  ['re-fined', 3, false],
])('cutting %j at %i cuts a word: %s', (text, offset, cuts) => {
  expect(cutsWord(text, offset)).toBe(cuts);
});

test.each([
  { text: 'It will be FINE', needles: ['will be fine', 'fine', 'it w'], contains: [true, true, true] },
  { text: 'It will be FINE', needles: ['won', 'FINE', 'fine.'], contains: [false, false, false] },
  // The long s and the Kelvin sign read as the letters the `i` flag matches them with.
  { text: 'be\u017Ft \u212Aind', needles: ['best', 'kind'], contains: [true, true] },
])('$text contains $needles: $contains', ({ text, needles, contains }) => {
  const view = createTurnView(text, createPhraseIndex().index, bundledNormalisation());
  expect(needles.map(view.contains)).toEqual(contains);
});

test('a turn too long to look needs up in may contain anything', () => {
  const view = createTurnView('so ok '.repeat(MAX_NEEDS_TEXT), createPhraseIndex().index, bundledNormalisation());
  expect(['so ok', 'fine'].map(view.contains)).toEqual([true, true]);
});

test('a view reads the turn through the table once, and computes its folded text, sentences and candidates once, on first use', () => {
  const view = createTurnView('Ummm, u will be FINE. Dont worry!', createPhraseIndex().index, bundledNormalisation());
  expect({ text: view.text, folded: view.folded, sentences: view.sentences.length, start: view.toOriginal(view.text.indexOf('will')) }).toEqual({
    text: "you will be FINE. Don't worry!",
    folded: "you will be fine. don't worry!",
    sentences: 2,
    start: 8,
  });
  expect(view.candidates).toBe(view.candidates);
  expect(view.sentences).toBe(view.sentences);
});

test('the trigram filter never rules out a needle the text holds, and rules out one whose run it lacks', () => {
  const char = fc.constantFrom(...'abcdefghij \'é’'.split(''));
  const text = fc.array(char, { maxLength: 300 }).map((chars) => chars.join(''));
  fc.assert(
    fc.property(text, fc.nat(), fc.nat({ max: 12 }), (haystack, from, length) => {
      const start = haystack.length === 0 ? 0 : from % haystack.length;
      expect(mayHoldTrigrams(markTrigrams(haystack), haystack.slice(start, start + length))).toBe(true);
    }),
  );
  const bits = markTrigrams('you will be fine');
  expect(['will be', 'fine', 'xyzzy', 'be fined', ''].map((needle) => mayHoldTrigrams(bits, needle))).toEqual([true, true, false, false, true]);
});
