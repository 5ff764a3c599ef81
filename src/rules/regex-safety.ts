/**
 * Rejects regular expressions that can backtrack catastrophically: a quantified group
 * that itself contains a quantifier (star height above one, as in `(a+)+` or `(\w*\s?)*`).
 * This is the check safe-regex uses; it refuses a few safe patterns, never lets through
 * the nested-quantifier shapes behind most ReDoS reports, and keeps matching linear enough
 * for transcript-sized texts.
 */
export function findUnsafeQuantifier(source: string): string | undefined {
  // For each open group: does it contain a quantifier?
  const stack: boolean[] = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source.charAt(i);
    if (char === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
    } else if (char === '(') {
      stack.push(false);
    } else if (char === ')') {
      const hadQuantifier = stack.pop() ?? false;
      const quantified = isQuantifierAt(source, i + 1);
      if (hadQuantifier && quantified) {
        return 'a repeated group contains another repetition (like "(a+)+"), which can take exponential time';
      }
      if (hadQuantifier || quantified) markEnclosing(stack);
    } else if (isQuantifierAt(source, i)) {
      if (char === '{') i = source.indexOf('}', i);
      markEnclosing(stack);
    }
  }
  return undefined;
}

function isQuantifierAt(source: string, index: number): boolean {
  const char = source.charAt(index);
  if (char === '*' || char === '+') return true;
  if (char === '{') return /^\{\d+(,\d*)?\}/.test(source.slice(index));
  return false;
}

function markEnclosing(stack: boolean[]): void {
  if (stack.length > 0) stack[stack.length - 1] = true;
}
