import { describe, expect, test } from 'vitest';
import { stripMarkup } from '../../src/ingest/parse-cues.js';
import { parseSrtTranscript } from '../../src/ingest/parse-srt.js';
import { parseVttTranscript } from '../../src/ingest/parse-vtt.js';

describe('stripMarkup', () => {
  test.each([
    { raw: 'plain words', expected: { text: 'plain words', segments: [{ offset: 0, line: 3, column: 1 }] } },
    {
      raw: 'That is <i>hard</i>, isn&apos;t it?',
      expected: {
        text: "That is hard, isn't it?",
        segments: [
          { offset: 0, line: 3, column: 1 },
          { offset: 8, line: 3, column: 12 },
          { offset: 12, line: 3, column: 20 },
          { offset: 18, line: 3, column: 31 },
        ],
      },
    },
    { raw: '{\\an8} top line', expected: { text: 'top line', segments: [{ offset: 0, line: 3, column: 8 }] } },
  ])('$raw', ({ raw, expected }) => {
    expect(stripMarkup(raw, 3, 0)).toEqual(expected);
  });
});

describe('parseVttTranscript', () => {
  test('voice tags, prefixes, times, continuation across cues', () => {
    const text = [
      'WEBVTT',
      '',
      '00:01.000 --> 00:03.000',
      '<v Dr. Lee>How are you <b>today</b>?',
      '<v Sam>Tired.',
      '',
      'cue-3',
      '00:04.000 --> 00:06.000',
      'Honestly very tired.',
      '',
    ].join('\n');
    expect(parseVttTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        {
          meta: {},
          line: 4,
          turns: [
            {
              speaker: 'Dr. Lee',
              text: 'How are you today?',
              line: 4,
              time: '00:01.000',
              segments: [
                { offset: 0, line: 4, column: 12 },
                { offset: 12, line: 4, column: 27 },
                { offset: 17, line: 4, column: 36 },
              ],
            },
            { speaker: 'Sam', text: 'Tired.', line: 5, time: '00:01.000', segments: [{ offset: 0, line: 5, column: 8 }] },
            { speaker: 'Sam', text: 'Honestly very tired.', line: 9, time: '00:04.000', segments: [{ offset: 0, line: 9, column: 1 }] },
          ],
        },
      ],
    });
  });

  test.each([
    { payload: '[00:00:09] Therapist: Go on.', expected: ['Therapist', 'Go on.'] },
    { payload: 'Jane Smith 00:00:09', expected: ['Client', 'Jane Smith 00:00:09'] },
  ])('payload $payload', ({ payload, expected }) => {
    const result = parseVttTranscript(`WEBVTT\n\n00:01.000 --> 00:02.000\nClient: Hi.\n${payload}\n`);
    expect(result.ok && result.transcripts[0]?.turns.at(-1)?.speaker).toBe(expected[0]);
    expect(result.ok && result.transcripts[0]?.turns.at(-1)?.text).toContain(expected[1]);
  });

  test.each([
    { name: 'no header', text: '00:01.000 --> 00:02.000\nT: Hi\n', error: { message: 'missing `WEBVTT` header on the first line', line: 1 } },
    { name: 'bad timing', text: 'WEBVTT\n\n00:01 --> soon\nT: Hi\n', error: { message: 'invalid cue timing (expected `00:00:01.000 --> 00:00:04.000`)', line: 3 } },
    { name: 'no speaker', text: 'WEBVTT\n\n00:01.000 --> 00:02.000\nhello there\n', error: { message: 'cue text without a speaker (expected `<v Name>` or `Name:`)', line: 4 } },
    { name: 'no cues', text: 'WEBVTT\n\nNOTE nothing here\n', error: { message: 'no cues with text found' } },
  ])('$name → error', ({ text, error }) => {
    expect(parseVttTranscript(text)).toEqual({ ok: false, error });
  });
});

describe('parseSrtTranscript', () => {
  test('name prefixes after formatting, cue start as time', () => {
    const text = '1\n00:00:01,000 --> 00:00:02,500\n<i>Therapist:</i> Welcome back.\n\n2\n00:00:03,000 --> 00:00:04,000\nClient: Thanks.\n';
    expect(parseSrtTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        {
          meta: {},
          line: 3,
          turns: [
            { speaker: 'Therapist', text: 'Welcome back.', line: 3, time: '00:00:01,000', segments: [{ offset: 0, line: 3, column: 19 }] },
            { speaker: 'Client', text: 'Thanks.', line: 7, time: '00:00:03,000', segments: [{ offset: 0, line: 7, column: 9 }] },
          ],
        },
      ],
    });
  });

  test.each([
    { name: 'not subtitles', text: 'Therapist: Hi.\n', error: { message: 'expected a cue number and a timing line (`00:00:01,000 --> 00:00:04,000`)', line: 1 } },
    { name: 'missing timing', text: '1\nTherapist: Hi.\n', error: { message: 'expected a cue number and a timing line (`00:00:01,000 --> 00:00:04,000`)', line: 2 } },
    { name: 'no speaker', text: '1\n00:00:01,000 --> 00:00:02,000\nhello\n', error: { message: 'cue text without a speaker (expected `<v Name>` or `Name:`)', line: 3 } },
  ])('$name → error', ({ text, error }) => {
    expect(parseSrtTranscript(text)).toEqual({ ok: false, error });
  });

  test('a line of several MB full of "<" is read without hanging (the test timeout guards it)', () => {
    const result = parseSrtTranscript(`1\n00:00:01,000 --> 00:00:02,000\nT: ${'<'.repeat(3_000_000)}\n`);
    expect(result.ok).toBe(true);
  });
});
