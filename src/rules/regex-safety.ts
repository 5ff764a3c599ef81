import { createRequire } from 'node:module';
import type { RootNode } from 'regjsparser';

// The regex parser is loaded on the first pattern whose verdict is not known already (from the rule cache).
const require = createRequire(import.meta.url);
let parser: typeof import('regjsparser') | undefined;

/** Verdicts of `checkRegexSafety` reached so far, by flags and source; '' is "safe". */
const verdicts = new Map<string, string>();

/**
 * The verdicts reached so far, as plain data, for the rule cache to keep with the rule
 * files they were reached on (they depend only on the pattern and this code's version).
 */
export function exportSafetyVerdicts(): Record<string, string> {
  return Object.fromEntries(verdicts);
}

/** Verdicts kept by the rule cache, so that their patterns are not parsed again. */
export function importSafetyVerdicts(known: Record<string, string>): void {
  for (const [key, verdict] of Object.entries(known)) verdicts.set(key, verdict);
}

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

/**
 * Rejects a repeated group whose alternatives can begin with the same character (or be
 * empty), as in `(a|aa)*`, `(?:a|a)*` or `(?:\w|\d)*`: a text that does not match then
 * tries every way of splitting itself among the alternatives, which takes exponential
 * time. Decided on the first character of each alternative, over a sample alphabet (ASCII
 * and a few other scripts), so it can refuse a safe pattern (`(?:so|such)+`), never the
 * other way round for these shapes. Patterns that do not parse are left to `new RegExp`.
 */
export function findAmbiguousRepetition(source: string, flags: string): string | undefined {
  return checkRepetitions(source, flags) || undefined;
}

/**
 * Why a regex is refused (`findUnsafeQuantifier`, then `findAmbiguousRepetition`), or
 * undefined; remembered, so that a pattern whose verdict the rule cache kept is not
 * scanned or parsed again.
 */
export function checkRegexSafety(source: string, flags: string): string | undefined {
  const key = `${flags}/${source}`;
  const known = verdicts.get(key) ?? findUnsafeQuantifier(source) ?? checkRepetitions(source, flags);
  verdicts.set(key, known);
  return known === '' ? undefined : known;
}

function checkRepetitions(source: string, flags: string): string {
  parser ??= require('regjsparser') as typeof import('regjsparser');
  let root: RootNode<ParserFeatures>;
  try {
    root = parser.parse(source, flags, PARSER_FEATURES);
  } catch {
    return '';
  }
  return findInRepetitions(root, false, createSampleTester(flags)) ?? '';
}

/** The most times a group with overlapping alternatives may repeat. */
const MAX_SAFE_REPEAT = 3;

/** The syntax the rule regexes may use. */
const PARSER_FEATURES = { lookbehind: true, namedGroups: true, unicodePropertyEscape: true } as const;
type ParserFeatures = typeof PARSER_FEATURES;
type Node = RootNode<ParserFeatures>;

/** The characters a first-character set is computed over. */
const SAMPLE_ALPHABET = [
  ...Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)),
  '\t',
  '\n',
  '\u00a0',
  '\u00e9',
  '\u00df',
  '\u03a9',
  '\u0436',
  '\u4e2d',
  '\u0663',
  '\u2019',
  '\u{1F600}',
];

/** Which sample characters an atom (character, class, escape, dot) matches. */
type SampleTester = (atom: Node) => Set<string>;

/** What can start a match of a node, and whether it can match the empty string. */
interface FirstSet {
  chars: Set<string>;
  nullable: boolean;
}

function createSampleTester(flags: string): SampleTester {
  const atomFlags = [...new Set(flags.replace(/[gy]/g, ''))].join('');
  return (atom) => {
    const regex = new RegExp(`^(?:${atom.raw})$`, atomFlags);
    return new Set(SAMPLE_ALPHABET.filter((char) => regex.test(char)));
  };
}

/**
 * Looks inside every open-ended repetition (or one of more than MAX_SAFE_REPEAT times) for an
 * alternation whose branches overlap. A repetition of at most a few times, as in
 * `(?:\s(?:so|soon)){0,2}`, tries at most (branches)^MAX_SAFE_REPEAT splits: bounded, so
 * allowed.
 */
function findInRepetitions(node: Node, repeated: boolean, sample: SampleTester): string | undefined {
  if (repeated && node.type === 'disjunction' && branchesOverlap(node.body, sample)) {
    return `alternatives of a repeated group can match the same text (like "(a|aa)*"), which can take exponential time`;
  }
  const inside = repeated || (node.type === 'quantifier' && (node.max === undefined || node.max > MAX_SAFE_REPEAT));
  for (const child of childrenOf(node)) {
    const found = findInRepetitions(child, inside, sample);
    if (found !== undefined) return found;
  }
  return undefined;
}

function branchesOverlap(branches: readonly Node[], sample: SampleTester): boolean {
  const seen = new Set<string>();
  for (const branch of branches) {
    const first = firstSet(branch, sample);
    if (first.nullable) return true;
    for (const char of first.chars) {
      if (seen.has(char)) return true;
    }
    for (const char of first.chars) seen.add(char);
  }
  return false;
}

function firstSet(node: Node, sample: SampleTester): FirstSet {
  switch (node.type) {
    case 'value':
    case 'characterClass':
    case 'characterClassEscape':
    case 'unicodePropertyEscape':
    case 'dot':
      return { chars: sample(node), nullable: false };
    case 'anchor':
      return { chars: new Set(), nullable: true };
    case 'reference':
      return { chars: new Set(SAMPLE_ALPHABET), nullable: true };
    case 'group':
      return node.behavior === 'normal' || node.behavior === 'ignore' ? sequenceFirstSet(node.body, sample) : { chars: new Set(), nullable: true };
    case 'alternative':
      return sequenceFirstSet(node.body, sample);
    case 'disjunction': {
      const sets = node.body.map((branch) => firstSet(branch, sample));
      return { chars: new Set(sets.flatMap((set) => [...set.chars])), nullable: sets.some((set) => set.nullable) };
    }
    case 'quantifier': {
      const inner = firstSet(node.body[0], sample);
      return { chars: inner.chars, nullable: inner.nullable || node.min === 0 };
    }
  }
}

function sequenceFirstSet(nodes: readonly Node[], sample: SampleTester): FirstSet {
  const chars = new Set<string>();
  for (const node of nodes) {
    const first = firstSet(node, sample);
    for (const char of first.chars) chars.add(char);
    if (!first.nullable) return { chars, nullable: false };
  }
  return { chars, nullable: true };
}

function childrenOf(node: Node): readonly Node[] {
  switch (node.type) {
    case 'alternative':
    case 'disjunction':
    case 'group':
    case 'quantifier':
      return node.body;
    default:
      return [];
  }
}
