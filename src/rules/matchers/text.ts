import { describeExpected } from '../../closest-name.js';
import { findAll } from '../../engine/text-match.js';
import { normaliseText, type CompiledNormalisation } from '../../engine/normalise.js';
import { compilePhrase, type CompiledPhrase, type FormsOf } from '../phrase.js';
import { analyseRegexNeeds, findRegexNeeds } from '../regex-needs.js';
import { checkRegexSafety } from '../regex-safety.js';
import type { PhraseIndex, PhraseIndexBuilder, TextPattern } from '../text-pattern.js';
import type { MatcherDef } from '../types.js';
import type { KindContext, MatcherKind, MatcherProblem } from './types.js';

/**
 * User regexes run in Unicode mode; phrases compile to plain-class regexes, several times
 * faster, with case folded in their source (see `foldAscii`), which V8 compiles faster.
 */
const REGEX_FLAGS = 'giu';
const PHRASE_FLAGS = 'g';

/** A compiled source with the flags it needs; a phrase's carries its anchor words and needs. */
export interface Source {
  source: string;
  flags: string;
  anchors?: CompiledPhrase['anchors'];
  needs?: CompiledPhrase['needs'];
  /** The phrase's id in a phrase index restored from the rule cache. */
  id?: number;
}

/**
 * The most characters one matcher (or cue) may compile to: 14 times the largest bundled
 * one. A larger list is slow to compile and to check.
 */
export const MAX_PATTERN_LENGTH = 256 * 1024;

/** How phrases read: through the rule set's normalisation table, each word with its forms, cues inlined. */
export interface PhraseReading {
  normalisation: CompiledNormalisation;
  forms: FormsOf;
  /** Each cue's phrase entries, for frames (`{@cue}`); null for a cue holding regexes. */
  cuePhrases: ReadonlyMap<string, readonly string[] | null>;
  /** Compiled phrases by their normalised text: those known from the rule cache, and those this compilation used. */
  memo: PhraseMemo;
}

/** Compiled phrases by their normalised text, kept across runs by the rule cache. */
export interface PhraseMemo {
  known: ReadonlyMap<string, CompiledPhrase>;
  used: Map<string, CompiledPhrase>;
  /**
   * Each phrase as written (frames not expanded) -> its source and the cues its frames name,
   * filled as phrases compile; given with `index`, the rule cache's phrase index for the
   * same rule set, each phrase's id in it, so that phrases are neither normalised nor indexed again.
   */
  written: Map<string, WrittenPhrase>;
  index?: PhraseIndex;
}

/** A phrase as written, as it compiled. */
export interface WrittenPhrase {
  source: string;
  cues: string[];
  id?: number;
}

/**
 * A phrase as a source, read as turns are (frames expanded, normalised, with word forms),
 * or its error message. `useCue` hears each cue a frame names.
 */
export function compilePhraseSource(phrase: string, reading: PhraseReading, useCue: (name: string) => void = () => undefined): Source | { error: string } {
  const { memo } = reading;
  const written = memo.index && memo.written.get(phrase);
  if (written) {
    written.cues.forEach(useCue);
    return { source: written.source, flags: PHRASE_FLAGS, id: written.id };
  }
  const cues: string[] = [];
  const expanded = expandFrames(phrase, reading.cuePhrases, (name) => {
    cues.push(name);
    useCue(name);
  });
  if (typeof expanded !== 'string') return expanded;
  const normalised = normaliseText(expanded, reading.normalisation).text;
  const result = memo.known.get(normalised) ?? compilePhrase(normalised, reading.forms);
  if ('error' in result) return result;
  const compiled = result.needs ? result : { ...result, needs: analyseRegexNeeds(result.source, PHRASE_FLAGS) };
  memo.used.set(normalised, compiled);
  memo.written.set(phrase, { source: compiled.source, cues });
  return { ...compiled, flags: PHRASE_FLAGS };
}

const FRAME_SLOT = /\{@([^{}|]*)\}/g;
/** Cues named inside cues are inlined this deep. */
const MAX_FRAME_DEPTH = 4;

/**
 * Inlines each `{@cue}` as the group of that cue's phrases ("{@subject} will be fine" reads
 * "{you|it|things} will be fine"), so a word list lives once, in `cues`. An inlined entry's
 * own `=` is dropped: the phrase that names the cue decides.
 */
export function expandFrames(
  phrase: string,
  cuePhrases: ReadonlyMap<string, readonly string[] | null>,
  useCue: (name: string) => void,
  depth = 0,
): string | { error: string } {
  let error = depth === 0 ? describeMalformedSlot(phrase) : undefined;
  if (error !== undefined) return { error };
  const expanded = phrase.replace(FRAME_SLOT, (slot, name: string) => {
    const phrases = cuePhrases.get(name);
    if (phrases === undefined) error ??= `names an unknown cue "${name}" (${describeExpected(name, [...cuePhrases.keys()])})`;
    else if (phrases === null) error ??= `names cue "${name}", which holds regexes (expected a cue of phrases only)`;
    else if (depth >= MAX_FRAME_DEPTH) error ??= describeDeepCue(name, cuePhrases);
    else {
      useCue(name);
      return `{${phrases.map((entry) => entry.trim().replace(/^=/, '')).join('|')}}`;
    }
    return slot;
  });
  if (error !== undefined) return { error };
  return expanded !== phrase && expanded.includes('{@') ? expandFrames(expanded, cuePhrases, useCue, depth + 1) : expanded;
}

// Past the depth limit, a cue that names itself (through others or not) is a cycle, said as rule cycles are.
function describeDeepCue(name: string, cuePhrases: ReadonlyMap<string, readonly string[] | null>): string {
  const cycle = findCueCycle(name, cuePhrases, [], new Set());
  if (cycle) return `names cues that refer to each other in a cycle: ${cycle.join(' -> ')}`;
  return `names cues inside cues deeper than ${MAX_FRAME_DEPTH} (at "${name}")`;
}

/** The first cycle of cues reached from `name` (`a -> b -> a`), depth-first in phrase order; `undefined` when none. */
function findCueCycle(name: string, cuePhrases: ReadonlyMap<string, readonly string[] | null>, trail: string[], done: Set<string>): string[] | undefined {
  if (trail.includes(name)) return [...trail.slice(trail.indexOf(name)), name];
  const phrases = cuePhrases.get(name);
  if (done.has(name) || !phrases) return undefined;
  for (const phrase of phrases) {
    for (const [, named] of phrase.matchAll(FRAME_SLOT)) {
      const cycle = findCueCycle(named ?? '', cuePhrases, [...trail, name], done);
      if (cycle) return cycle;
    }
  }
  done.add(name);
  return undefined;
}

const SLOT_START = /[{|]\s*[@#]/;

/**
 * Why a phrase holds an `@` or `#` slot that is not a frame (`{@a|b}`, `{x|@cue}`, a word
 * class `{#NOUN}`), which would otherwise be matched as those characters, never found.
 */
function describeMalformedSlot(phrase: string): string | undefined {
  const found = SLOT_START.exec(phrase.replace(FRAME_SLOT, (slot) => '_'.repeat(slot.length)));
  if (!found) return undefined;
  const start = Math.max(0, phrase.lastIndexOf('{', found.index));
  const close = phrase.indexOf('}', found.index);
  const slot = phrase.slice(start, close === -1 ? phrase.length : close + 1);
  if (found[0].endsWith('#')) {
    return `has a word class "${slot}", which is not offered: list the words in a cue and write {@cue}`;
  }
  return `has "${slot}", which is not a frame: a frame is {@cue} alone in its braces ({{@a}|{@b}} for a choice of cues)`;
}

/** An author's regex as a source, or why it is refused. */
export function compileUserRegex(source: string): Source | { error: string } {
  try {
    new RegExp(source, REGEX_FLAGS);
  } catch (error) {
    return { error: `does not compile: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}` };
  }
  const unsafe = checkRegexSafety(source, REGEX_FLAGS);
  return unsafe ? { error: `is rejected: ${unsafe}` } : { source, flags: REGEX_FLAGS };
}

/** Why a list of sources is too large to compile, if it is. */
export function describeOversizedPattern(sources: readonly Source[]): string | undefined {
  const length = sources.reduce((sum, source) => sum + source.source.length + 5, 0);
  if (length <= MAX_PATTERN_LENGTH) return undefined;
  return `compiles to too large a pattern (got ${length} characters, expected at most ${MAX_PATTERN_LENGTH}); split it over several matchers or rules`;
}

/** Phrases go to the rule set's index; authors' regexes share one alternation. */
export function combinePattern(sources: Source[], phrases: PhraseIndexBuilder): TextPattern {
  // A repeated phrase never wins over its first occurrence in an alternation.
  const phraseSources = sources.filter((s) => s.flags === PHRASE_FLAGS);
  const ids = [...new Set(phraseSources.map((s) => s.id ?? phrases.add({ source: s.source, anchors: s.anchors ?? null, needs: s.needs })))];
  const group = sources.filter((s) => s.flags === REGEX_FLAGS).map((s) => s.source);
  if (group.length === 0) return { phrases: ids, regexes: [], needs: [] };
  const alternation = group.map((s) => `(?:${s})`).join('|');
  try {
    return { phrases: ids, regexes: [new RegExp(alternation, REGEX_FLAGS)], needs: [findRegexNeeds(alternation, REGEX_FLAGS)] };
  } catch {
    // Named groups repeated across user regexes cannot share one alternation.
    return { phrases: ids, regexes: group.map((s) => new RegExp(s, REGEX_FLAGS)), needs: group.map((s) => findRegexNeeds(s, REGEX_FLAGS)) };
  }
}

function compilePhrases(phrases: string[], key: 'phrase' | 'phrases', ctx: KindContext): TextPattern | MatcherProblem[] {
  const sources: Source[] = [];
  const problems: MatcherProblem[] = [];
  phrases.forEach((phrase, i) => {
    const result = compilePhraseSource(phrase, ctx.reading, ctx.useCue);
    if ('error' in result) problems.push({ keyPath: key === 'phrases' ? [key, i] : [key], message: `phrase "${phrase}" ${result.error}` });
    else sources.push(result);
  });
  const tooLarge = describeOversizedPattern(sources);
  if (tooLarge !== undefined) problems.push({ keyPath: [key], message: `${key} ${tooLarge}` });
  return problems.length > 0 ? problems : combinePattern(sources, ctx.phrases);
}

const textKind = {
  find: (pattern: TextPattern, view: Parameters<typeof findAll>[1]) => findAll(pattern, view),
  pattern: (pattern: TextPattern) => pattern,
};

const describePhrases = (phrases: string[]): string => phrases.map((phrase) => `"${phrase}"`).join(', ');

/** `phrase: "…"`: one phrase. */
export const phraseKind: MatcherKind<TextPattern> = {
  ...textKind,
  key: 'phrase',
  schema: { $ref: '#/$defs/phrase' },
  compile: (def, ctx) => compilePhrases([def.phrase ?? ''], 'phrase', ctx),
  describe: (def) => describePhrases([def.phrase ?? '']),
};

/** `phrases: […]`: any of several phrases. */
export const phrasesKind: MatcherKind<TextPattern> = {
  ...textKind,
  key: 'phrases',
  schema: { type: 'array', minItems: 1, items: { $ref: '#/$defs/phrase' } },
  compile: (def, ctx) => compilePhrases(def.phrases ?? [], 'phrases', ctx),
  describe: (def) => describePhrases(def.phrases ?? []),
};

/** `regex: "…"`: an author's regular expression (Unicode, case-insensitive), run in each turn that holds what it needs. */
export const regexKind: MatcherKind<TextPattern> = {
  ...textKind,
  key: 'regex',
  schema: { type: 'string', minLength: 1 },
  compile: (def, ctx) => {
    const result = compileUserRegex(def.regex ?? '');
    if ('error' in result) return [{ keyPath: ['regex'], message: `regex "${def.regex ?? ''}" ${result.error}` }];
    const tooLarge = describeOversizedPattern([result]);
    return tooLarge === undefined ? combinePattern([result], ctx.phrases) : [{ keyPath: ['regex'], message: `regex ${tooLarge}` }];
  },
  describe: (def) => `regex /${def.regex ?? ''}/`,
};

/** `cue: name`: a named list of phrases and regexes from the rule files' `cues`. */
export const cueKind: MatcherKind<TextPattern> = {
  ...textKind,
  key: 'cue',
  schema: { type: 'string', minLength: 1 },
  compile: (def: MatcherDef, ctx) => {
    const name = def.cue ?? '';
    const cue = ctx.cues.get(name);
    if (!cue) return [{ keyPath: ['cue'], message: `unknown cue "${name}" (${describeExpected(name, [...ctx.cues.keys()])})` }];
    ctx.useCue(name);
    return cue;
  },
  describe: (def) => `cue ${def.cue ?? ''}`,
};
