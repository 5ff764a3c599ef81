import { describe, expect, test } from 'vitest';
import { createSessionMetaAssigner } from '../../src/report/session-meta.js';
import { buildReport } from '../fixtures/format/report.js';
import { resolveSessionEntries } from '../../src/config/session-files.js';
import type { SessionMeta } from '../../src/config/settings.js';

const assignerFor = async (entries: SessionMeta[], cwd: string) => createSessionMetaAssigner(await resolveSessionEntries(entries, cwd));

describe('createSessionMetaAssigner', () => {
  test('fills a missing therapist and date from the entries a session file matches, later entries winning; metadata wins', async () => {
    const report = buildReport();
    const assign = await assignerFor(
      [
        { files: 'samples', therapist: 'Supervisor pool', date: '2026-01-01' },
        { files: 'samples/follow up/', date: '2026-03-03' },
        { files: 'samples/closing-03.yaml', therapist: 'Not used: the transcript names one' },
      ],
      process.cwd(),
    );
    const out = { ...report, sessions: report.sessions.map(assign) };
    expect(out.sessions.map((s) => [s.id, s.therapist, s.date])).toEqual([
      ['intake-01', 'Dr. Quillfeather', '2026-01-05'],
      ['follow-up-02', 'Supervisor pool', '2026-03-03'],
      ['closing-03', 'Dr. Quillfeather', '2026-02-09'],
    ]);
  });

  test('a glob matches the files it expands to', async () => {
    const report = buildReport();
    const [session] = report.sessions;
    if (session === undefined) throw new Error('fixture has sessions');
    const sample = { ...report, sessions: [{ ...session, file: 'samples/grief.yaml', therapist: undefined, date: undefined }] };
    const assign = await assignerFor([{ files: 'samples/*.yaml', therapist: 'Dr. Vell' }, { files: 'samples/*.txt', date: '2026-02-02' }], process.cwd());
    const out = { ...sample, sessions: sample.sessions.map(assign) };
    expect(out.sessions.map((s) => [s.therapist, s.date])).toEqual([['Dr. Vell', undefined]]);
  });
});
