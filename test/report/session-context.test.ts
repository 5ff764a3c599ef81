import { describe, expect, test } from 'vitest';
import { addClientTurnBefore, checkSessionDate, describeSessionContext } from '../../src/report/session-context.js';
import type { Finding, Role, Transcript } from '../../src/types.js';

function transcript(roles: Role[], meta: Record<string, unknown> = {}): Transcript {
  return {
    id: 's',
    path: 's.yaml',
    format: 'yaml',
    meta,
    line: 1,
    turns: roles.map((role, i) => ({ index: i + 1, speaker: role, role, text: `words   of turn ${i + 1}`, line: i + 1 })),
  };
}

function finding(turn: number, scope: 'turn' | 'session' = 'turn'): Finding {
  return {
    rule: 'empathy', kind: 'technique', severity: 'info', scope, session: 's', file: 's.yaml', turn, line: turn,
    speaker: 'therapist', match: { start: 0, end: 1, text: 'w', line: turn, column: 1 }, excerpt: 'w',
  };
}

describe('describeSessionContext', () => {
  test.each([
    { meta: { therapist: ' Dr. Vell ', date: '2026-03-02' }, expected: { turnRoles: ['client', 'therapist'], therapist: 'Dr. Vell', date: '2026-03-02' } },
    { meta: { date: new Date('2026-03-02T00:00:00Z') }, expected: { turnRoles: ['client', 'therapist'], date: '2026-03-02' } },
    { meta: { therapist: 42, date: 'last Tuesday' }, expected: { turnRoles: ['client', 'therapist'] } },
    { meta: { date: '2026-02-30' }, expected: { turnRoles: ['client', 'therapist'] } },
    { meta: { date: '2026-03-02T10:00' }, expected: { turnRoles: ['client', 'therapist'] } },
  ])('reads $meta', ({ meta, expected }) => {
    expect(describeSessionContext(transcript(['client', 'therapist'], meta))).toEqual(expected);
  });
});

// A transcript's `date: 2026-02-30` went into the trends; `date: tomorrow` was left out without a word.
describe('checkSessionDate', () => {
  test.each([
    { date: '2024-02-29', message: undefined },
    { date: new Date('2026-03-02T00:00:00Z'), message: undefined },
    { date: null, message: undefined },
    { date: ' ', message: undefined },
    { date: '2025-02-29', message: 'date: got "2025-02-29", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
    { date: '2026-13-01', message: 'date: got "2026-13-01", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
    { date: 'tomorrow', message: 'date: got "tomorrow", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
    { date: 20260302, message: 'date: got 20260302, expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
    { date: ['2026-03-02'], message: 'date: got a list, expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
    { date: new Date(Number.NaN), message: 'date: got an invalid date, expected a date on the calendar (YYYY-MM-DD); the session is audited without a date' },
  ])('$date → $message', ({ date, message }) => {
    expect(checkSessionDate(transcript(['therapist'], { date }))?.message).toBe(message);
  });

  test('names the line of the date where the format gives it, else the session\'s; its redacted form leaves the value out', () => {
    const session = { ...transcript(['therapist'], { date: 'the day after Anna left' }), line: 3, metaLines: { date: 5 } };
    expect(checkSessionDate(session)).toEqual({
      file: 's.yaml',
      line: 5,
      message: 'date: got "the day after Anna left", expected a date on the calendar (YYYY-MM-DD); the session is audited without a date',
      redactedMessage: 'date: got a value left out by --redact, expected a date on the calendar (YYYY-MM-DD); the session is audited without a date',
      kind: 'invalid-date',
    });
    expect(checkSessionDate({ ...session, metaLines: {} })?.line).toBe(3);
  });
});

describe('addClientTurnBefore', () => {
  test('gives each turn finding the last client turn before it, flattened; none for session findings or an opening turn', () => {
    const session = transcript(['therapist', 'client', 'other', 'therapist', 'client', 'therapist']);
    const out = addClientTurnBefore([finding(1), finding(4), finding(6), finding(4, 'session')], session);
    expect(out.map((f) => f.clientBefore)).toEqual([undefined, { turn: 2, excerpt: 'words of turn 2' }, { turn: 5, excerpt: 'words of turn 5' }, undefined]);
  });
});
