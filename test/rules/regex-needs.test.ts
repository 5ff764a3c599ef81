import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createTurnView } from '../../src/engine/turn-view.js';
import { buildExampleTranscript } from '../../src/rules/examples.js';
import { loadRuleSet } from '../../src/rules/compile.js';
import { foldAscii } from '../../src/rules/phrase.js';
import { exportRegexNeeds, findRegexNeeds, meetsNeeds, toNeedleText, type RegexNeeds } from '../../src/rules/regex-needs.js';

const FLAGS = 'giu';

function holdsNeeds(needs: RegexNeeds, text: string): boolean {
  const needleText = toNeedleText(foldAscii(text));
  return meetsNeeds(needs, (needle) => needleText.includes(needle));
}

describe('findRegexNeeds', () => {
  test.each<{ source: string; needs: RegexNeeds }>([
    { source: 'Hello', needs: [['hello']] },
    // White space reads as one space, so words joined by it make one string.
    { source: String.raw`\bwill\s+be\s+fine\b`, needs: [['will be fine']] },
    { source: 'will  be\t\u00a0fine', needs: [['will be fine']] },
    { source: String.raw`will\s*be[ \t]fine`, needs: [['willbe fine', 'will be fine']] },
    { source: 'colou?r', needs: [['color', 'colour']] },
    { source: 'reali[sz]e', needs: [['realise', 'realize']] },
    { source: String.raw`\b(?:will|shall|'ll)\s+pass`, needs: [['will pass', 'shall pass', "'ll pass"]] },
    // A string that contains another of its set adds nothing: "will" holds "ll".
    { source: String.raw`(?:will|ll)\b`, needs: [['ll']] },
    // An optional or repeated-from-zero part needs nothing; one repeated at least once does.
    { source: String.raw`(?:very\s+)*sure`, needs: [['sure']] },
    { source: String.raw`(?:so\s)+sure`, needs: [['sure'], ['so ']] },
    { source: 'ha{2}', needs: [['haa']] },
    { source: 'x{0}yes', needs: [['yes']] },
    // Look-arounds consume nothing, so a match need not hold what they test.
    { source: String.raw`(?<=I said )fine`, needs: [['fine']] },
    { source: String.raw`(?!fine)\w+`, needs: [] },
    // A branch that needs nothing leaves the whole needing nothing.
    { source: String.raw`fine|\w+`, needs: [] },
    { source: String.raw`(a)\1`, needs: [['a']] },
    { source: String.raw`[^a]b`, needs: [['b']] },
    { source: String.raw`\?`, needs: [['?']] },
    // Any other character than ASCII may stand for several under `i`: it needs nothing.
    { source: 'caf\u00e9', needs: [['caf']] },
    { source: 'NOT', needs: [['not']] },
    { source: '(', needs: [] },
  ])('$source', ({ source, needs }) => {
    expect(findRegexNeeds(source, FLAGS)).toEqual(needs);
  });

  test('is remembered and kept as plain data for the rule cache', () => {
    findRegexNeeds('remembered', FLAGS);
    expect(exportRegexNeeds().remembered).toEqual([['remembered']]);
  });
});

describe('toNeedleText', () => {
  test.each([
    { text: 'Will be FINE', expected: 'will be fine' },
    // The long s and the Kelvin sign match "s" and "k" under the `i` flag.
    { text: 'be\u017Ft \u212Aind', expected: 'best kind' },
    // Each run of white space is one space.
    { text: 'Will  be\n\t FINE\u00a0now', expected: 'will be fine now' },
  ])('$text', ({ text, expected }) => {
    expect(toNeedleText(foldAscii(text))).toBe(expected);
  });
});

// A small grammar of regexes over a few words, and texts over the same words and letters.
const ATOMS = ['will', 'be', 'Fine', "'ll", 'so', 's', 'k', 'a', '\\s', '\\s+', '\\s*', ' ', '\\t', '[ \\t]', '\u00a0', '\\w', '.', '\\b', '[sk]', '[^a]', '[a-c]', 'ok', '\\?', '\u00e9'];
const atom = fc.constantFrom(...ATOMS);
const regexSource: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    atom,
    fc.array(tie('node'), { minLength: 1, maxLength: 4 }).map((parts) => parts.join('')),
    fc.array(tie('node'), { minLength: 2, maxLength: 3 }).map((parts) => `(?:${parts.join('|')})`),
    fc.tuple(tie('node'), fc.constantFrom('?', '*', '+', '{2}', '{0,2}', '{1,3}', '{2,}')).map(([node, q]) => `(?:${node})${q}`),
    fc.tuple(tie('node'), fc.constantFrom('(?=', '(?!', '(?<=', '(?<!')).map(([node, open]) => `${open}${node})`),
    tie('node').map((node) => `(${node})\\1`),
  ),
})).node;
const TEXT_PIECES = ['will', 'WILL', 'be', 'fine', 'FINE', "'ll", 'so', 'ok', 'OK', 'a', 'b', 'c', 's', 'k', '\u017F', '\u212A', '\u00e9', '\u00c9', ' ', ' ', '  ', '\t', '\n', '\u00a0', '?', '.'];
const text = fc.array(fc.constantFrom(...TEXT_PIECES), { maxLength: 12 }).map((parts) => parts.join(''));

describe('what a regex needs', () => {
  test('every text a regex matches holds its needs', () => {
    fc.assert(
      fc.property(regexSource, text, (source, sample) => {
        let regex: RegExp;
        try {
          regex = new RegExp(source, FLAGS);
        } catch {
          return;
        }
        const matches = [...sample.matchAll(regex)].some((match) => match[0] !== '');
        if (matches) expect(holdsNeeds(findRegexNeeds(source, FLAGS), sample)).toBe(true);
      }),
      // A fixed seed: a random one can draw nested quantifiers that backtrack for half a
      // minute on a loaded machine (seen once in a full run), which fails by time, not by needs.
      { numRuns: 3000, seed: 20261201 },
    );
  });

  // The bundled rules' regexes, on every turn of their examples as the engine reads it.
  test("the bundled rules' regexes need nothing that a turn they match lacks, and skip many turns", () => {
    const result = loadRuleSet('rules/default/index.yaml', process.cwd());
    if (!result.ok) throw new Error('rule set did not load');
    const { ruleSet } = result;
    const texts = ruleSet.evaluation
      .flatMap((rule) => [...rule.examples.hit, ...rule.examples.miss])
      .flatMap((example) => buildExampleTranscript(example).turns)
      .map((turn) => createTurnView(turn.text, ruleSet.phrases, ruleSet.normalisation).text);
    const sources = Object.entries(exportRegexNeeds()).filter(([source]) => source.length > 30);
    let skipped = 0;
    const missed: string[] = [];
    for (const [source, needs] of sources) {
      const regex = new RegExp(source, FLAGS);
      for (const sample of texts) {
        const met = holdsNeeds(needs, sample);
        if (!met) skipped++;
        regex.lastIndex = 0;
        if (!met && regex.test(sample)) missed.push(`${source.slice(0, 60)} on ${sample}`);
      }
    }
    expect(missed).toEqual([]);
    expect(sources.length).toBeGreaterThan(50);
    expect(skipped / (sources.length * texts.length)).toBeGreaterThan(0.25);
  });
});
