import { describe, expect, test } from 'vitest';
import { isSpeakerName, parsePlainTranscript, readSpeakerLabel } from '../../src/ingest/parse-text.js';
import { parseYamlTranscript } from '../../src/ingest/parse-yaml.js';
import { readFileSync } from 'node:fs';

const fixture = (name: string): string => readFileSync(new URL(`../fixtures/ingest/${name}`, import.meta.url), 'utf8');

describe('readSpeakerLabel', () => {
  test.each([
    { line: 'Therapist: How was the week?', expected: { speaker: 'Therapist', rest: 'How was the week?', restIndex: 11 } },
    { line: 'T: Go on.', expected: { speaker: 'T', rest: 'Go on.', restIndex: 3 } },
    { line: 'COUNSELOR:  Take your time.', expected: { speaker: 'COUNSELOR', rest: 'Take your time.', restIndex: 12 } },
    { line: 'Dr. Lee: Welcome back.', expected: { speaker: 'Dr. Lee', rest: 'Welcome back.', restIndex: 9 } },
    { line: '[00:01:02] Therapist: Hi.', expected: { speaker: 'Therapist', time: '00:01:02', rest: 'Hi.', restIndex: 22 } },
    { line: 'Therapist (00:01:02): Hi.', expected: { speaker: 'Therapist', time: '00:01:02', rest: 'Hi.', restIndex: 22 } },
    { line: 'Speaker 1 (00:01:02): Hi.', expected: { speaker: 'Speaker 1', time: '00:01:02', rest: 'Hi.', restIndex: 22 } },
    { line: '00:04 Client: I was fine.', expected: { speaker: 'Client', time: '00:04', rest: 'I was fine.', restIndex: 14 } },
    { line: 'Therapist 00:01', expected: { speaker: 'Therapist', time: '00:01', rest: '', restIndex: 15 } },
    { line: 'Jane Smith  00:01:02', expected: { speaker: 'Jane Smith', time: '00:01:02', rest: '', restIndex: 20 } },
    { line: '[00:01:02] Jane Smith', expected: { speaker: 'Jane Smith', time: '00:01:02', rest: '', restIndex: 21 } },
    { line: '[10:03 AM] Jane Smith', expected: { speaker: 'Jane Smith', time: '10:03 AM', rest: '', restIndex: 21 } },
    { line: '(0:04) Therapist', expected: { speaker: 'Therapist', time: '0:04', rest: '', restIndex: 16 } },
    { line: '[00:01:02] I panicked', expected: undefined },
    { line: '[00:01:02] Okay', expected: undefined },
    { line: '10:30 Jane Smith', expected: undefined },
    { line: 'Client:', expected: { speaker: 'Client', rest: '', restIndex: 7 } },
    { line: 'Mary-Jane O’Neil: Yes.', expected: { speaker: 'Mary-Jane O’Neil', rest: 'Yes.', restIndex: 18 } },
    { line: 'Anna van der Berg: Yes.', expected: { speaker: 'Anna van der Berg', rest: 'Yes.', restIndex: 19 } },
    { line: 'The thing is: I panic.', expected: undefined },
    { line: 'What I mean is: it builds.', expected: undefined },
    { line: 'So: I just left.', expected: undefined },
    { line: 'I panicked. Then: nothing.', expected: undefined },
    { line: 'It happened at 10:30 again.', expected: undefined },
    { line: 'See https://example.org later', expected: undefined },
    { line: 'Therapist:no space after the colon', expected: undefined },
    { line: 'One two three four five: six', expected: undefined },
    { line: 'Why? Because: reasons', expected: undefined },
    { line: '10:30: the meeting', expected: undefined },
    { line: `${'A'.repeat(41)}: too long`, expected: undefined },
  ])('$line', ({ line, expected }) => {
    expect(readSpeakerLabel(line)).toEqual(expected);
  });
});

test.each([
  ['Dr.', true],
  ['Prof. Okafor', true],
  ['Speaker 2', true],
  ['speaker 2', true],
  ['therapist', true],
  ['Note', false],
  ['Because', false],
  ['I mean', false],
  ['Hello. World', false],
])('isSpeakerName(%s) → %s', (name, expected) => {
  expect(isSpeakerName(name)).toBe(expected);
});

describe('parsePlainTranscript', () => {
  test('continuation lines join the turn with one space, keeping a segment per line', () => {
    const text = 'Client: I keep checking\n  the locks at night.\n\nTherapist (00:01:10): That sounds tiring.\n';
    expect(parsePlainTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        {
          meta: {},
          line: 1,
          turns: [
            {
              speaker: 'Client',
              text: 'I keep checking the locks at night.',
              line: 1,
              segments: [
                { offset: 0, line: 1, column: 9 },
                { offset: 16, line: 2, column: 3 },
              ],
            },
            {
              speaker: 'Therapist',
              text: 'That sounds tiring.',
              line: 4,
              time: '00:01:10',
              segments: [{ offset: 0, line: 4, column: 23 }],
            },
          ],
        },
      ],
    });
  });

  test('a header line with a timestamp takes its text from the next lines', () => {
    const text = 'Jane Smith  00:00:05\nI could not sleep again.\nTherapist 00:12\nWhat kept you up?\n';
    const result = parsePlainTranscript(text);
    expect(result.ok && result.transcripts[0]?.turns).toEqual([
      { speaker: 'Jane Smith', time: '00:00:05', text: 'I could not sleep again.', line: 1, segments: [{ offset: 0, line: 2, column: 1 }] },
      { speaker: 'Therapist', time: '00:12', text: 'What kept you up?', line: 3, segments: [{ offset: 0, line: 4, column: 1 }] },
    ]);
  });

  // Teams' meeting chat, copied: `[10:03 AM] Name` above the message. It was `no \`Speaker: text\` lines found`.
  test('a bracketed time before a name alone on a line takes its text from the next lines', () => {
    const result = parsePlainTranscript('[10:03 AM] Jane Smith\nHow are you?\n\n[10:04 AM] Sam Jones\nNot great.\nI feel useless.\n');
    expect(result.ok && result.transcripts[0]?.turns.map((t) => [t.speaker, t.time, t.text, t.line])).toEqual([
      ['Jane Smith', '10:03 AM', 'How are you?', 1],
      ['Sam Jones', '10:04 AM', 'Not great. I feel useless.', 4],
    ]);
  });

  test('a timestamp alone on a line is the time of the next turn, never text', () => {
    const result = parsePlainTranscript('00:00:03\nTherapist: Welcome.\nClient: Thanks.\n');
    expect(result.ok && result.transcripts[0]?.turns.map((t) => [t.speaker, t.time, t.text])).toEqual([
      ['Therapist', '00:00:03', 'Welcome.'],
      ['Client', undefined, 'Thanks.'],
    ]);
  });

  test('a sentence with a colon continues the turn', () => {
    const result = parsePlainTranscript('Client: I tried.\nThe thing is: I panic.\n');
    expect(result.ok && result.transcripts[0]?.turns.map((t) => t.text)).toEqual(['I tried. The thing is: I panic.']);
  });

  // It said `no \`Speaker: text\` lines found`, not which forms are read; then it left out
  // the meeting chat's `[10:03 AM] Name`, which is read too.
  const NO_LABELS = 'no speaker labels found; expected lines like `Name: text`, `[00:01] Name: text`, or `Name  00:01` or `[10:03 AM] Name` above the text';
  test.each([
    { name: 'text before the first label', text: 'Session notes\nTherapist: Hi.\n', error: { message: 'text before the first `Speaker:` label', line: 1 } },
    { name: 'no label at all', text: 'I just wrote about my week.\nIt was long.\n', error: { message: NO_LABELS } },
    { name: 'only blank lines', text: '\n  \n', error: { message: NO_LABELS } },
  ])('$name → error', ({ text, error }) => {
    expect(parsePlainTranscript(text)).toEqual({ ok: false, error });
  });

  test('a line of several MB is read without hanging (the test timeout guards it)', () => {
    const result = parsePlainTranscript(`Client: ${'and then '.repeat(500_000)}\n${'x'.repeat(3_000_000)}: y\n`);
    expect(result.ok && result.transcripts[0]?.turns.length).toBe(1);
  });

  test('the same turns as YAML and as text give the same speakers and texts', () => {
    const fromText = parsePlainTranscript(fixture('intake.txt'));
    const fromYaml = parseYamlTranscript(fixture('intake.yaml'));
    const view = (result: typeof fromText) => (result.ok ? result.transcripts[0]?.turns.map((t) => [t.speaker, t.text, t.time]) : result.error);
    expect(view(fromText)).toEqual(view(fromYaml));
    expect(fromText.ok && fromText.transcripts[0]?.turns.length).toBe(6);
  });
});
