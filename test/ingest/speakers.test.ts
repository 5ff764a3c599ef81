import { describe, expect, test } from 'vitest';
import { assignRoles, defaultRole, listSpeakers, normalizeSpeaker } from '../../src/ingest/speakers.js';
import type { Transcript } from '../../src/types.js';

describe('normalizeSpeaker', () => {
  test.each([
    ['Therapist', 'therapist'],
    ['  COUNSELOR: ', 'counselor'],
    ['Dr. Lee', 'dr. lee'],
    ['Therapist (00:01:02)', 'therapist'],
    ['[00:01] Jane   Smith', 'jane smith'],
  ])('%s → %s', (label, expected) => {
    expect(normalizeSpeaker(label)).toBe(expected);
  });
});

describe('defaultRole', () => {
  test.each([
    ['Therapist', 'therapist'],
    ['counsellor', 'therapist'],
    ['Psychotherapist.', 'therapist'],
    ['T', 'therapist'],
    ['Th', 'therapist'],
    ['Interviewer 2', 'therapist'],
    ['Client', 'client'],
    ['PATIENT', 'client'],
    ['help-seeker', 'client'],
    ['C', 'client'],
    ['P', 'client'],
    ['user', 'client'],
    ['Client 2', 'client'],
    ['Dr. Lee', 'other'],
    ['Dr', 'other'],
    ['Speaker 1', 'other'],
    ['Mum', 'other'],
  ] as const)('%s → %s', (label, role) => {
    expect(defaultRole(label)).toBe(role);
  });
});

describe('assignRoles', () => {
  test.each([
    {
      name: 'defaults only',
      speakers: ['Therapist', 'Client', 'Dr. Lee'],
      options: { therapist: [], client: [] },
      hints: {},
      expected: { Therapist: 'therapist', Client: 'client', 'Dr. Lee': 'other' },
    },
    {
      name: 'a named therapist makes the single other speaker the client',
      speakers: ['Dr. Lee', 'Sam'],
      options: { therapist: ['dr. lee'], client: [] },
      hints: {},
      expected: { 'Dr. Lee': 'therapist', Sam: 'client' },
    },
    {
      name: 'a named therapist with several others: defaults, then other',
      speakers: ['Dr. Lee', 'Client', 'Mum'],
      options: { therapist: ['Dr. Lee'], client: [] },
      hints: {},
      expected: { 'Dr. Lee': 'therapist', Client: 'client', Mum: 'other' },
    },
    {
      name: 'file hints name the roles',
      speakers: ['Speaker 1', 'Speaker 2'],
      options: { therapist: [], client: [] },
      hints: { therapist: ['Speaker 2'] },
      expected: { 'Speaker 1': 'client', 'Speaker 2': 'therapist' },
    },
    {
      name: 'the command line wins over file hints and defaults',
      speakers: ['Therapist', 'Client'],
      options: { therapist: ['Client'], client: ['Therapist'] },
      hints: { therapist: ['Therapist'] },
      expected: { Therapist: 'client', Client: 'therapist' },
    },
    {
      name: 'a therapist name that is not in the session changes nothing',
      speakers: ['Speaker 1', 'Speaker 2'],
      options: { therapist: ['Alex'], client: [] },
      hints: {},
      expected: { 'Speaker 1': 'other', 'Speaker 2': 'other' },
    },
  ])('$name', ({ speakers, options, hints, expected }) => {
    expect(Object.fromEntries(assignRoles(speakers, options, hints))).toEqual(expected);
  });
});

test('listSpeakers counts turns in order of first appearance', () => {
  const turn = (index: number, speaker: string, role: 'therapist' | 'client') => ({ index, speaker, role, text: 'x', line: index });
  const transcript: Transcript = {
    id: 's',
    path: 's.txt',
    format: 'text',
    meta: {},
    line: 1,
    turns: [turn(1, 'Client', 'client'), turn(2, 'Therapist', 'therapist'), turn(3, 'Client', 'client')],
  };
  expect(listSpeakers(transcript)).toEqual([
    { speaker: 'Client', role: 'client', turns: 2 },
    { speaker: 'Therapist', role: 'therapist', turns: 1 },
  ]);
});
