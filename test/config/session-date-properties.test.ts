/**
 * A config `sessions:` entry's `date` drawn as any four, two and two digits: the config loads
 * exactly when the date is on the calendar (months 1–12, the month's days, 29 February in
 * leap years only), and is otherwise one problem at the date's line and column. Seeded and
 * few runs here; `npm run fuzz -- --runs 2000` draws more.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfigFile } from '../../src/config/load-config.js';
import { propertyRuns, propertySeed } from '../helpers/mutate.js';

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-session-dates-'));
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

// Worked out by the Gregorian rule, not by Date, which the loader uses.
function isOnCalendar(year: number, month: number, day: number): boolean {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

describe('config sessions dates', () => {
  test('load exactly when on the calendar, else one problem at the date', () => {
    const pad = (n: number, width: number): string => String(n).padStart(width, '0');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), (year, month, day) => {
        const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        writeFileSync(path.join(dir, 'c.yaml'), `sessions:\n  - files: a.txt\n    date: ${date}\n`);
        const result = loadConfigFile(path.join(dir, 'c.yaml'), dir);
        const problems = result.ok ? [] : result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
        expect(problems).toEqual(isOnCalendar(year, month, day) ? [] : [`3:11: sessions[0].date: got "${date}", expected a date on the calendar (YYYY-MM-DD)`]);
      }),
      { numRuns: propertyRuns(200), seed: propertySeed() },
    );
  });
});
