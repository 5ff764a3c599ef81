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

  // A newline split a name over two lines; an escape sequence in a YAML string reached the terminal.
  test('control characters in a file name, session id or speaker are written escaped', () => {
    const transcript = { path: 'a\nb.yaml', id: 'x\u001b[31mred' } as Transcript;
    const speakers = [{ speaker: 'The\u001b[1mrapist', role: 'therapist', turns: 1 }] as const;
    expect(formatSpeakersText([{ transcript, speakers: [...speakers] }]).split('\n')).toEqual([
      'a\\nb.yaml  (session x\\u001b[31mred)',
      '  The\\u001b[1mrapist  therapist  1 turn',
      '',
    ]);
  });
});
