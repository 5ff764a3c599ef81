import { describe, expect, test } from 'vitest';
import { frameWords } from '../../src/eval/frame-words.js';

describe('frameWords', () => {
  test.each([
    ['Don\u2019t WORRY. It\u2019s fine', [["don't", 'worry'], ["it's", 'fine']]],
    ['You did well, Dr. Lee said so!', [['you', 'did', 'well', 'dr', 'lee', 'said', 'so']]],
    ['Caf\u00e9 at 10 - ok?', [['caf\u00e9', 'at', '10', 'ok']]],
    ['', []],
  ])('%j', (text, expected) => {
    expect(frameWords(text)).toEqual(expected);
  });
});
