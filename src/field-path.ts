/** One step of a field path: a mapping's key, or a list's index. */
export type FieldPathSegment = string | number;

// Keys as rule ids, config keys and cue names are written: no space, dot, bracket or quote.
const PLAIN_KEY = /^[\p{L}\p{N}_-]+$/u;

/**
 * Where a value is in a rule, config or report file, as problems name it: `rules[3].match`,
 * `severity.false-hope`. A key that would read ambiguously there (a space at either end, a
 * dot, a bracket, a quote, nothing at all) is quoted as a JSON string: `rules[0]." id"`.
 */
export function formatFieldPath(segments: readonly FieldPathSegment[]): string {
  return segments.reduce<string>(appendFieldPath, '');
}

/** `path` one step deeper: `[index]`, or `.key` (the key alone at the top). */
export function appendFieldPath(path: string, segment: FieldPathSegment): string {
  if (typeof segment === 'number') return `${path}[${segment}]`;
  const key = PLAIN_KEY.test(segment) ? segment : JSON.stringify(segment);
  return path === '' ? key : `${path}.${key}`;
}
