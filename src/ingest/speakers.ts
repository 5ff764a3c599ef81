import type { ResolvedSessionEntry } from '../config/session-files.js';
import type { Role, SpeakerSummary, Transcript } from '../types.js';
import type { RoleHints } from './parser.js';
import { TIMESTAMP_SOURCE } from './parse-text.js';

/** Speaker names given on the command line (`--therapist NAME`, `--client NAME`) or in the config. */
export interface RoleOptions {
  therapist: readonly string[];
  client: readonly string[];
  /**
   * The config's `sessions` entries: the therapist one names is a role hint for the
   * sessions of its files that name no therapist of their own, as their `therapist:` would be.
   */
  sessions?: readonly ResolvedSessionEntry[];
}

/** No names given: roles come from the file's hints and the default labels only. */
export const NO_ROLE_OPTIONS: RoleOptions = Object.freeze({ therapist: Object.freeze([]), client: Object.freeze([]) });

const DEFAULT_ROLES: ReadonlyMap<string, Role> = new Map<string, Role>([
  ...[
    'therapist',
    'counselor',
    'counsellor',
    'clinician',
    'psychologist',
    'psychotherapist',
    'provider',
    'supporter',
    'helper',
    'interviewer',
    't',
    'th',
  ].map((name): [string, Role] => [name, 'therapist']),
  ...['client', 'patient', 'seeker', 'help-seeker', 'help seeker', 'c', 'p', 'user'].map(
    (name): [string, Role] => [name, 'client'],
  ),
]);

const TIMESTAMP = new RegExp(String.raw`[[(]?${TIMESTAMP_SOURCE}[\])]?`, 'g');

/**
 * Reduces a speaker label to a comparable key: lower case, timestamps and trailing
 * punctuation removed, whitespace collapsed (`"  Dr. Lee (00:01): "` → `"dr. lee"`).
 */
export function normalizeSpeaker(label: string): string {
  return label
    .replace(TIMESTAMP, ' ')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s:;,.!?-]+$/, '');
}

/** The role a label has by default (`Counsellor 2` → therapist), or `other`. */
export function defaultRole(label: string): Role {
  const key = normalizeSpeaker(label);
  return DEFAULT_ROLES.get(key) ?? DEFAULT_ROLES.get(key.replace(/[\s_-]*\d+$/, '')) ?? 'other';
}

/**
 * Assigns a role to each speaker of one session. Names from the command line win over the
 * file's `roles` hints, which win over the default labels. When a therapist was named
 * explicitly, a single remaining speaker without a default role is the client.
 */
export function assignRoles(speakers: readonly string[], options: RoleOptions, hints: RoleHints = {}): Map<string, Role> {
  const explicit = new Map<string, Role>();
  const sources: [readonly string[] | undefined, Role][] = [
    [hints.client, 'client'],
    [hints.therapist, 'therapist'],
    [options.client, 'client'],
    [options.therapist, 'therapist'],
  ];
  // Later sources overwrite earlier ones, so the command line wins.
  for (const [names, role] of sources) for (const name of names ?? []) explicit.set(normalizeSpeaker(name), role);

  const roles = new Map<string, Role>();
  for (const speaker of speakers) {
    roles.set(speaker, explicit.get(normalizeSpeaker(speaker)) ?? defaultRole(speaker));
  }
  const namedTherapist = speakers.some((s) => explicit.get(normalizeSpeaker(s)) === 'therapist');
  const others = speakers.filter((s) => roles.get(s) !== 'therapist');
  const [onlyOther] = others;
  if (namedTherapist && others.length === 1 && onlyOther !== undefined && roles.get(onlyOther) === 'other') {
    roles.set(onlyOther, 'client');
  }
  return roles;
}

/** The speakers of a session in order of first appearance, with role and turn count. */
export function listSpeakers(transcript: Transcript): SpeakerSummary[] {
  const summaries = new Map<string, SpeakerSummary>();
  for (const turn of transcript.turns) {
    const summary = summaries.get(turn.speaker);
    if (summary === undefined) summaries.set(turn.speaker, { speaker: turn.speaker, role: turn.role, turns: 1 });
    else summary.turns += 1;
  }
  return [...summaries.values()];
}
