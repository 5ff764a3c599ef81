import { describe, expect, test } from 'vitest';
import { assembleTranscript, deriveSessionId } from '../../src/ingest/assemble.js';
import type { RawTranscript } from '../../src/ingest/parser.js';
import { NO_ROLE_OPTIONS, type RoleOptions } from '../../src/ingest/speakers.js';

const roles = NO_ROLE_OPTIONS;

describe('assembleTranscript', () => {
  test('drops empty turns, merges consecutive turns of one speaker, numbers turns and assigns roles', () => {
    const raw: RawTranscript = {
      meta: { date: '2024-03-01' },
      line: 1,
      labels: ['over-reliance'],
      turns: [
        { speaker: 'Client', text: 'I feel sick before work.', line: 1, time: '00:00:01' },
        { speaker: 'Therapist', text: 'That sounds hard.', line: 2, segments: [{ offset: 0, line: 2, column: 12 }], labels: ['empathy'] },
        {
          speaker: 'Therapist',
          text: 'What happens next?',
          line: 3,
          time: '00:00:09',
          segments: [{ offset: 0, line: 3, column: 12 }],
          labels: ['empathy', 'education'],
          ignore: [{ rule: 'false-hope', reason: 'test' }],
          extra: { note: 'b' },
        },
        { speaker: 'Client', text: '', line: 4 },
        { speaker: 'Client', text: 'I freeze.', line: 5 },
      ],
    };
    expect(assembleTranscript(raw, { path: 'sessions/a.txt', format: 'text', index: 0, count: 1, roles })).toEqual({
      id: 'sessions/a',
      path: 'sessions/a.txt',
      format: 'text',
      meta: { date: '2024-03-01' },
      labels: ['over-reliance'],
      line: 1,
      turns: [
        {
          index: 1,
          speaker: 'Client',
          role: 'client',
          text: 'I feel sick before work.',
          line: 1,
          time: '00:00:01',
          segments: [{ offset: 0, line: 1, column: 1 }],
        },
        {
          index: 2,
          speaker: 'Therapist',
          role: 'therapist',
          text: 'That sounds hard. What happens next?',
          line: 2,
          time: '00:00:09',
          segments: [
            { offset: 0, line: 2, column: 12 },
            { offset: 18, line: 3, column: 12 },
          ],
          labels: ['empathy', 'education'],
          ignore: [{ rule: 'false-hope', reason: 'test' }],
          extra: { note: 'b' },
        },
        { index: 3, speaker: 'Client', role: 'client', text: 'I freeze.', line: 5, segments: [{ offset: 0, line: 5, column: 1 }] },
      ],
    });
  });

  test('file role hints and the command line reach the roles', () => {
    const raw: RawTranscript = {
      meta: {},
      line: 1,
      roles: { therapist: ['Dr. Lee'] },
      turns: [
        { speaker: 'Dr. Lee', text: 'Welcome.', line: 1 },
        { speaker: 'Sam', text: 'Hi.', line: 2 },
      ],
    };
    const transcript = assembleTranscript(raw, { path: '-', format: 'yaml', index: 0, count: 1, roles });
    expect(transcript.turns.map((t) => [t.speaker, t.role])).toEqual([
      ['Dr. Lee', 'therapist'],
      ['Sam', 'client'],
    ]);
  });

  test("the session's therapist: metadata names its therapist's label, below roles: and the command line", () => {
    const raw = (meta: Record<string, unknown>, hints?: RawTranscript['roles']): RawTranscript => ({
      meta,
      line: 1,
      ...(hints === undefined ? {} : { roles: hints }),
      turns: [
        { speaker: 'Client', text: 'Will it stop?', line: 1 },
        { speaker: 'Dr. Lee', text: 'It sounds frightening.', line: 2 },
      ],
    });
    const rolesOf = (transcript: RawTranscript, options = roles): string[] =>
      assembleTranscript(transcript, { path: '-', format: 'yaml', index: 0, count: 1, roles: options }).turns.map((t) => t.role);
    expect(rolesOf(raw({ therapist: 'dr. lee' }))).toEqual(['client', 'therapist']);
    expect(rolesOf(raw({ therapist: 'Someone Else' }))).toEqual(['client', 'other']);
    expect(rolesOf(raw({ therapist: 7 }))).toEqual(['client', 'other']);
    expect(rolesOf(raw({ therapist: 'Dr. Lee' }, { client: ['Dr. Lee'] }))).toEqual(['client', 'client']);
    expect(rolesOf(raw({ therapist: 'Dr. Lee' }), { therapist: [], client: ['Dr. Lee'] })).toEqual(['client', 'client']);
  });

  // A config `sessions:` entry's therapist reached the HTML trends only, not the roles.
  test("a config sessions entry's therapist names the label for its files, below the session's own therapist:", () => {
    const raw = (meta: Record<string, unknown>): RawTranscript => ({
      meta,
      line: 1,
      turns: [
        { speaker: 'Sam', text: 'Will it stop?', line: 1 },
        { speaker: 'Jane', text: 'It sounds frightening.', line: 2 },
      ],
    });
    const sessions = [{ under: 'lee', therapist: 'Nobody' }, { files: new Set(['lee/a.txt']), therapist: 'jane' }];
    const rolesOf = (transcript: RawTranscript, path: string, options: RoleOptions = { ...roles, sessions }): string[] =>
      assembleTranscript(transcript, { path, format: 'text', index: 0, count: 1, roles: options }).turns.map((t) => t.role);
    expect(rolesOf(raw({}), 'lee/a.txt')).toEqual(['client', 'therapist']);
    expect(rolesOf(raw({}), 'lee/b.txt')).toEqual(['other', 'other']);
    expect(rolesOf(raw({}), 'other/a.txt')).toEqual(['other', 'other']);
    expect(rolesOf(raw({ therapist: 'Sam' }), 'lee/a.txt')).toEqual(['therapist', 'client']);
    expect(rolesOf(raw({ therapist: ' ' }), 'lee/a.txt')).toEqual(['client', 'therapist']);
    expect(rolesOf(raw({}), 'lee/a.txt', { therapist: [], client: ['Jane'], sessions })).toEqual(['other', 'client']);
  });
});

describe('deriveSessionId', () => {
  test.each([
    { path: 'a/b/intake-03.yaml', index: 0, count: 1, expected: 'a/b/intake-03' },
    { path: 'a/b/intake-03.yaml', index: 0, count: 3, expected: 'a/b/intake-03' },
    { path: 'a/b/intake-03.yaml', index: 2, count: 3, expected: 'a/b/intake-03#3' },
    { path: 'notes', index: 0, count: 1, expected: 'notes' },
    { path: 'dir.v2/.hidden', index: 0, count: 1, expected: 'dir.v2/.hidden' },
    { path: '-', index: 1, count: 2, expected: '-#2' },
  ])('$path [$index/$count] → $expected', ({ path, index, count, expected }) => {
    expect(deriveSessionId(path, index, count)).toBe(expected);
  });
});
