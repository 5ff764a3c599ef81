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

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** A size such as `512k`, `10MB` or `2000000`, in bytes. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  if (!match || unit === undefined || Number(match[1]) <= 0) {
    throw new ReassureError(`${flag}: got "${value}", expected a size such as 512k, 10MB or 2000000`);
  }
  return Math.floor(Number(match[1]) * unit);
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
