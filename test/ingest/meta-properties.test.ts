/**
 * Transcript metadata with keys that name Object's own properties (`__proto__`,
 * `constructor`, `toString`, …) beside `therapist` and `date`, as YAML and as JSON: whatever
 * the keys and values, the session's therapist and date come from its own `therapist:` and
 * `date:` keys alone, and every key is kept as written. Seeded and few runs here;
 * `npm run fuzz -- --runs 2000` draws more.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseJsonTranscript } from '../../src/ingest/parse-json.js';
import { parseYamlTranscript } from '../../src/ingest/parse-yaml.js';
import { describeSessionContext } from '../../src/report/session-context.js';
import type { Transcript } from '../../src/types.js';
import { propertyRuns, propertySeed } from '../helpers/mutate.js';

const KEYS = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'therapist', 'date', 'client', 'note'];
const SCALARS = ['Dr. Lee', 'Mallory', '2026-03-02', '2020-01-01', '', 'x'];

const valueArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...SCALARS),
  fc.integer({ min: 0, max: 9 }),
  fc.record({ therapist: fc.constantFrom(...SCALARS), date: fc.constantFrom(...SCALARS) }),
);
const metaArbitrary = fc.uniqueArray(fc.tuple(fc.constantFrom(...KEYS), valueArbitrary), { selector: ([key]) => key, maxLength: 6 });

function toTranscript(meta: Record<string, unknown>): Transcript {
  return { id: 's', path: 's.yaml', format: 'yaml', meta, turns: [], line: 1 };
}

describe('transcript metadata keys', () => {
  test.each([
    // JSON.stringify of an object built key by key: `__proto__` has to be an own key there too.
    { name: 'JSON', write: (pairs: [string, unknown][]) => JSON.stringify(Object.fromEntries([...pairs, ['turns', []]])), parse: parseJsonTranscript },
    { name: 'YAML', write: (pairs: [string, unknown][]) => [...pairs.map(([key, value]) => `${key}: ${JSON.stringify(value)}`), 'turns: []', ''].join('\n'), parse: parseYamlTranscript },
  ])('$name: kept as written, and only `therapist` and `date` say who and when', ({ write, parse }) => {
    fc.assert(
      fc.property(metaArbitrary, (pairs) => {
        const result = parse(write(pairs));
        if (!result.ok) throw new Error(result.error.message);
        const meta = result.transcripts[0]?.meta ?? {};
        expect(Object.entries(meta)).toEqual(pairs);
        const own = new Map(pairs);
        const therapist = own.get('therapist');
        const date = own.get('date');
        const context = describeSessionContext(toTranscript(meta));
        expect(context.therapist).toBe(typeof therapist === 'string' && therapist.trim() !== '' ? therapist.trim() : undefined);
        expect(context.date).toBe(typeof date === 'string' && /^\d{4}-\d{2}-\d{2}/.test(date) ? date : undefined);
      }),
      { numRuns: propertyRuns(100), seed: propertySeed() },
    );
  });
});
