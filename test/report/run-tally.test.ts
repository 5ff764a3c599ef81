import { describe, expect, test } from 'vitest';
import { failsGates, type Gates } from '../../src/report/gate.js';
import { buildRunReport } from '../../src/report/run-report.js';
import { createRunTally, failsTally, tallySession } from '../../src/report/run-tally.js';
import type { FailLevel } from '../../src/types.js';
import { buildReport } from '../fixtures/format/report.js';

describe('run tally', () => {
  test('sums the totals buildRunReport sums', () => {
    const report = buildReport();
    const tally = createRunTally(report.rules);
    for (const session of report.sessions) tallySession(tally, session, report.rules, report.failLevel);
    const whole = buildRunReport({ rules: report.rules, sessions: report.sessions, problems: [], warnings: [], failLevel: report.failLevel });
    expect(tally.totals).toEqual(whole.totals);
  });

  test.each<[FailLevel, Gates]>([
    ['warning', {}],
    ['error', {}],
    ['never', {}],
    ['never', { maxPitfalls: 0 }],
    ['never', { maxPitfalls: 100 }],
    ['never', { strict: true }],
  ])('fail level %s, gates %j: the verdict failsGates gives', (failLevel, gates) => {
    const report = buildReport({ failLevel });
    const tally = createRunTally(report.rules);
    for (const session of report.sessions) tallySession(tally, session, report.rules, failLevel);
    expect(failsTally(tally, gates)).toBe(failsGates(report, gates));
  });
});
