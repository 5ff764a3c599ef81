import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bundledNormalisation } from '../../src/engine/normalise.js';
import { findAll } from '../../src/engine/text-match.js';
import { createTurnView } from '../../src/engine/turn-view.js';
import { compilePhraseSource, combinePattern } from '../../src/rules/matchers/text.js';
import { createPhraseIndex } from '../../src/rules/text-pattern.js';
import { formsOf } from '../../src/rules/word-forms.js';

const table = bundledNormalisation();
const variants = [...table.entries].map(([variant, entry]) => ({ variant, canonical: entry.to, next: entry.before ? [...entry.before][0] : undefined }));

/** Finds a phrase in a text as the engine does, and returns the matched original text. */
function findPhrase(phrase: string, text: string): string[] {
  const builder = createPhraseIndex();
  const reading = { normalisation: table, forms: formsOf, cuePhrases: new Map(), memo: { known: new Map(), used: new Map(), written: new Map() } };
  const source = compilePhraseSource(phrase, reading);
  if ('error' in source) throw new Error(source.error);
  const view = createTurnView(text, builder.index, table);
  return findAll(combinePattern([source], builder), view).map((span) => text.slice(view.toOriginal(span.start), view.toOriginal(span.end, 'end')));
}

describe('phrases and turns read through the same table', () => {
  test('every variant the table generates matches the phrase its canonical spelling writes, and the match points at the variant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...variants), fc.constantFrom('lower', 'Capital'), fc.constantFrom('ok ', 'well, ', ''), ({ variant, canonical, next }, casing, lead) => {
        const written = casing === 'Capital' && variant.length > 1 ? variant.charAt(0).toUpperCase() + variant.slice(1) : variant;
        const tail = next === undefined ? '' : ` ${next}`;
        const text = `${lead}${written}${tail} then.`;
        expect(findPhrase(`${canonical}${tail}`, text)).toEqual([`${written}${tail}`]);
      }),
      { numRuns: 300 },
    );
  });

  const phrases = [
    ...variants.map(({ canonical, next }) => (next === undefined ? canonical : `${canonical} ${next}`)),
    'a risk to your health',
    "you're doing really well",
    'it will be fine',
  ].filter((phrase) => phrase.includes(' '));
  const fillerRun = fc.array(fc.tuple(fc.constantFrom(...table.fillers), fc.constantFrom(', ', ' ', ',  ', '\n'), fc.boolean()), { maxLength: 3 });

  test('fillers between the words of a phrase leave it matching, with the match on the text as written', () => {
    fc.assert(
      fc.property(fc.constantFrom(...phrases), fc.array(fillerRun, { minLength: 8, maxLength: 8 }), fc.constantFrom(', ', ' '), (phrase, runs, gap) => {
        const words = phrase.split(' ');
        const written = words
          .map((word, i) => {
            const fillers = i === 0 ? [] : (runs[i % runs.length] ?? []).map(([filler, after, title]) => (title ? filler.charAt(0).toUpperCase() + filler.slice(1) : filler) + after);
            return (fillers.length > 0 ? gap : i === 0 ? '' : ' ') + fillers.join('') + word;
          })
          .join('');
        expect(findPhrase(phrase, `so, um, ${written}, uh, then.`)).toEqual([written]);
      }),
      { numRuns: 300 },
    );
  });

  test('a stuttered word of a phrase leaves it matching from its last copy', () => {
    const stuttering = phrases.filter((phrase) => phrase.split(' ').some((word) => table.stutter.has(word)));
    fc.assert(
      fc.property(fc.constantFrom(...stuttering), fc.nat(), fc.constantFrom('-', ', ', ' ', ', um, '), (phrase, pick, separator) => {
        const words = phrase.split(' ');
        const at = words.map((word, i) => (table.stutter.has(word) ? i : -1)).filter((i) => i >= 0);
        const i = at[pick % at.length] ?? 0;
        const written = words.map((word, j) => (j === i ? `${word}${separator}${word}` : word)).join(' ');
        const expected = i === 0 ? written.slice((words[0] ?? '').length + separator.length) : written;
        expect(findPhrase(phrase, `ok ${written} then.`)).toEqual([expected]);
      }),
      { numRuns: 200 },
    );
  });

  test.each([
    ["don't worry", 'Sooo, dont   worry.', ['dont   worry']],
    ['={alright|fine}', "You're all right now", ['all right']],
    ['see you {tomorrow|}', 'c u b4 tmrw, see u tmrw', ['see u tmrw']],
  ])('%j in %j', (phrase, text, expected) => {
    expect(findPhrase(phrase, text)).toEqual(expected);
  });
});
