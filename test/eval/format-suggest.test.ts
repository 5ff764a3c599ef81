import { describe, expect, test } from 'vitest';
import { formatSuggestionsText } from '../../src/eval/format-suggest.js';
import type { FrameSuggestion, FrameSuggestions } from '../../src/eval/suggest.js';

function frame(text: string, support: number, falseAlarms: number, labelled: number, turns: number, f1: number): FrameSuggestion {
  return { frame: text, words: text.split(' ').length, support, falseAlarms, precision: support / (support + falseAlarms), labelled, turns, f1 };
}

describe('formatSuggestionsText', () => {
  // Frames are the transcripts' own words: a CJK character takes two columns, an emoji two, a combining cedilla none.
  test('frames in CJK, emoji and with combining marks keep the columns in line', () => {
    const result: FrameSuggestions = {
      rule: 'empathy',
      known: true,
      sessions: 1,
      therapistTurns: 20,
      labelled: 9,
      found: 4,
      missed: 5,
      falseAlarms: 1,
      f1: 0.5,
      frames: [frame('安心', 4, 1, 6, 9, 0.75), frame('👋🏽 hi', 3, 0, 3, 3, 0.7), frame('c\u0327a va', 2, 2, 2, 12, 0.6)],
    };
    const lines = formatSuggestionsText(result, { minSupport: 2, minPrecision: 0.5 }).split('\n');
    expect(lines.slice(4, 9)).toEqual([
      'frame    support  false alarms  precision  labelled  turns  F1 after',
      '-------  -------  ------------  ---------  --------  -----  --------',
      '"安心"         4             1       0.80         6      9      0.75',
      '"👋🏽 hi"        3             0       1.00         3      3      0.70',
      '"c\u0327a va"        2             2       0.50         2     12      0.60',
    ]);
  });
});
