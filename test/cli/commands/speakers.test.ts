import { describe, expect, test } from 'vitest';
import { formatSpeakersText } from '../../../src/cli/commands/speakers.js';
import type { Transcript } from '../../../src/types.js';

describe('formatSpeakersText', () => {
  // A name in CJK takes two columns a character, an emoji two, a combining accent none.
  test('names in CJK, emoji and with combining marks keep the role column in line', () => {
    const transcript = { path: 'intake.yaml', id: 'intake' } as Transcript;
    const speakers = [
      { speaker: '治療者', role: 'therapist', turns: 2 },
      { speaker: 'Jose\u0301', role: 'client', turns: 1 },
      { speaker: 'Sam 👋', role: 'other', turns: 1 },
    ] as const;
    expect(formatSpeakersText([{ transcript, speakers: [...speakers] }]).split('\n')).toEqual([
      'intake.yaml  (session intake)',
      '  治療者  therapist  2 turns',
      '  Jose\u0301    client     1 turn',
      '  Sam 👋  other      1 turn',
      '',
    ]);
  });
});
