/**
 * The candidate a mistyped name most likely meant: the nearest by edit distance (insertions,
 * deletions, substitutions), when it is within a third of the name's length (at least one
 * edit); the first of equally near candidates; `undefined` when none is near or the name is one of them.
 */
export function findClosestName(name: string, candidates: readonly string[]): string | undefined {
  if (candidates.includes(name)) return undefined;
  const limit = Math.max(1, Math.floor(name.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = measureEditDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

/** Levenshtein distance, one row at a time. */
export function measureEditDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** `did you mean "false-hope"?` when one candidate is near the name, else `expected one of a, b, c`. */
export function describeExpected(name: string, candidates: readonly string[]): string {
  return wordExpected(findClosestName(name, candidates), candidates);
}

/**
 * As {@link describeExpected}, for a value typed from a short list of choices (`--fail-on`,
 * `--format`): a value that only one choice begins with (`warn`) means that choice too.
 */
export function describeExpectedChoice(value: string, choices: readonly string[]): string {
  return wordExpected(findClosestName(value, choices) ?? findOnlyPrefixed(value, choices), choices);
}

function findOnlyPrefixed(value: string, choices: readonly string[]): string | undefined {
  if (value === '' || choices.includes(value)) return undefined;
  const prefixed = choices.filter((choice) => choice.toLowerCase().startsWith(value.toLowerCase()));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** ` (did you mean "false-hope"?)` when one candidate is near the name, else nothing: to end a message. */
export function describeGuess(name: string, candidates: readonly string[]): string {
  const closest = findClosestName(name, candidates);
  return closest === undefined ? '' : ` (did you mean "${closest}"?)`;
}

function wordExpected(closest: string | undefined, candidates: readonly string[]): string {
  return closest === undefined ? `expected one of ${candidates.join(', ')}` : `did you mean "${closest}"?`;
}
