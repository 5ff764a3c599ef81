import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bundledNormalisation, compileNormalisation, normaliseText, variantsOf, type CompiledNormalisation } from '../../src/engine/normalise.js';

const shipped = bundledNormalisation();

/** Each replaced or kept word of a normalised text with the original span its ends map to. */
function spansOf(original: string, compiled: CompiledNormalisation): { word: string; written: string }[] {
  const view = normaliseText(original, compiled);
  return [...view.text.matchAll(/[\p{L}\p{N}'-]+/gu)].map((match) => ({
    word: match[0],
    written: original.slice(view.toOriginal(match.index, 'start'), view.toOriginal(match.index + match[0].length, 'end')),
  }));
}

describe('normaliseText with the bundled table', () => {
  test.each([
    ['dont worry', "don't worry"],
    ['Dont worry, u r doing great', "Don't worry, you are doing great"],
    ['DONT', "DON'T"],
    ['U.S. visa, R&B', 'U.S. visa, R&B'],
    ['every  thing will be ok', 'everything will be ok'],
    ['Every\nthing', 'Everything'],
    ['its ok, its own time', "it's ok, its own time"],
    ['I feel ill. ill call you', "I feel ill. i'll call you"],
    ['Sooo goood, noooo', 'So good, no'],
    ['dooont, plzzz', "don't, please"],
    ['reaaally pleeease', 'really please'],
    ['definately wierd, untill I recieve it', 'definitely weird, until I receive it'],
    ['gonna b4 u', 'going to before you'],
    ['alot, all right, some one', 'a lot, alright, someone'],
    ['a long\u2014winding road \u2013 \u201Cyes\u201D, it\u2019s', 'a long-winding road - "yes", it\'s'],
    ['thats what ur mum said', "that's what your mum said"],
    ['dontt, idont, ur\u2019s', "dontt, idont, your's"],
    ['', ''],
  ])('%j reads %j', (text, norm) => {
    expect(normaliseText(text, shipped).text).toBe(norm);
  });

  test('returns the text itself, with offsets unchanged, when it holds no variant', () => {
    const text = 'We can talk about it next week.';
    const view = normaliseText(text, shipped);
    expect([view.text, view.toOriginal(7, 'start'), view.toOriginal(12, 'end')]).toEqual([text, 7, 12]);
  });

  test.each([
    ['so u r ok', [{ word: 'so', written: 'so' }, { word: 'you', written: 'u' }, { word: 'are', written: 'r' }, { word: 'ok', written: 'ok' }]],
    ['Sooo  every thing\u2019s gonna b fine', [
      { word: 'So', written: 'Sooo' },
      { word: "everything's", written: 'every thing\u2019s' },
      { word: 'going', written: 'gonna' },
      { word: 'to', written: 'gonna' },
      { word: 'b', written: 'b' },
      { word: 'fine', written: 'fine' },
    ]],
  ])('maps every word of %j back to the words it reads', (text, spans) => {
    expect(spansOf(text, shipped)).toEqual(spans);
  });

  test('a span inside a replacement maps to the whole written variant', () => {
    const view = normaliseText('x gonna y', shipped);
    expect(view.text).toBe('x going to y');
    expect([view.toOriginal(8, 'start'), view.toOriginal(10, 'end'), view.toOriginal(11), view.toOriginal(12, 'end')]).toEqual([2, 7, 8, 9]);
  });

  test('a 5 MB unpunctuated turn does not hang', () => {
    const turn = 'dont worry u r sooo fine and '.repeat(180_000);
    const view = normaliseText(turn, shipped);
    expect(view.text.startsWith("don't worry you are so fine and don't")).toBe(true);
    expect(normaliseText('a'.repeat(5_000_000), shipped).text).toBe('a');
  }, 60_000);
});

describe('fillers and stutters', () => {
  test.each([
    ['This is, uh, a risk', 'This is a risk'],
    ['Uh, I think so', 'I think so'],
    ['well. Um, you did', 'well. you did'],
    ['so, um.', 'so.'],
    ['you are um really doing well', 'you are really doing well'],
    ['x, uh, um,  erm... y', 'x... y'],
    ['ummm, uhhh, hmmm yes', 'yes'],
    ['uh', ''],
    ['Mm-hmm, uh-huh, mhm, mm, ah well', 'Mm-hmm, uh-huh, mhm, mm, ah well'],
    ['the ER, UM and err on it', 'the ER, UM and err on it'],
    ['the-the idea, I, I think, you you', 'the idea, I think, you'],
    ['The-the idea', 'the idea'],
    ["it's-it's a bit, and, um, and then", "it's a bit, and then"],
    ['I I I I know', 'I know'],
    ['very very good, so-so, no no', 'very very good, so-so, no no'],
    ['dont, uh, worry, u r fine, u u', "don't worry, you are fine, you you"],
    ['this-these, to-too', 'this-these, to-too'],
  ])('%j reads %j', (text, norm) => {
    expect(normaliseText(text, shipped).text).toBe(norm);
  });

  test.each([
    ['is, uh, a risk', [{ word: 'is', written: 'is' }, { word: 'a', written: 'a' }, { word: 'risk', written: 'risk' }]],
    ['Um, I, I think', [{ word: 'I', written: 'I' }, { word: 'think', written: 'think' }]],
    ['the-the idea', [{ word: 'the', written: 'the' }, { word: 'idea', written: 'idea' }]],
    ['so, uh, u r, um', [{ word: 'so', written: 'so' }, { word: 'you', written: 'u' }, { word: 'are', written: 'r' }]],
  ])('maps every word of %j back to what was written for it', (text, spans) => {
    expect(spansOf(text, shipped)).toEqual(spans);
  });

  test('a span across a dropped filler maps to the original words around it', () => {
    const text = 'it is, uh, a, uh, risk to you';
    const view = normaliseText(text, shipped);
    const start = view.text.indexOf('a risk');
    expect([view.text, text.slice(view.toOriginal(start, 'start'), view.toOriginal(start + 'a risk'.length, 'end'))]).toEqual(['it is a risk to you', 'a, uh, risk']);
  });

  test('5 MB turns of fillers and stutters do not hang', () => {
    expect(normaliseText('uh '.repeat(1_700_000), shipped).text).toBe('');
    expect(normaliseText(`so ${'uh, um '.repeat(700_000)}ok`, shipped).text).toBe('so ok');
    expect(normaliseText(`${'I '.repeat(2_500_000)}know`, shipped).text).toBe('I know');
    expect(normaliseText(`${'I uh '.repeat(1_000_000)}know`, shipped).text).toBe('I know');
    expect(normaliseText(`${'the, '.repeat(1_000_000)}end`, shipped).text).toBe('the, end');
  }, 60_000);
});

describe('compileNormalisation', () => {
  test("a rule file's entries win and its double words are added", () => {
    const { compiled, problems } = compileNormalisation(
      { words: { ur: 'your', dont: "don't" }, elongation: { double: ['good'] } },
      { words: { UR: "you're", 'all  good': 'alright', tmi: { to: 'too much', before: ['info'] } }, elongation: { double: ['cool'] } },
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(compiled.entries)).toEqual({
      ur: { to: "you're" },
      dont: { to: "don't" },
      'all good': { to: 'alright' },
      tmi: { to: 'too much', before: new Set(['info']) },
    });
    expect(normaliseText('ur cooool, all good, tmi info, tmi', compiled).text).toBe("you're cool, alright, too much info, tmi");
  });

  test.each([
    [[], [{ path: ['normalisation'], message: 'a normalisation table must be a mapping (got a list, expected words:, elongation:, fillers: and stutter:)' }]],
    [{ word: {} }, [{ path: ['normalisation', 'word'], message: 'unknown normalisation key (got word, expected one of version, elongation, words, fillers, stutter)' }]],
    [{ version: 2 }, [{ path: ['normalisation', 'version'], message: 'unknown normalisation version (got 2, expected 1)' }]],
    [{ words: { 'u!': 'you' } }, [{ path: ['normalisation', 'words', 'u!'], message: 'a variant must be words of letters, digits and apostrophes (got "u!")' }]],
    [{ words: { u: '' } }, [{ path: ['normalisation', 'words', 'u'], message: 'a variant must read as a non-empty spelling or { to, before } (got "")' }]],
    [{ words: { u: { to: 3 } } }, [{ path: ['normalisation', 'words', 'u', 'to'], message: 'to must be a non-empty spelling (got 3)' }]],
    [{ words: { u: { to: 'you', after: [] } } }, [{ path: ['normalisation', 'words', 'u', 'after'], message: 'unknown variant key (got after, expected to or before)' }]],
    [{ words: { u: { to: 'you', before: ['ok', 7] } } }, [{ path: ['normalisation', 'words', 'u', 'before', 1], message: 'expected a word (got 7)' }]],
    [{ elongation: { enabled: 'yes' } }, [{ path: ['normalisation', 'elongation', 'enabled'], message: 'enabled must be true or false (got "yes")' }]],
    [{ elongation: { double: 'good' } }, [{ path: ['normalisation', 'elongation', 'double'], message: 'expected a list of words (got "good")' }]],
    [{ fillers: 'uh' }, [{ path: ['normalisation', 'fillers'], message: 'expected a list of words (got "uh")' }]],
    [{ stutter: ['the', 'a b'] }, [{ path: ['normalisation', 'stutter', 1], message: 'expected a word (got "a b")' }]],
  ])('extension %j is reported at its key path', (extension, problems) => {
    expect(compileNormalisation({ words: {} }, extension).problems).toEqual(problems);
  });

  test("a rule file's fillers and stutter words are added to the table's", () => {
    const { compiled, problems } = compileNormalisation({ fillers: ['uh'], stutter: ['i'] }, { fillers: ['like'], stutter: ['so'] });
    expect(problems).toEqual([]);
    expect(normaliseText('I, I was, like, uh, so so tired', compiled).text).toBe('I was so tired');
  });

  test('elongation can be turned off', () => {
    const { compiled } = compileNormalisation({ elongation: { enabled: false }, words: { u: 'you' } });
    expect(normaliseText('sooo u', compiled).text).toBe('sooo you');
  });
});

const canonicals = [...new Set([...shipped.entries.values()].map((entry) => entry.to))];

// Writes the letter at `at` three to five times ("sooo"); undefined when the table would read
// the result as another word ("tooo" reads "too", not "to").
function stretch(word: string, at: number, times: number, compiled: CompiledNormalisation): string | undefined {
  const i = at % word.length;
  const letter = word.charAt(i);
  const same = (j: number): boolean => word.charAt(j).toLowerCase() === letter.toLowerCase();
  if (!/\p{L}/u.test(letter) || same(i - 1) || same(i + 1)) return undefined;
  const twice = word.slice(0, i) + letter + word.slice(i);
  if (compiled.double.has(twice.toLowerCase())) return undefined;
  return word.slice(0, i) + letter.repeat(times) + word.slice(i + 1);
}

const writtenCase = fc.constantFrom('lower', 'title', 'upper');
const applyCase = (text: string, style: string): string =>
  style === 'upper' ? text.toUpperCase() : style === 'title' ? text.charAt(0).toUpperCase() + text.slice(1) : text;

describe('every variant the table generates reads as its canonical spelling', () => {
  test.each(canonicals)('%s', (canonical) => {
    const variants = variantsOf(canonical, shipped);
    expect(variants.length).toBeGreaterThan(0);
    fc.assert(
      fc.property(
        fc.constantFrom(...variants),
        writtenCase,
        fc.constantFrom(' ', '  ', '\n'),
        fc.option(fc.tuple(fc.nat(), fc.integer({ min: 3, max: 5 }))),
        fc.nat(),
        ({ variant, before }, style, gap, stretching, pick) => {
          const cased = variant.length === 1 ? variant : applyCase(variant, style);
          const stretched = stretching && !variant.includes(' ') ? stretch(cased, stretching[0], stretching[1], shipped) : undefined;
          const written = stretched ?? cased.split(' ').join(gap);
          const next = before ? ([...before][pick % before.size] ?? 'then') : 'then';
          const text = `okay ${written} ${next}.`;
          expect(normaliseText(text, shipped).text.toLowerCase()).toBe(normaliseText(`okay ${canonical} ${next}.`, shipped).text.toLowerCase());
          expect(spansOf(text, shipped).at(-1)?.written).toBe(next);
        },
      ),
      { numRuns: 25 },
    );
  });

  test('a stretched word reads back as itself', () => {
    const words = [...shipped.double, ...canonicals.filter((word) => !word.includes(' '))];
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.nat(), fc.integer({ min: 3, max: 6 }), writtenCase, (word, at, times, style) => {
        const stretched = stretch(applyCase(word, style), at, times, shipped);
        fc.pre(stretched !== undefined);
        expect(normaliseText(`so ${stretched ?? ''} now`, shipped).text.toLowerCase()).toBe(`so ${word} now`);
      }),
      { numRuns: 300 },
    );
  });

  test('every word of a mixed text maps back to exactly what was written for it', () => {
    const contextFree = [...shipped.entries].filter(([, entry]) => !entry.before).map(([variant, entry]) => ({ written: variant, reads: entry.to }));
    const plain = ['calm', 'talk', 'today', 'fine', '\u201Cquoted\u201D'].map((word) => ({ written: word, reads: word.replace(/[\u201C\u201D]/g, '"') }));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...contextFree, ...plain), { minLength: 1, maxLength: 12 }), fc.constantFrom(' ', '  ', ', '), (tokens, gap) => {
        const original = tokens.map((token) => token.written).join(gap);
        const view = normaliseText(original, shipped);
        expect(view.text).toBe(tokens.map((token) => token.reads).join(gap));
        let at = 0;
        let normAt = 0;
        for (const token of tokens) {
          expect([view.toOriginal(normAt, 'start'), view.toOriginal(normAt + token.reads.length, 'end')]).toEqual([at, at + token.written.length]);
          at += token.written.length + gap.length;
          normAt += token.reads.length + gap.length;
        }
      }),
      { numRuns: 200 },
    );
  });
});
