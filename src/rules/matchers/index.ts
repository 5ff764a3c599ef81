import type { EvidencedSpan } from '../../engine/model-match.js';
import type { TurnView } from '../../engine/turn-view.js';
import type { TextPattern } from '../text-pattern.js';
import type { MatcherDef } from '../types.js';
import { modelKind } from './model.js';
import { ruleKind } from './rule.js';
import { cueKind, phraseKind, phrasesKind, regexKind } from './text.js';
import type { KindContext, MatchContext, MatcherKind, MatcherProblem } from './types.js';

/** A registered kind, its compiled form left open: each kind reads back only what it compiled. */
export type AnyMatcherKind = Omit<MatcherKind<never>, 'compile'> & { compile(def: MatcherDef, ctx: KindContext): unknown };

/**
 * Every matcher kind, in the order error messages list them. Adding a kind is one file in
 * this folder and one line here (and its fragment in schema/rules.schema.json, which a test
 * compares with `schema`).
 */
export const MATCHER_KINDS: readonly AnyMatcherKind[] = [phraseKind, phrasesKind, regexKind, cueKind, ruleKind, modelKind];

/** The kinds that find text, which may also serve as guards. */
export const TEXT_KINDS = MATCHER_KINDS.filter((kind) => kind.pattern !== undefined);

/** A matcher compiled by its kind: plain data the kind reads back. */
export interface CompiledKindMatcher {
  key: string;
  compiled: unknown;
}

// Looked up for every matcher of every rule in every turn: a map, not a search with a closure.
const KINDS_BY_KEY = new Map<string, AnyMatcherKind>(MATCHER_KINDS.map((kind) => [kind.key, kind]));

function kindOf(matcher: CompiledKindMatcher): AnyMatcherKind {
  const kind = KINDS_BY_KEY.get(matcher.key);
  if (!kind) throw new Error(`no matcher kind "${matcher.key}"`);
  return kind;
}

/** Compiles a matcher definition with the one kind whose key it holds (the caller checked there is one). */
export function compileWithKind(kind: AnyMatcherKind, def: MatcherDef, ctx: KindContext): CompiledKindMatcher | MatcherProblem[] {
  const compiled = kind.compile(def, ctx);
  return isProblemList(compiled) ? compiled : { key: kind.key, compiled };
}

// A compiled form is never an array: an array is the kind's problems.
function isProblemList(value: unknown): value is MatcherProblem[] {
  return Array.isArray(value);
}

/** The spans a compiled matcher finds in a turn. */
export function findWithKind(matcher: CompiledKindMatcher, view: TurnView, ctx: MatchContext): readonly EvidencedSpan[] {
  return kindOf(matcher).find(matcher.compiled as never, view, ctx);
}

/** A text matcher's pattern, for guards and the has-a-match fast path. */
export function patternOf(matcher: CompiledKindMatcher): TextPattern | undefined {
  return kindOf(matcher).pattern?.(matcher.compiled as never);
}

/** The rules a compiled matcher reads. */
export function referencesOf(matcher: CompiledKindMatcher): string[] {
  return kindOf(matcher).references?.(matcher.compiled as never) ?? [];
}

/** Whether a matcher runs in the late pass, after every other matcher of the turn. */
export function isLate(matcher: CompiledKindMatcher): boolean {
  return kindOf(matcher).late === true;
}

/** More for `rules explain`, when the kind has it. */
export function explainWithKind(matcher: CompiledKindMatcher): { title: string; items: string[] } | undefined {
  return kindOf(matcher).explain?.(matcher.compiled as never);
}

/** One line for `rules explain`: the kind of the key the definition holds. */
export function describeMatcherDef(def: MatcherDef): string {
  const kind = MATCHER_KINDS.find((k) => def[k.key] !== undefined);
  return kind ? kind.describe(def) : '';
}
