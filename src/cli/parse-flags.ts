import { ReassureError } from '../errors.js';
import { FAIL_LEVELS, type FailLevel } from '../types.js';
import type { OutputStream } from './main.js';

/** `--fail-on` value, checked. */
export function parseFailLevel(value: string): FailLevel {
  if ((FAIL_LEVELS as readonly string[]).includes(value)) return value as FailLevel;
  throw new ReassureError(`--fail-on: got "${value}", expected one of ${FAIL_LEVELS.join(', ')}`);
}

/** A whole number of zero or more, for a flag. */
export function parseCount(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new ReassureError(`${flag}: got "${value}", expected a whole number`);
  return Number(value);
}

/**
 * Colour only on a terminal and never with NO_COLOR; `--color` / `--no-color` decide
 * when given (`FORCE_COLOR` too, as other tools honour it).
 */
export function resolveColor(flag: boolean | undefined, stream: OutputStream, env: Record<string, string | undefined>): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}
