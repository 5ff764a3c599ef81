import { describe, expect, test } from 'vitest';
import { redactReport } from '../../src/report/redact.js';
import { buildReport } from '../fixtures/format/report.js';

describe('redactReport', () => {
  test('marks the report redacted and leaves the original untouched', () => {
    const report = buildReport();
    const redacted = redactReport(report);
    expect(redacted.redacted).toBe(true);
    expect(report.redacted).toBe(false);
    expect(report.sessions[0]?.findings[0]?.excerpt).not.toBe('');
  });

  test('replaces a warning or problem by its form without speaker names, keeping the others', () => {
    const report = {
      ...buildReport(),
      problems: [{ file: 'a.csv', line: 1, message: 'no rows after the header' }],
      warnings: [
        { file: 'b.txt', line: 1, message: 'no therapist turn found; speakers seen: Quill; use --therapist NAME', redactedMessage: 'no therapist turn found; 1 speaker seen (names left out by --redact); use --therapist NAME' },
      ],
    };
    const redacted = redactReport(report);
    expect({ problems: redacted.problems, warnings: redacted.warnings }).toEqual({
      problems: [{ file: 'a.csv', line: 1, message: 'no rows after the header' }],
      warnings: [{ file: 'b.txt', line: 1, message: 'no therapist turn found; 1 speaker seen (names left out by --redact); use --therapist NAME' }],
    });
  });

  test('replaces speaker labels by roles, numbered only when a role has several speakers', () => {
    const redacted = redactReport(buildReport());
    expect(redacted.sessions[1]?.speakers).toEqual([
      { speaker: 'therapist', role: 'therapist', turns: 7 },
      { speaker: 'client', role: 'client', turns: 6 },
      { speaker: 'other', role: 'other', turns: 1 },
    ]);
    const twoClients = buildReport();
    const session = twoClients.sessions[0];
    if (session === undefined) throw new Error('fixture has no session');
    session.speakers.push({ speaker: 'Marisol Aunt', role: 'client', turns: 1 });
    expect(redactReport(twoClients).sessions[0]?.speakers.map((s) => s.speaker)).toEqual([
      'therapist',
      'client 1',
      'client 2',
    ]);
  });

  test('empties match text and excerpt but keeps positions, in findings and suppressed findings', () => {
    const session = redactReport(buildReport()).sessions[0];
    expect(session?.findings[0]).toEqual({
      rule: 'false-hope',
      kind: 'pitfall',
      severity: 'error',
      scope: 'turn',
      session: 'intake-01',
      file: 'samples/intake-01.yaml',
      turn: 6,
      line: 13,
      speaker: 'therapist',
      match: { start: 0, end: 25, text: '', line: 13, column: 1 },
      excerpt: '',
      clientBefore: { turn: 5, excerpt: '' },
    });
    expect(session?.suppressed[0]?.finding.excerpt).toBe('');
    expect(session?.suppressed[0]?.reason).toBe('quoting a relative on purpose');
  });

  test('names therapists from the metadata therapist 1, therapist 2, … the same in every session', () => {
    const report = buildReport();
    const [first, second, third] = report.sessions;
    if (first === undefined || second === undefined || third === undefined) throw new Error('fixture has three sessions');
    second.therapist = 'Dr. Okonkwo';
    expect(redactReport(report).sessions.map((s) => s.therapist)).toEqual(['therapist 1', 'therapist 2', 'therapist 1']);
  });
});
