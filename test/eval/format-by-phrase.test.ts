import { describe, expect, test } from 'vitest';
import type { PhraseAttribution } from '../../src/eval/by-phrase.js';
import { formatByPhraseText } from '../../src/eval/format-by-phrase.js';

const long = `{you're|you are} ${'very '.repeat(30)}kind`;

describe('formatByPhraseText', () => {
  test.each<[string, PhraseAttribution, string[]]>([
    [
      'a rule that found nothing: the heading, and that no entry fired',
      { rule: 'praise', turns: 0, true: 0, entries: [], unexplained: { true: 0, false: 0 } },
      ['', 'praise: found on 0 turns, 0 labelled (precision -); its entries that fired, worst precision first:', '', 'no entry fired on a found turn'],
    ],
    [
      // Every finding a model's: the count of unexplained turns is all there is to show.
      'a rule whose findings no entry explains still counts them',
      { rule: 'praise', turns: 3, true: 1, entries: [], unexplained: { true: 1, false: 2 } },
      [
        '',
        'praise: found on 3 turns, 1 labelled (precision 0.33); its entries that fired, worst precision first:',
        '',
        'no entry fired on a found turn',
        "no entry explains 3 found turns (1 labelled): a model matcher's, or a referred rule's",
      ],
    ],
    [
      'a long entry cut to one line, and the turns no entry explains counted under the table',
      {
        rule: 'praise',
        turns: 3,
        true: 2,
        entries: [{ where: 'match[0].phrase', text: long, turns: 1, true: 1, false: 0, precision: 1, only: 1, onlyFalse: 0 }],
        unexplained: { true: 1, false: 1 },
      },
      [
        '',
        'praise: found on 3 turns, 2 labelled (precision 0.67); its entries that fired, worst precision first:',
        '',
        'turns  true  false  precision  only true  only false  where            entry',
        '-----  ----  -----  ---------  ---------  ----------  ---------------  ' + '-'.repeat(90),
        `    1     1      0       1.00          1           0  match[0].phrase  ${long.slice(0, 87)}...`,
        '',
        'only true, only false: labelled and unlabelled turns no other entry explains (what removing the entry would cost, and save)',
        "no entry explains 2 found turns (1 labelled): a model matcher's, or a referred rule's",
      ],
    ],
  ])('%s', (_name, attribution, lines) => {
    expect(formatByPhraseText(attribution)).toEqual(lines);
  });
});
