import { applyRules, findSurvivingSpans } from '../engine/apply.js';
import { createTurnView } from '../engine/turn-view.js';
import { BUILTIN_CUES } from '../rules/builtin-cues.js';
import type { CompiledGuard, CompiledMatcher, CompiledRule, CompiledRuleSet } from '../rules/compile.js';
import { combinePattern, compilePhraseSource, compileUserRegex, type PhraseReading, type Source } from '../rules/matchers/text.js';
import { createPhraseIndex, type PhraseIndexBuilder } from '../rules/text-pattern.js';
import type { CueEntryDef, MatcherDef } from '../rules/types.js';
import { formsOf } from '../rules/word-forms.js';
import type { Transcript } from '../types.js';

/** One entry of a rule's match, scored on the turns the rule found. */
export interface EntryScore {
  /** Where it is written: `match[2].phrases[4]`, `match[5].cue[3]` (the cue's entry 3); through a rule it refers to, `match[9] > minimising-directive match[0].phrases[1]`. */
  where: string;
  /** As written: the phrase, `/regex/`, or `cue name: ...` with the cue's entry. */
  text: string;
  /** Turns the rule found where this entry matched (its guards and the rule's left it standing). */
  turns: number;
  /** Of those, turns labelled with the rule's id. */
  true: number;
  false: number;
  /** true / turns. */
  precision: number;
  /** Labelled turns this entry alone explains: what removing it would cost. */
  only: number;
  /** Unlabelled turns this entry alone explains: the false alarms removing it would save. */
  onlyFalse: number;
}

/** Each entry of one rule's match with what it found, worst precision first. */
export interface PhraseAttribution {
  rule: string;
  /** Turns the rule found, and how many carry its label. */
  turns: number;
  true: number;
  entries: EntryScore[];
  /** Turns found that no entry explains (a model matcher's, or a referred rule's that no entry of it explains). */
  unexplained: { true: number; false: number };
}

/** A match entry compiled on its own, with every guard between it and the rule's finding. */
interface AttributedEntry {
  where: string;
  text: string;
  matcher: CompiledMatcher;
  /** The guards that may cancel its spans, innermost first. */
  guardLayers: CompiledGuard[][];
  /** Rules it is reached through, which must have fired on the turn too. */
  through: string[];
}

/** How deep `rule:` references are followed into the rules they name. */
const MAX_RULE_DEPTH = 4;

/**
 * Which of a rule's match entries (each phrase of a `phrases` list, each regex, each entry
 * of a cue, and through `rule:` the entries of the rule named) fired on the turns the rule
 * found, and how many of those turns carry its label. Found after the fact: the transcripts
 * are audited as usual, then each entry, compiled on its own, is tried on the turns found.
 */
export function attributeRuleEntries(transcripts: Transcript[], ruleSet: CompiledRuleSet, ruleId: string, cueDefs: Record<string, CueEntryDef[]>): PhraseAttribution {
  const byId = new Map(ruleSet.evaluation.map((rule) => [rule.id, rule]));
  const rule = byId.get(ruleId);
  if (!rule) throw new Error(`no rule "${ruleId}" in the rule set`);
  const builder = createPhraseIndex(ruleSet.phrases);
  const reading: PhraseReading = {
    normalisation: ruleSet.normalisation,
    forms: formsOf,
    cuePhrases: new Map(Object.entries({ ...BUILTIN_CUES, ...cueDefs }).map(([name, entries]) => [name, phrasesOf(entries)])),
    memo: { known: new Map(), used: new Map(), written: new Map() },
  };
  const entries = listEntries(rule, { byId, cueDefs, reading, builder }, 0);
  // Every rule reported, so that the rules an entry is reached through show where they fired.
  const everyRule: CompiledRuleSet = { ...ruleSet, evaluation: ruleSet.evaluation.map((r) => ({ ...r, reported: true })) };
  const counts = entries.map(() => ({ turns: 0, true: 0, only: 0, onlyFalse: 0 }));
  const result: PhraseAttribution = { rule: ruleId, turns: 0, true: 0, entries: [], unexplained: { true: 0, false: 0 } };
  for (const transcript of transcripts) {
    const fired = new Map<number, Set<string>>();
    for (const finding of applyRules(transcript, everyRule)) {
      if (finding.scope === 'turn') fired.set(finding.turn, (fired.get(finding.turn) ?? new Set()).add(finding.rule));
    }
    for (const turn of transcript.turns) {
      const rules = fired.get(turn.index);
      if (turn.role !== 'therapist' || rules?.has(ruleId) !== true) continue;
      const labelled = turn.labels?.includes(ruleId) === true;
      const view = createTurnView(turn.text, ruleSet.phrases, ruleSet.normalisation);
      const matching = { ruleMatch: () => null };
      const hits = entries.flatMap((entry, i) =>
        entry.through.every((id) => rules.has(id)) && findSurvivingSpans(entry.matcher, entry.guardLayers, view, matching).length > 0 ? [i] : [],
      );
      result.turns++;
      if (labelled) result.true++;
      if (hits.length === 0) result.unexplained[labelled ? 'true' : 'false']++;
      for (const i of hits) {
        const count = counts[i] as (typeof counts)[number];
        count.turns++;
        if (labelled) count.true++;
        if (hits.length === 1) count[labelled ? 'only' : 'onlyFalse']++;
      }
    }
  }
  result.entries = entries
    .map((entry, i) => ({ entry, count: counts[i] as (typeof counts)[number], order: i }))
    .filter(({ count }) => count.turns > 0)
    .map(({ entry, count, order }) => ({ order, score: scoreEntry(entry, count) }))
    .sort((a, b) => a.score.precision - b.score.precision || b.score.false - a.score.false || a.order - b.order)
    .map(({ score }) => score);
  return result;
}

function scoreEntry(entry: AttributedEntry, count: { turns: number; true: number; only: number; onlyFalse: number }): EntryScore {
  const { turns, only, onlyFalse } = count;
  return { where: entry.where, text: entry.text, turns, true: count.true, false: turns - count.true, precision: count.true / turns, only, onlyFalse };
}

function phrasesOf(entries: CueEntryDef[]): string[] | null {
  return entries.every((entry) => typeof entry === 'string') ? (entries as string[]) : null;
}

interface EntryContext {
  byId: Map<string, CompiledRule>;
  cueDefs: Record<string, CueEntryDef[]>;
  reading: PhraseReading;
  builder: PhraseIndexBuilder;
}

// Each written entry of the rule's match, in file order; a `rule:` entry stands for the entries of the rule it names.
function listEntries(rule: CompiledRule, ctx: EntryContext, depth: number): AttributedEntry[] {
  return (rule.def.match ?? []).flatMap((def, i) => {
    const compiled = rule.match[i];
    if (!compiled) return [];
    const guardLayers = [compiled.guards, rule.guards];
    const single = (where: string, text: string, source: Source | { error: string }): AttributedEntry[] =>
      'error' in source ? [] : [{ where, text, matcher: { key: 'phrases', compiled: combinePattern([source], ctx.builder), guards: [] }, guardLayers, through: [] }];
    if (def.rule !== undefined) {
      const named = ctx.byId.get(def.rule);
      if (!named || depth >= MAX_RULE_DEPTH) return [];
      return listEntries(named, ctx, depth + 1).map((entry) => ({
        ...entry,
        where: `match[${i}] > ${named.id} ${entry.where}`,
        guardLayers: [...entry.guardLayers, ...guardLayers],
        through: [named.id, ...entry.through],
      }));
    }
    return writtenEntries(def, i, ctx.cueDefs).flatMap(({ where, text, entry }) => single(where, text, compileEntry(entry, ctx)));
  });
}

// The entries a matcher lists, each with its place and how it reads; models have none.
function writtenEntries(def: MatcherDef, i: number, cueDefs: Record<string, CueEntryDef[]>): { where: string; text: string; entry: CueEntryDef }[] {
  if (def.phrase !== undefined) return [{ where: `match[${i}].phrase`, text: def.phrase, entry: def.phrase }];
  if (def.phrases !== undefined) return def.phrases.map((phrase, j) => ({ where: `match[${i}].phrases[${j}]`, text: phrase, entry: phrase }));
  if (def.regex !== undefined) return [{ where: `match[${i}].regex`, text: `/${def.regex}/`, entry: { regex: def.regex } }];
  if (def.cue === undefined) return [];
  const name = def.cue;
  return (cueDefs[name] ?? BUILTIN_CUES[name] ?? []).map((entry, j) => ({
    where: `match[${i}].cue[${j}]`,
    text: `cue ${name}: ${typeof entry === 'string' ? entry : `/${entry.regex}/`}`,
    entry,
  }));
}

function compileEntry(entry: CueEntryDef, ctx: EntryContext): Source | { error: string } {
  return typeof entry === 'string' ? compilePhraseSource(entry, ctx.reading) : compileUserRegex(entry.regex);
}
