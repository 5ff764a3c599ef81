/**
 * Reports whose sessions share ids, across files and within one file, with files renamed
 * between the two: however each report lists its sessions (a file's own sessions kept in
 * their order), `compareReports` pairs them the same way. Seeded and few runs here;
 * `npm run fuzz -- --runs 2000` draws more.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compareReports, type DiffInput } from '../../src/diff/compare.js';
import type { JsonFinding } from '../../src/format/json.js';
import { propertyRuns, propertySeed } from '../helpers/mutate.js';

type Session = DiffInput['sessions'][number];

const RULES: DiffInput['rules'] = [{ id: 'empathy', kind: 'technique', name: 'Providing empathy' }];

function finding(excerpt: string): JsonFinding {
  return { rule: 'empathy', kind: 'technique', severity: 'info', scope: 'turn', turn: 1, line: 1, speaker: 'Therapist', match: { start: 0, end: excerpt.length, text: excerpt, line: 1, column: 1 }, excerpt };
}

function report(file: string, sessions: Session[]): DiffInput {
  return { file, tool: { name: 'reassure', version: '0.1.0' }, rules: RULES, sessions, failLevel: 'warning', redacted: false };
}

// The sessions reordered by `keys`, each file's sessions of one id kept in their order.
function relist(sessions: readonly Session[], keys: readonly number[]): Session[] {
  const order = sessions.map((_, i) => i).sort((a, b) => (keys[a] ?? 0) - (keys[b] ?? 0) || a - b);
  const listed: Session[] = [];
  const groups = new Map<string, Session[]>();
  for (const session of sessions) groups.set(`${session.id}\u0000${session.file}`, [...(groups.get(`${session.id}\u0000${session.file}`) ?? []), session]);
  for (const index of order) {
    const session = sessions[index];
    if (session !== undefined) listed.push(groups.get(`${session.id}\u0000${session.file}`)?.shift() ?? session);
  }
  return listed;
}

const sessionsArbitrary = fc.array(fc.record({ id: fc.constantFrom('a', 'b'), file: fc.constantFrom('x.yaml', 'y.yaml', 'z.yaml'), words: fc.constantFrom('one', 'two', 'three') }), { minLength: 1, maxLength: 6 });

describe('compareReports pairing', () => {
  test('does not depend on the order the reports list their sessions in', () => {
    fc.assert(
      fc.property(sessionsArbitrary, sessionsArbitrary, fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), fc.array(fc.nat(), { minLength: 6, maxLength: 6 }), (old, after, oldKeys, newKeys) => {
        const toSessions = (drawn: typeof old): Session[] => drawn.map(({ id, file, words }) => ({ id, file, findings: [finding(words)] }));
        const view = (before: Session[], later: Session[]): string[] =>
          compareReports(report('old.json', before), report('new.json', later))
            .sessions.map((session) => JSON.stringify([session.id, session.file, session.status, session.rules.map((rule) => [rule.unchanged, rule.added.length, rule.resolved.length])]))
            .sort();
        const [before, later] = [toSessions(old), toSessions(after)];
        expect(view(relist(before, oldKeys), relist(later, newKeys))).toEqual(view(before, later));
      }),
      { numRuns: propertyRuns(300), seed: propertySeed() },
    );
  });
});
