import { describeExpectedChoice } from '../closest-name.js';
import { ReassureError } from '../errors.js';
import { normalizeSpeaker } from '../ingest/speakers.js';
import { FAIL_LEVELS, type FailLevel } from '../types.js';
import type { OutputStream } from './main.js';

/** `--fail-on` value, checked. */
export function parseFailLevel(value: string): FailLevel {
  if ((FAIL_LEVELS as readonly string[]).includes(value)) return value as FailLevel;
  throw new ReassureError(`--fail-on: got "${value}", ${describeExpectedChoice(value, FAIL_LEVELS)}`);
}

// A number as a person types it: digits, with a decimal point if any (`1`, `0.7`, `.7`).
// Number() would also take `0x1`, `0b1`, `0o1`, `1e3`, `Infinity`, "" and spaces.
const DECIMAL_NUMBER = /^(?:\d+\.?\d*|\.\d+)$/;
const WHOLE_NUMBER = /^\d+$/;

/** The numbers a flag takes; `expected` words them for its error, e.g. "a number from 0 to 1". */
export interface NumberRange {
  expected: string;
  /** Whole numbers only. */
  whole?: boolean;
  min?: number;
  max?: number;
}

/**
 * The number given to a flag, written as a plain decimal and within `range`; anything else
 * is one line naming the flag, the value and what it takes.
 */
export function parseNumberFlag(value: string, flag: string, range: NumberRange): number {
  const { min = 0, max = Number.POSITIVE_INFINITY } = range;
  const number = (range.whole === true ? WHOLE_NUMBER : DECIMAL_NUMBER).test(value) ? Number(value) : Number.NaN;
  // Digits past the largest double read as Infinity, which no limit means.
  if (!(number >= min && number <= max && Number.isFinite(number))) throw new ReassureError(`${flag}: got "${value}", expected ${range.expected}`);
  return number;
}

/** A whole number of zero or more, for a flag. */
export function parseCount(value: string, flag: string): number {
  return parseNumberFlag(value, flag, { whole: true, expected: 'a whole number' });
}

/** `--ignore` globs, checked: an empty one would reach the glob library, which throws. */
export function parseIgnoreGlobs(globs: readonly string[]): string[] {
  const empty = globs.find((glob) => glob.trim() === '');
  if (empty !== undefined) throw new ReassureError(`--ignore: got "${empty}", expected a glob`);
  return [...globs];
}

/**
 * `--therapist` / `--client` labels, checked as the config's `roles` are: none blank, none
 * in both roles, and none that looks like a flag (commander takes the word after `-t` as its
 * value, even `--format`).
 */
export function parseRoleFlags(therapist: readonly string[], client: readonly string[]): { therapist: string[]; client: string[] } {
  for (const label of therapist) checkSpeakerLabel(label, '--therapist');
  for (const label of client) checkSpeakerLabel(label, '--client');
  const therapists = new Set(therapist.map(normalizeSpeaker));
  const both = client.find((label) => therapists.has(normalizeSpeaker(label)));
  if (both !== undefined) throw new ReassureError(`--client: "${both}" is also a therapist label; give each label one role`);
  return { therapist: [...therapist], client: [...client] };
}

function checkSpeakerLabel(label: string, flag: string): void {
  if (label.trim() === '') throw new ReassureError(`${flag}: got "${label}", expected a speaker label`);
  if (/^--?[a-z]/i.test(label)) throw new ReassureError(`${flag}: got "${label}", expected a speaker label (a value missing before it?)`);
}

/**
 * Colour only on a terminal and never with NO_COLOR; `--color` / `--no-color` decide
 * when given, and so does `FORCE_COLOR` as other tools read it (`0` or `false`: none; any
 * other value: colour).
 */
export function resolveColor(flag: boolean | undefined, stream: OutputStream, env: Record<string, string | undefined>): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return stream.isTTY === true;
}
