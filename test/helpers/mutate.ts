/**
 * Seeded mutations of valid inputs for the property tests of rule files, config files and
 * reports: fast-check draws which place of a JSON-like value changes and how (a key
 * dropped, a value of the wrong type, a list item repeated, a value nested deeper, a key
 * added), so each run starts from something `reassure` accepts and breaks one thing.
 */
import fc from 'fast-check';

/** One change to one place of a value. */
export interface Mutation {
  kind: 'delete' | 'replace' | 'wrap' | 'duplicate' | 'add';
  /** Which place (taken modulo the number of places). */
  pick: number;
  /** The new value (`replace`, `add`). */
  value: unknown;
  /** The key `add` writes. */
  key: string;
}

/** Values of every JSON type and the strings and numbers that break readers. */
export const AWKWARD_VALUES: readonly unknown[] = [
  null, '', ' ', 'NaN', '.nan', -1, 0, 1.5, 1e308, 2 ** 53 + 1, true, false, [], {}, [[[[]]]], { a: { b: { c: {} } } },
  'é😀', 'a\u0000b', 'a\nb', '\u001b[31m', '\r', '\u202e', 'x'.repeat(2000), '{', '(a+)+', '{@nope}', '*', '..', '/', '__proto__', 'constructor',
];

/** Draws one mutation: values from `values`, added keys from `keys`. */
export function mutationArbitrary(values: fc.Arbitrary<unknown>, keys: readonly string[]): fc.Arbitrary<Mutation> {
  return fc.record({
    kind: fc.constantFrom<Mutation['kind']>('delete', 'replace', 'replace', 'wrap', 'duplicate', 'add'),
    pick: fc.nat(),
    value: values,
    key: fc.constantFrom(...keys),
  });
}

/** An awkward value, or a short random string or number. */
export const awkwardValue: fc.Arbitrary<unknown> = fc.oneof(fc.constantFrom(...AWKWARD_VALUES), fc.string({ maxLength: 6 }), fc.integer(), fc.double());

/** A copy of `base` with the mutations applied in order. */
export function applyMutations(base: unknown, mutations: readonly Mutation[]): unknown {
  let root: unknown = structuredClone(base);
  for (const mutation of mutations) {
    const places = listPlaces(root);
    const place = places[mutation.pick % places.length] ?? [];
    if (place.length === 0) {
      if (mutation.kind === 'replace') root = mutation.value;
      continue;
    }
    const parent = valueAt(root, place.slice(0, -1));
    const key = place.at(-1) as string | number;
    if (typeof parent !== 'object' || parent === null) continue;
    const holder = parent as Record<string | number, unknown>;
    if (mutation.kind === 'delete') {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else Reflect.deleteProperty(holder, key);
    } else if (mutation.kind === 'replace') holder[key] = mutation.value;
    else if (mutation.kind === 'wrap') holder[key] = [holder[key]];
    else if (mutation.kind === 'duplicate' && Array.isArray(parent)) parent.push(structuredClone(parent[key as number]));
    else if (mutation.kind === 'add' && !Array.isArray(parent)) holder[mutation.key] = mutation.value;
  }
  return root;
}

// Every path into a value, the root's (empty) first.
function listPlaces(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const places = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => places.push(...listPlaces(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) places.push(...listPlaces(item, [...prefix, key]));
  return places;
}

function valueAt(value: unknown, place: readonly (string | number)[]): unknown {
  return place.reduce<unknown>((current, key) => (typeof current === 'object' && current !== null ? (current as Record<string | number, unknown>)[key] : undefined), value);
}

/** How many runs each property makes: few in `npm test`, more for `npm run fuzz`. */
export function propertyRuns(fewest: number): number {
  const asked = Number(process.env.REASSURE_FUZZ_RUNS);
  return Number.isInteger(asked) && asked > 0 ? asked : fewest;
}

/** A property test's time limit: two minutes, or more for a longer sweep (`npm run fuzz`). */
export function propertyTimeout(): number {
  return Math.max(120_000, propertyRuns(0) * 400);
}

/** The seed of every property run: fixed, so a failure repeats; `npm run fuzz -- --seed N` draws others. */
export function propertySeed(): number {
  const asked = Number(process.env.REASSURE_FUZZ_SEED);
  return Number.isInteger(asked) ? asked : 20261202;
}

/** A line that shows a stack trace or an internal error: never in what a user sees. */
export const STACK_TRACE = /internal error|\n\s+at /;
