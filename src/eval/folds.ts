import { createHash } from 'node:crypto';
import type { Transcript } from '../types.js';

/** A fold of a K-fold split by transcript: `index` counts from 0 to `of - 1`. */
export interface FoldChoice {
  index: number;
  of: number;
}

/**
 * The fold a session falls in: the first 32 bits of the SHA-256 of its id, modulo the number
 * of folds. Stable across runs, machines and file orders; it depends on the id alone.
 */
export function foldOfSession(sessionId: string, folds: number): number {
  const digest = createHash('sha256').update(sessionId, 'utf8').digest();
  return digest.readUInt32BE(0) % folds;
}

/**
 * Reads `K/N` (fold K of N, counting from 0). Returns undefined for anything else, so the
 * caller words the error.
 */
export function parseFoldChoice(value: string): FoldChoice | undefined {
  const match = /^(\d{1,3})\/(\d{1,3})$/.exec(value.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const of = Number(match[2]);
  return of >= 2 && index < of ? { index, of } : undefined;
}

/** Keeps the transcripts in the chosen fold, or (with `except`) all the others. */
export function selectFold(transcripts: Transcript[], choice: FoldChoice, except: boolean): Transcript[] {
  return transcripts.filter((transcript) => (foldOfSession(transcript.id, choice.of) === choice.index) !== except);
}
