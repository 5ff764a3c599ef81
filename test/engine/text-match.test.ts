import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { findAll, hasMatch } from '../../src/engine/text-match.js';
import { compileNormalisation } from '../../src/engine/normalise.js';
import { createTurnView } from '../../src/engine/turn-view.js';
import { compilePhrase } from '../../src/rules/phrase.js';
import { analyseRegexNeeds } from '../../src/rules/regex-needs.js';
import { createPhraseIndex, type TextPattern } from '../../src/rules/text-pattern.js';
import type { MatchSpan } from '../../src/types.js';

/** No normalisation: the text is matched as written. */
const AS_WRITTEN = compileNormalisation({ elongation: { enabled: false } }).compiled;

/** A pattern of phrases, and the one alternation of them the engine used to run. */
function buildPattern(phrases: string[]): { pattern: TextPattern; view: (text: string) => ReturnType<typeof createTurnView>; alternation: RegExp } {
  const builder = createPhraseIndex();
  const sources = phrases.map((phrase) => {
    const compiled = compilePhrase(phrase);
    if ('error' in compiled) throw new Error(compiled.error);
    // With the needs the rule compiler gives phrases, so that skipping by them is tested too.
    return { ...compiled, needs: analyseRegexNeeds(compiled.source, 'g') };
  });
  const ids = [...new Set(sources.map((source) => builder.add(source)))];
  return {
    pattern: { phrases: ids, regexes: [], needs: [] },
    view: (text) => createTurnView(text, builder.index, AS_WRITTEN),
    alternation: new RegExp(sources.map((s) => `(?:${s.source})`).join('|'), 'gi'),
  };
}

function spansOf(regex: RegExp, text: string): MatchSpan[] {
  return [...text.matchAll(regex)].filter((m) => m[0] !== '').map((m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] }));
}

const WORDS = ['you', "you're", 'will', 'be', 'fine', 'worr', 'worry', 'worried', 'not', 'so', 'ok', 'it', 'café', 'self-harm'];
const word = fc.constantFrom(...WORDS);
const phrase = fc.oneof(
  fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' ')),
  fc.tuple(word, word, word).map(([a, b, c]) => `{${a}|${b}} ${c}`),
  fc.tuple(word, word).map(([a, b]) => `${a} {${b}|}`),
  fc.tuple(word, word).map(([a, b]) => `${a.replace(/[^a-z]/g, '')}* ${b}`),
  fc.tuple(word, word).map(([a, b]) => `${a}{${b}|}`),
);
const text = fc
  .array(fc.oneof(word, fc.constantFrom('YOU', 'Worried', 'Fine.', 'worrying', '-', ',', 'x')), { maxLength: 14 })
  .chain((words) => fc.array(fc.constantFrom(' ', '  ', '\n', ''), { minLength: words.length, maxLength: words.length }).map((gaps) => words.map((w, i) => w + (gaps[i] ?? '')).join('')));

describe('findAll', () => {
  test('answers a turn without a match with one shared, frozen empty list (nothing allocated per call)', () => {
    const { pattern, view } = buildPattern(['will be fine', 'calm down']);
    const first = findAll(pattern, view('It is raining.'));
    const second = findAll(pattern, view('Nothing to see.'));
    expect({ same: first === second, frozen: Object.isFrozen(first), spans: [...first] }).toEqual({ same: true, frozen: true, spans: [] });
  });

  test('finds what one alternation of the phrases finds, running only the candidates', () => {
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 5 }), text, (phrases, input) => {
        const { pattern, view, alternation } = buildPattern(phrases);
        expect(findAll(pattern, view(input))).toEqual(spansOf(alternation, input));
      }),
      { numRuns: 400 },
    );
  });

  test.each([
    [['will be fine', 'be fine'], 'It will be fine, be fine.', ['will be fine', 'be fine']],
    [['be fine', 'will be fine'], 'It will be fine.', ['will be fine']],
    [['be fine', 'be'], 'Be fine.', ['Be fine']],
    [['worr*', 'you'], 'You worried me', ['You', 'worried']],
    [['so {worried|}'], 'not so worried', ['so worried']],
  ])('%j in %j', (phrases, input, expected) => {
    const { pattern, view } = buildPattern(phrases);
    expect(findAll(pattern, view(input)).map((span) => span.text)).toEqual(expected);
  });
});

describe('hasMatch', () => {
  test('answers as the alternation does on the slice read on its own, even where the slice cuts a word', () => {
    fc.assert(
      fc.property(fc.array(phrase, { minLength: 1, maxLength: 4 }), text, fc.nat(), fc.nat(), (phrases, input, a, b) => {
        const { pattern, view, alternation } = buildPattern(phrases);
        const [from, to] = [a % (input.length + 1), b % (input.length + 1)].sort((x, y) => x - y) as [number, number];
        const expected = to > from && new RegExp(alternation.source, 'i').test(input.slice(from, to));
        expect(hasMatch(pattern, view(input), from, to)).toBe(expected);
      }),
      { numRuns: 400 },
    );
  });

  test('a slice cutting a word finds a phrase that only the cut word spells', () => {
    const { pattern, view } = buildPattern(['fine']);
    expect([hasMatch(pattern, view('refine'), 2, 6), hasMatch(pattern, view('refine'), 0, 6)]).toEqual([true, false]);
  });
});
