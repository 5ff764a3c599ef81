import { describe, expect, test } from 'vitest';
import { addClientTurnBefore, describeSessionContext } from '../../src/report/session-context.js';
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
  ])('reads $meta', ({ meta, expected }) => {
    expect(describeSessionContext(transcript(['client', 'therapist'], meta))).toEqual(expected);
  });
});

describe('addClientTurnBefore', () => {
  test('gives each turn finding the last client turn before it, flattened; none for session findings or an opening turn', () => {
    const session = transcript(['therapist', 'client', 'other', 'therapist', 'client', 'therapist']);
    const out = addClientTurnBefore([finding(1), finding(4), finding(6), finding(4, 'session')], session);
    expect(out.map((f) => f.clientBefore)).toEqual([undefined, { turn: 2, excerpt: 'words of turn 2' }, { turn: 5, excerpt: 'words of turn 5' }, undefined]);
  });
});
