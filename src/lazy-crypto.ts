/**
 * Node's crypto module, loaded on first use: a warm start finds its caches by the size and
 * time of the files they were made from and hashes nothing, and loading the module costs
 * more than most of what such a start does.
 */
import { createRequire } from 'node:module';

type Crypto = typeof import('node:crypto');

const require = createRequire(import.meta.url);
let crypto: Crypto | undefined;

function requireCrypto(): Crypto {
  crypto ??= require('node:crypto') as Crypto;
  return crypto;
}

/** The SHA-256 (hex) of the parts, one after the other. */
export function sha256(...parts: (string | Uint8Array)[]): string {
  const hash = requireCrypto().createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** A random UUID, for names of temporary files. */
export function randomId(): string {
  return requireCrypto().randomUUID();
}
