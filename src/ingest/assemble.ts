import { findSessionMeta } from '../config/session-files.js';
import type { Suppression, Transcript, Turn } from '../types.js';
import type { RawTranscript, RawTurn, RoleHints } from './parser.js';
import { joinSegmented, materializeSegments } from './segments.js';
import { assignRoles, normalizeSpeaker, type RoleOptions } from './speakers.js';

/** Where a raw transcript came from, and the role names the user gave. */
export interface AssembleContext {
  /** Relative path for display, forward slashes (`-` for stdin). */
  path: string;
  format: string;
  /** 0-based index of the session among the file's sessions. */
  index: number;
  /** How many sessions the file holds. */
  count: number;
  roles: RoleOptions;
}

/**
 * Turns a parser's raw session into the `Transcript` the engine sees: turns without text
 * (`Client:` alone, an empty cue) are dropped, consecutive turns of one speaker become one
 * turn (texts joined with a single space, segments shifted, labels and suppressions united,
 * line and the first time given), turns are numbered from 1, roles assigned, and the id
 * taken from the file or derived from the path.
 */
export function assembleTranscript(raw: RawTranscript, ctx: AssembleContext): Transcript {
  // An empty turn between two turns would hide which client turn came before a therapist turn.
  const merged = mergeSameSpeaker(raw.turns.filter((turn) => turn.text !== ''));
  const roles = assignRoles(
    [...new Set(merged.map((turn) => turn.speaker))],
    ctx.roles,
    readRoleHints(raw, findSessionMeta(ctx.roles.sessions ?? [], ctx.path).therapist),
  );
  const turns = merged.map((turn, i): Turn => ({ index: i + 1, ...turn, role: roles.get(turn.speaker) ?? 'other' }));
  const transcript: Transcript = {
    id: raw.id ?? deriveSessionId(ctx.path, ctx.index, ctx.count),
    path: ctx.path,
    format: ctx.format,
    meta: raw.meta,
    turns,
    line: raw.line,
  };
  if (raw.metaLines !== undefined) transcript.metaLines = raw.metaLines;
  if (raw.labels !== undefined) transcript.labels = raw.labels;
  return transcript;
}

/**
 * The file's role hints: its `roles:`, and its `therapist:` metadata (else the therapist a
 * config `sessions` entry names for the file) as one more therapist label (`therapist: Dr.
 * Lee` with turns by `Dr. Lee`), unless `roles:` makes that a client.
 */
function readRoleHints(raw: RawTranscript, configured: string | undefined): RoleHints | undefined {
  const own = raw.meta.therapist;
  const named = typeof own === 'string' && own.trim() !== '' ? own : configured;
  if (named === undefined || named.trim() === '') return raw.roles;
  const clients = new Set((raw.roles?.client ?? []).map(normalizeSpeaker));
  if (clients.has(normalizeSpeaker(named))) return raw.roles;
  return { ...raw.roles, therapist: [...(raw.roles?.therapist ?? []), named] };
}

/** The id of a session without one: the path without extension, `#2`… after the first of several. */
export function deriveSessionId(path: string, index: number, count: number): string {
  const base = path.replace(/(?<=[^/])\.[^./]*$/, '');
  return count > 1 && index > 0 ? `${base}#${index + 1}` : base;
}

/** Merges runs of turns by the same speaker label. */
export function mergeSameSpeaker(turns: readonly RawTurn[]): RawTurn[] {
  const merged: RawTurn[] = [];
  for (const turn of turns) {
    const last = merged.at(-1);
    if (last !== undefined && last.speaker === turn.speaker) merged[merged.length - 1] = mergeTurns(last, turn);
    else merged.push(normalizeTurn(turn));
  }
  return merged;
}

function normalizeTurn(turn: RawTurn): RawTurn {
  return { ...turn, segments: materializeSegments(turn.segments, turn.line) };
}

function mergeTurns(first: RawTurn, second: RawTurn): RawTurn {
  const joined = joinSegmented([
    { text: first.text, segments: materializeSegments(first.segments, first.line) },
    { text: second.text, segments: materializeSegments(second.segments, second.line) },
  ]);
  const turn: RawTurn = { ...first, text: joined.text, segments: joined.segments };
  const labels = unite(first.labels, second.labels, (label) => label);
  if (labels !== undefined) turn.labels = labels;
  const ignore = unite(first.ignore, second.ignore, (s: Suppression) => `${s.rule}\u0000${s.reason ?? ''}`);
  if (ignore !== undefined) turn.ignore = ignore;
  if (first.time === undefined && second.time !== undefined) turn.time = second.time;
  if (second.extra !== undefined) turn.extra = { ...second.extra, ...first.extra };
  return turn;
}

function unite<T>(a: readonly T[] | undefined, b: readonly T[] | undefined, key: (item: T) => string): T[] | undefined {
  if (a === undefined && b === undefined) return undefined;
  const byKey = new Map<string, T>();
  for (const item of [...(a ?? []), ...(b ?? [])]) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}
