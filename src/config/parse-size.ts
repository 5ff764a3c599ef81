import { ReassureError } from '../errors.js';

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, m: 1024 ** 2, mb: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3 };

/** A size such as `512k`, `10MB` or `2000000`, in bytes. */
export function parseSize(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(value.trim());
  const unit = SIZE_UNITS[match?.[2]?.toLowerCase() ?? 'x'];
  // Under one byte (`0.5`) was a limit of 0 bytes, and 400 digits one of Infinity.
  const bytes = match && unit !== undefined ? Math.floor(Number(match[1]) * unit) : Number.NaN;
  if (!(bytes >= 1 && Number.isFinite(bytes))) {
    throw new ReassureError(`${flag}: got "${value}", expected a size such as 512k, 10MB or 2000000`);
  }
  return bytes;
}

/**
 * A size as a user would write it in the config and `parseSize` reads back to the same
 * bytes: `10MB`, `1.5MB`, `512KB` (units of 1024, a tenth at most), else the bytes (`2000000`).
 */
export function writeSize(bytes: number): string {
  for (const unit of ['GB', 'MB', 'KB'] as const) {
    const tenths = (bytes * 10) / (SIZE_UNITS[unit.toLowerCase()] ?? 1);
    if (tenths >= 10 && Number.isInteger(tenths)) return `${tenths / 10}${unit}`;
  }
  return String(bytes);
}

/** `512 bytes`, `3.0 KiB`, `12.0 MiB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
