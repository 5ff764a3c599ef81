import type { RuleKind, RuleSummary, Severity } from '../types.js';
import { describeGuess } from '../closest-name.js';
import type { KindContext } from './matchers/types.js';
import { BUILTIN_CUES } from './builtin-cues.js';
import { locateIn, locateRuleKey, type LoadedRuleFile, type MergedRule, type RuleProblem, loadRuleFiles } from './load.js';
import { MATCHER_KINDS, TEXT_KINDS, compileWithKind, referencesOf, type CompiledKindMatcher } from './matchers/index.js';
import type { ModelCache } from './matchers/model.js';
import { combinePattern, compilePhraseSource, compileUserRegex, describeOversizedPattern, type PhraseMemo, type PhraseReading, type Source } from './matchers/text.js';
import { bundledNormalisation, compileNormalisation, readBundledNormalisationTable, type CompiledNormalisation, type NormalisationTableDef } from '../engine/normalise.js';
import { formsOf } from './word-forms.js';
import { createPhraseIndex, type PhraseIndex, type PhraseIndexBuilder, type TextPattern } from './text-pattern.js';
import type { CueEntryDef, ExampleDef, GuardDef, MatcherDef, RuleDef } from './types.js';
import { formatFieldPath } from '../field-path.js';

export { MAX_PATTERN_LENGTH } from './matchers/text.js';

/** A compiled matcher: what its kind compiled (see rules/matchers/), with its own guards. */
export type CompiledMatcher = CompiledKindMatcher & { guards: CompiledGuard[] };

/** A compiled guard that cancels a match. */
export type CompiledGuard =
  | { type: 'text'; pattern: TextPattern; before?: number; after?: number }
  | { type: 'negated'; pattern: TextPattern; window: number }
  | { type: 'hedged'; pattern: TextPattern }
  | { type: 'question' }
  | { type: 'quoted'; reported: TextPattern };

/** Client turns that must (or must not) match. */
export interface CompiledClientContext {
  within: number;
  matchers: CompiledMatcher[];
}

/** A measure over a session's turn findings: holds when its value is within [min, max]. */
export interface CompiledMeasure {
  of: string[];
  min: number;
  max: number;
  minTurns: number;
}

/** A rule ready to run. */
export interface CompiledRule {
  id: string;
  kind: RuleKind;
  name: string;
  severity: Severity;
  description: string;
  rationale: string;
  /** False for a switched-off rule that another rule still needs: evaluated, never reported. */
  reported: boolean;
  match: CompiledMatcher[];
  guards: CompiledGuard[];
  client?: CompiledClientContext;
  notClient?: CompiledClientContext;
  has: CompiledMatcher[];
  lacks: CompiledMatcher[];
  repeat: number;
  /** Content words shared with recent client turns, when the rule asks. */
  overlap?: { within: number; min: number; max: number };
  session?: {
    requireAll: boolean;
    count?: CompiledMeasure;
    share?: CompiledMeasure;
    sequence?: { request: CompiledMatcher[]; answer: CompiledMatcher[]; min: number };
  };
  examples: { hit: ExampleDef[]; miss: ExampleDef[] };
  /** Cue names the rule uses, for `rules explain`. */
  cues: string[];
  /** The definition as written, for `rules explain`. */
  def: RuleDef;
}

/** All rules of a run, compiled once. */
export interface CompiledRuleSet {
  /** Every rule to evaluate, dependencies first. */
  evaluation: CompiledRule[];
  /** Reported rules in display order: techniques, then pitfalls, each in file order. */
  reported: CompiledRule[];
  cues: Map<string, TextPattern>;
  /** Every phrase of the rule set, behind its anchor words. */
  phrases: PhraseIndex;
  /** The table turns and phrases are read through: the bundled one, extended by the rule files. */
  normalisation: CompiledNormalisation;
  /** The rule files read, base first, as shown to the user. */
  files: string[];
  /** Ids of the rules switched off (`enabled: false`, config `disable`) that no other rule uses, in file order. */
  switchedOff: string[];
}

/** Compiled rules, or every problem found in the rule files. */
export type CompileResult = { ok: true; ruleSet: CompiledRuleSet } | { ok: false; problems: RuleProblem[] };

const DEFAULT_NEGATION_WINDOW = 3;

/** Loads, validates and compiles a rule file and the chain it extends. */
export function loadRuleSet(rulesPath: string, cwd: string, maxBytes?: number): CompileResult {
  const loaded = loadRuleFiles(rulesPath, cwd, maxBytes);
  if (!loaded.ok) return loaded;
  return compileRules(loaded.files, loaded.cues ?? {}, loaded.settings ?? {}, loaded.rules, loaded.problems);
}

/** Compiles merged rule definitions; reports every problem at its file position. */
export function compileRules(
  files: LoadedRuleFile[],
  cueDefs: Record<string, CueEntryDef[]>,
  settings: { 'negation-window'?: number },
  merged: MergedRule[],
  earlier: RuleProblem[] = [],
  memo: PhraseMemo = { known: new Map(), used: new Map(), written: new Map() },
): CompileResult {
  const problems: RuleProblem[] = [...earlier];
  const phrases = createPhraseIndex(memo.index);
  const normalisation = compileRuleNormalisation(files, problems);
  const cuePhrases = new Map(Object.entries({ ...BUILTIN_CUES, ...cueDefs }).map(([name, entries]) => [name, phrasesOnly(entries)]));
  const reading: PhraseReading = { normalisation, forms: formsOf, cuePhrases, memo };
  const cues = compileCues(cueDefs, files, problems, phrases, reading);
  const negationWindow = settings['negation-window'] ?? DEFAULT_NEGATION_WINDOW;
  const ids = new Set(merged.map((rule) => rule.def.id));
  const compiled = new Map<string, CompiledRule>();
  const models: ModelCache = new Map();
  for (const rule of merged) {
    const result = compileRule(rule, { cues, ids, negationWindow, problems, models, phrases, reading });
    if (result) compiled.set(rule.def.id, result);
  }
  const evaluation = orderByDependencies(merged, compiled, problems);
  if (problems.length > 0) return { ok: false, problems: sortProblems(problems) };
  const needed = collectNeededRules(evaluation);
  const kept = evaluation.filter((rule) => rule.reported || needed.has(rule.id));
  const reported = [...merged.map((m) => compiled.get(m.def.id))]
    .filter((rule): rule is CompiledRule => rule !== undefined && rule.reported)
    .sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
  const switchedOff = merged.map((rule) => rule.def.id).filter((id) => !kept.some((rule) => rule.id === id));
  return { ok: true, ruleSet: { evaluation: kept, reported, cues, phrases: phrases.index, normalisation, files: files.map((f) => f.file), switchedOff } };
}

/** The summary formatters show for each reported rule. */
export function summarizeRules(ruleSet: CompiledRuleSet): RuleSummary[] {
  return ruleSet.reported.map((rule) => ({
    id: rule.id,
    kind: rule.kind,
    name: rule.name,
    severity: rule.severity,
    scope: rule.match.length > 0 ? 'turn' : 'session',
    description: rule.description,
    rationale: rule.rationale,
  }));
}

interface CompileContext {
  cues: Map<string, TextPattern>;
  ids: Set<string>;
  negationWindow: number;
  problems: RuleProblem[];
  models: ModelCache;
  phrases: PhraseIndexBuilder;
  reading: PhraseReading;
  /** The rule file that holds the rule's `match` (model paths are relative to it). */
  matchFile?: LoadedRuleFile;
}

function phrasesOnly(entries: CueEntryDef[]): string[] | null {
  return entries.every((entry) => typeof entry === 'string') ? (entries as string[]) : null;
}

function compileCues(
  defs: Record<string, CueEntryDef[]>,
  files: LoadedRuleFile[],
  problems: RuleProblem[],
  phrases: PhraseIndexBuilder,
  reading: PhraseReading,
): Map<string, TextPattern> {
  const cues = new Map<string, TextPattern>();
  const all = { ...BUILTIN_CUES, ...defs };
  for (const [name, entries] of Object.entries(all)) {
    const sources: Source[] = [];
    entries.forEach((entry, index) => {
      const result = typeof entry === 'string' ? compilePhraseSource(entry, reading) : compileUserRegex(entry.regex);
      if ('error' in result) {
        const source = [...files].reverse().find((f) => f.def.cues?.[name] !== undefined);
        const what = typeof entry === 'string' ? `phrase "${entry}"` : `regex "${entry.regex}"`;
        const message = `${formatFieldPath(['cues', name, index])}: ${what} ${result.error}`;
        problems.push(source ? locateIn(source, ['cues', name, index], message) : { file: '', line: 1, column: 1, message });
      } else {
        sources.push(result);
      }
    });
    const tooLarge = describeOversizedPattern(sources);
    const source = [...files].reverse().find((f) => f.def.cues?.[name] !== undefined);
    if (tooLarge !== undefined && source !== undefined) problems.push(locateIn(source, ['cues', name], `${formatFieldPath(['cues', name])}: ${tooLarge}`));
    cues.set(name, combinePattern(sources, phrases));
  }
  return cues;
}

/**
 * The bundled normalisation table, extended by the rule files' `normalisation:` keys (later
 * files win for the same variant; `double`, `fillers` and `stutter` words add up). A problem
 * is reported in the last file that extends the table.
 */
function compileRuleNormalisation(files: LoadedRuleFile[], problems: RuleProblem[]): CompiledNormalisation {
  const extending = files.filter((file) => file.def.normalisation !== undefined);
  const last = extending[extending.length - 1];
  if (!last) return bundledNormalisation();
  const extension = mergeNormalisation(extending.map((file) => file.def.normalisation));
  const { compiled, problems: found } = compileNormalisation(readBundledNormalisationTable(), extension);
  for (const problem of found) {
    problems.push(locateIn(last, problem.path, `${formatFieldPath(problem.path)}: ${problem.message}`));
  }
  return compiled;
}

// Only mappings merge; anything else is left for compileNormalisation to report.
function mergeNormalisation(tables: unknown[]): unknown {
  if (tables.length === 1 || !tables.every(isTable)) return tables[tables.length - 1];
  const words = Object.assign({}, ...tables.map((table) => table.words));
  const double = tables.flatMap((table) => table.elongation?.double ?? []);
  const enabled = tables.map((table) => table.elongation?.enabled).filter((value) => value !== undefined).pop();
  const fillers = tables.flatMap((table) => table.fillers ?? []);
  const stutter = tables.flatMap((table) => table.stutter ?? []);
  return { words, elongation: { double, ...(enabled === undefined ? {} : { enabled }) }, fillers, stutter };
}

function isTable(value: unknown): value is NormalisationTableDef {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const REQUIRED_FIELDS = ['kind', 'name', 'description', 'rationale'] as const;

function compileRule(merged: MergedRule, outer: CompileContext): CompiledRule | undefined {
  const def = merged.def;
  const matchFile = [...merged.layers].reverse().find((layer) => 'match' in (layer.source.def.rules?.[layer.index] ?? {}))?.source;
  const ctx: CompileContext = { ...outer, matchFile };
  const before = ctx.problems.length;
  const fail = (keyPath: (string | number)[], message: string): void => {
    ctx.problems.push(locateRuleKey(merged, keyPath, `rule "${def.id}": ${message}`));
  };
  const override = describeUnknownOverride(merged, ctx.ids);
  if (override !== undefined) {
    fail(['id'], override);
    return undefined;
  }
  for (const field of REQUIRED_FIELDS) if (def[field] === undefined) fail([], `missing "${field}"`);
  if (def.match === undefined && def.session === undefined) fail([], 'needs "match" (turn rule) or "session" (session rule)');
  if (def.kind === 'technique' && def.severity !== undefined && def.severity !== 'info') {
    fail(['severity'], `techniques have severity info (got "${def.severity}")`);
  }
  if (def.kind === 'pitfall' && def.severity === undefined) fail([], 'missing "severity" (pitfalls need info, warning or error)');
  if (def.context !== undefined && def.match === undefined) fail(['context'], '"context" needs "match"');
  if ((def.examples?.hit?.length ?? 0) === 0) fail(['examples'], 'needs at least one "hit" example');
  if ((def.examples?.miss?.length ?? 0) === 0) fail(['examples'], 'needs at least one "miss" example');
  const cueNames = new Set<string>();
  const matchers = (list: MatcherDef[] | undefined, keyPath: (string | number)[]): CompiledMatcher[] =>
    (list ?? []).map((m, i) => compileMatcher(m, [...keyPath, i], ctx, fail, cueNames)).filter((m) => m !== undefined);
  const match = matchers(def.match, ['match']);
  const guards = (def.unless ?? []).map((g, i) => compileGuard(g, ['unless', i], ctx, fail, cueNames)).filter((g) => g !== undefined);
  const clientContext = (key: 'client' | 'not-client') => {
    const client = def.context?.[key];
    return client ? { within: client.within ?? 1, matchers: matchers(client.any, ['context', key, 'any']) } : undefined;
  };
  const measure = (key: 'count' | 'share') => {
    const m = def.session?.[key];
    if (!m) return undefined;
    m.of.forEach((id, i) => {
      if (!ctx.ids.has(id)) fail(['session', key, 'of', i], `unknown rule "${id}" (expected one of ${[...ctx.ids].join(', ')})`);
    });
    if (m.min === undefined && m.max === undefined) fail(['session', key], 'a measure needs "min", "max" or both');
    for (const bound of ['min', 'max'] as const) {
      const value = m[bound];
      if (key === 'share' && value !== undefined && value > 1) fail(['session', key, bound], `a share is between 0 and 1 (got ${value})`);
    }
    checkRange(m, ['session', key]);
    return { of: m.of, min: m.min ?? 0, max: m.max ?? Infinity, minTurns: m['min-turns'] ?? 1 };
  };
  // A "max" below "min" is a measure that can never hold: the rule would silently never fire.
  const checkRange = (range: { min?: number; max?: number }, keyPath: string[]) => {
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      const field = [...keyPath, 'max'];
      fail(field, `${field.join('.')}: got ${range.max}, expected at least "min" (${range.min}); no value is in the range, so the rule could never fire`);
    }
  };
  if (def.context?.overlap) checkRange(def.context.overlap, ['context', 'overlap']);
  const sequence = def.session?.sequence;
  const compiled: CompiledRule = {
    id: def.id,
    kind: def.kind ?? 'technique',
    name: def.name ?? def.id,
    severity: def.severity ?? 'info',
    description: def.description ?? '',
    rationale: def.rationale ?? '',
    reported: def.enabled !== false,
    match,
    guards,
    client: clientContext('client'),
    notClient: clientContext('not-client'),
    has: matchers(def.context?.has, ['context', 'has']),
    lacks: matchers(def.context?.lacks, ['context', 'lacks']),
    repeat: def.context?.repeat ?? 1,
    overlap: def.context?.overlap && {
      within: def.context.overlap.within ?? 1,
      min: def.context.overlap.min ?? 0,
      max: def.context.overlap.max ?? Infinity,
    },
    session: def.session && {
      requireAll: def.session.require === 'all',
      count: measure('count'),
      share: measure('share'),
      sequence: sequence && {
        request: matchers(sequence.request, ['session', 'sequence', 'request']),
        answer: matchers(sequence.answer, ['session', 'sequence', 'answer']),
        min: sequence.min,
      },
    },
    examples: { hit: def.examples?.hit ?? [], miss: def.examples?.miss ?? [] },
    cues: [...cueNames],
    def,
  };
  return ctx.problems.length === before ? compiled : undefined;
}

/**
 * An entry that only overrides (no kind, match or session) in a file that extends a rule
 * set, whose id that set does not have: most likely a mistyped id, said in one line rather
 * than as a new rule missing seven fields.
 */
function describeUnknownOverride(merged: MergedRule, ids: ReadonlySet<string>): string | undefined {
  const [layer, ...more] = merged.layers;
  const { def } = merged;
  const file = layer?.source.includedBy ?? layer?.source;
  if (more.length > 0 || file?.def.extends === undefined || def.kind !== undefined || def.match !== undefined || def.session !== undefined) return undefined;
  const guess = describeGuess(def.id, [...ids].filter((id) => id !== def.id));
  return `no rule "${def.id}" in the rules this file extends${guess}; a new rule needs kind, name, description, rationale, match or session, and examples`;
}

type Fail = (keyPath: (string | number)[], message: string) => void;

const keysOf = (kinds: readonly { key: string }[]): string[] => kinds.map((kind) => kind.key);

function compileMatcher(
  def: MatcherDef,
  keyPath: (string | number)[],
  ctx: CompileContext,
  fail: Fail,
  cueNames: Set<string>,
): CompiledMatcher | undefined {
  const kinds = MATCHER_KINDS.filter((kind) => def[kind.key] !== undefined);
  const [kind] = kinds;
  if (kinds.length !== 1 || !kind) {
    fail(keyPath, `a matcher needs exactly one of ${keysOf(MATCHER_KINDS).join(', ')} (got ${keysOf(kinds).join(', ') || 'none'})`);
    return undefined;
  }
  const guards = (def.unless ?? [])
    .map((guard, i) => compileGuard(guard, [...keyPath, 'unless', i], ctx, fail, cueNames))
    .filter((guard) => guard !== undefined);
  const stray = MATCHER_KINDS.filter((other) => other !== kind)
    .flatMap((other) => (other.companions ?? []).map((key) => [key, other.key] as const))
    .find(([key]) => def[key] !== undefined && !kind.companions?.includes(key));
  if (stray) {
    fail([...keyPath, stray[0]], `"${stray[0]}" goes with "${stray[1]}"`);
    return undefined;
  }
  const compiled = compileWithKind(kind, def, kindContext(ctx, keyPath, cueNames));
  if (Array.isArray(compiled)) {
    for (const problem of compiled) fail([...keyPath, ...problem.keyPath], problem.message);
    return undefined;
  }
  return { ...compiled, guards };
}

// Model paths are relative to the file holding the rule's own `match`, the only place a model goes.
function kindContext(ctx: CompileContext, keyPath: (string | number)[], cueNames: Set<string>): KindContext {
  return {
    cues: ctx.cues,
    ids: ctx.ids,
    phrases: ctx.phrases,
    reading: ctx.reading,
    models: ctx.models,
    matchFile: keyPath[0] === 'match' ? ctx.matchFile : undefined,
    useCue: (name) => cueNames.add(name),
  };
}

function compileGuard(
  def: GuardDef,
  keyPath: (string | number)[],
  ctx: CompileContext,
  fail: Fail,
  cueNames: Set<string>,
): CompiledGuard | undefined {
  const textKinds = TEXT_KINDS.filter((kind) => def[kind.key as keyof GuardDef] !== undefined);
  const builtIns = (['negated', 'hedged', 'question', 'quoted'] as const).filter((key) => def[key] !== undefined && def[key] !== false);
  if (textKinds.length + builtIns.length !== 1) {
    const names = [...keysOf(TEXT_KINDS), 'negated', 'hedged', 'question', 'quoted'];
    fail(keyPath, `a guard needs exactly one of ${names.join(', ')} (got ${[...keysOf(textKinds), ...builtIns].join(', ') || 'none'})`);
    return undefined;
  }
  if ((def.before !== undefined || def.after !== undefined) && textKinds.length === 0) {
    fail(keyPath, '"before" and "after" go with phrase, phrases, regex or cue');
    return undefined;
  }
  const builtInCue = (name: string): TextPattern | undefined => {
    cueNames.add(name);
    return ctx.cues.get(name);
  };
  switch (builtIns[0]) {
    case 'negated': {
      const pattern = builtInCue('negation');
      const window = typeof def.negated === 'number' ? def.negated : ctx.negationWindow;
      return pattern && { type: 'negated', pattern, window };
    }
    case 'hedged': {
      const pattern = builtInCue('hedge');
      return pattern && { type: 'hedged', pattern };
    }
    case 'question':
      return { type: 'question' };
    case 'quoted': {
      const reported = builtInCue('reported-speech');
      return reported && { type: 'quoted', reported };
    }
    default: {
      const [kind] = textKinds;
      const compiled = kind && compileWithKind(kind, def, kindContext(ctx, keyPath, cueNames));
      if (!compiled || Array.isArray(compiled)) {
        for (const problem of compiled ?? []) fail([...keyPath, ...problem.keyPath], problem.message);
        return undefined;
      }
      const pattern = kind.pattern?.(compiled.compiled as never);
      return pattern && { type: 'text', pattern, before: def.before, after: def.after };
    }
  }
}

// A session measure may count the rule's own turn findings (the turn pass comes first); a
// turn matcher or context that names the rule itself needs what it decides: a cycle.
function dependenciesOf(rule: CompiledRule): string[] {
  const refs = (list: CompiledMatcher[] | undefined) => (list ?? []).flatMap(referencesOf);
  const session = [
    ...refs(rule.session?.sequence?.request),
    ...refs(rule.session?.sequence?.answer),
    ...(rule.session?.count?.of ?? []),
    ...(rule.session?.share?.of ?? []),
  ].filter((id) => id !== rule.id || rule.match.length === 0);
  return [...refs(rule.match), ...refs(rule.has), ...refs(rule.lacks), ...refs(rule.client?.matchers), ...refs(rule.notClient?.matchers), ...session];
}

// Depth-first topological order; a cycle is reported with the ids that form it.
function orderByDependencies(merged: MergedRule[], compiled: Map<string, CompiledRule>, problems: RuleProblem[]): CompiledRule[] {
  const order: CompiledRule[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, trail: string[]): void => {
    const rule = compiled.get(id);
    if (!rule || state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(id)), id];
      const origin = merged.find((m) => m.def.id === id);
      if (origin) problems.push(locateRuleKey(origin, [], `rule "${id}": rules refer to each other in a cycle: ${cycle.join(' -> ')}`));
      return;
    }
    state.set(id, 'visiting');
    for (const dependency of dependenciesOf(rule)) visit(dependency, [...trail, id]);
    state.set(id, 'done');
    order.push(rule);
  };
  for (const rule of merged) visit(rule.def.id, []);
  return order;
}

/** The rules whose matches a reported rule needs, directly or through other rules. */
export function collectNeededRules(rules: CompiledRule[]): Set<string> {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  const needed = new Set<string>();
  const add = (id: string): void => {
    if (needed.has(id)) return;
    needed.add(id);
    const rule = byId.get(id);
    if (rule) dependenciesOf(rule).forEach(add);
  };
  rules.filter((rule) => rule.reported).forEach((rule) => dependenciesOf(rule).forEach(add));
  return needed;
}

/** The ids of the set's rules that are not reported: switched off, or evaluated only for others to use. */
export function listUnreportedIds(ruleSet: CompiledRuleSet): Set<string> {
  const reported = new Set(ruleSet.reported.map((rule) => rule.id));
  return new Set([...ruleSet.switchedOff, ...ruleSet.evaluation.map((rule) => rule.id)].filter((id) => !reported.has(id)));
}

/** The ids of the rules that use `id`'s matches directly, in evaluation order. */
export function listRulesUsing(rules: readonly CompiledRule[], id: string): string[] {
  return rules.filter((rule) => rule.id !== id && dependenciesOf(rule).includes(id)).map((rule) => rule.id);
}

function kindRank(kind: RuleKind): number {
  return kind === 'technique' ? 0 : 1;
}

function sortProblems(problems: RuleProblem[]): RuleProblem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column);
}
