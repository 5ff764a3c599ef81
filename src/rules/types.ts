import type { RuleKind, Severity } from '../types.js';

/** Finds text: exactly one of the keys is set. `rule` refers to another rule's match; `model` scores the turn. */
export interface MatcherDef {
  phrase?: string;
  phrases?: string[];
  regex?: string;
  cue?: string;
  rule?: string;
  /** A trained model file (or the name of a bundled one); goes with `id` and `threshold`. */
  model?: string;
  /** The model's classifier to use. */
  id?: string;
  /** Fires at or above this score (default: the threshold chosen in training). */
  threshold?: number;
  /** Guards for this matcher's matches alone. */
  unless?: GuardDef[];
}

/** Cancels a match: a text matcher near it, or one of the built-in guards. */
export interface GuardDef extends Omit<MatcherDef, 'rule' | 'unless' | 'model' | 'id' | 'threshold'> {
  /** Only within this many words before the match. */
  before?: number;
  /** Only within this many words after the match. */
  after?: number;
  negated?: boolean | number;
  hedged?: boolean;
  question?: boolean;
  quoted?: boolean;
}

/** Client turns before a therapist turn that must (or must not) match. */
export interface ClientContextDef {
  within?: number;
  any: MatcherDef[];
}

/** Conditions on a turn rule beyond its own match. */
export interface ContextDef {
  client?: ClientContextDef;
  'not-client'?: ClientContextDef;
  has?: MatcherDef[];
  lacks?: MatcherDef[];
  repeat?: number;
  /** Content words shared with the last `within` client turns, between `min` and `max`. */
  overlap?: { within?: number; min?: number; max?: number };
}

/** A session measure over the findings of other rules. */
export interface MeasureDef {
  of: string[];
  min?: number;
  max?: number;
  'min-turns'?: number;
}

/** A client request answered by the therapist, counted over a session. */
export interface SequenceDef {
  request: MatcherDef[];
  answer: MatcherDef[];
  min: number;
}

/** Session-level measures; a session rule fires when any reaches its threshold. */
export interface SessionDef {
  require?: 'any' | 'all';
  count?: MeasureDef;
  share?: MeasureDef;
  sequence?: SequenceDef;
}

/** One turn of an example exchange. */
export type ExampleTurnDef = { client: string } | { therapist: string };

/** A rule example: a therapist turn, an exchange, or a sequence of turns. */
export type ExampleDef = string | { client?: string | string[]; therapist: string } | ExampleTurnDef[];

/** A rule as written in a rule file (an override may set only some keys). */
export interface RuleDef {
  id: string;
  enabled?: boolean;
  kind?: RuleKind;
  name?: string;
  severity?: Severity;
  description?: string;
  rationale?: string;
  match?: MatcherDef[];
  unless?: GuardDef[];
  context?: ContextDef;
  session?: SessionDef;
  examples?: { hit?: ExampleDef[]; miss?: ExampleDef[] };
}

/** A cue entry: a phrase, or a regular expression. */
export type CueEntryDef = string | { regex: string };

/** A rule file as written. */
export interface RuleFileDef {
  version: 1;
  extends?: string;
  /** Files (relative to this one) whose `cues` and `rules` belong to this file, in order. */
  include?: string[];
  settings?: { 'negation-window'?: number };
  cues?: Record<string, CueEntryDef[]>;
  /** Extends the bundled normalisation table (rules/normalisation.yaml), in its shape. */
  normalisation?: unknown;
  rules?: RuleDef[];
}
