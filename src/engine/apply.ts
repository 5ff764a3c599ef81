import type { CompiledGuard, CompiledMatcher, CompiledRule, CompiledRuleSet } from '../rules/compile.js';
import type { Finding, MatchSpan, Transcript, Turn } from '../types.js';
import { sentenceAt, wordsBackStart, wordsForwardEnd } from './text.js';
import { findWithKind, isLate, patternOf } from '../rules/matchers/index.js';
import { hasMatch } from './text-match.js';
import { createTurnView, type TurnView } from './turn-view.js';
import { evaluateSessionRules, type SessionTally } from './session.js';
import { describeMatch } from './excerpt.js';
import { contentWords } from './words.js';
import { createModelInputs, type EvidencedSpan } from './model-match.js';
import type { MatchContext } from '../rules/matchers/types.js';

/** How many earlier client turns context conditions may look back over (schema maximum). */
const MAX_CLIENT_LOOKBACK = 10;

/** A client turn kept for context, with what has been matched on it so far. */
interface ClientTurn {
  context: TurnView;
  /** Text-only results of rules referred to from client conditions, by rule id. */
  ruleMatches: Map<string, MatchSpan | null>;
  /** Content words, computed when an overlap condition first asks. */
  words?: Set<string>;
  /** The match context of client conditions on this turn, made when first asked. */
  matching?: MatchContext;
}

/** Per-session state: everything is updated once per turn, so a session is one pass. */
interface SessionState {
  rules: Map<string, CompiledRule>;
  /** Each rule's position in `ruleSet.evaluation`, where `turnResults` keeps its result. */
  ruleSlots: Map<string, number>;
  /**
   * The current therapist turn's result of each rule by slot (undefined: not evaluated yet),
   * one array for the session: a map per turn grew its table as the rules were recorded.
   */
  turnResults: (MatchSpan | null | undefined)[];
  /** Rules with a late matcher (a model), in evaluation order, keeping only those matchers. */
  modelRules: CompiledRule[];
  recentClients: ClientTurn[];
  repeatCounts: Map<string, number>;
  tally: SessionTally;
  timing?: RuleTiming;
}

/** Time spent per rule on the therapist turns of a transcript, read from `now` (milliseconds). */
export interface RuleTiming {
  now: () => number;
  spent: Map<string, number>;
}

/**
 * Applies every rule to every therapist turn of a transcript (client turns are context),
 * then the session-level rules over what the turns produced. Returns the reported findings.
 */
export function applyRules(transcript: Transcript, ruleSet: CompiledRuleSet, timing?: RuleTiming): Finding[] {
  const state: SessionState = {
    timing,
    rules: new Map(ruleSet.evaluation.map((rule) => [rule.id, rule])),
    ruleSlots: new Map(ruleSet.evaluation.map((rule, slot) => [rule.id, slot])),
    turnResults: new Array<MatchSpan | null | undefined>(ruleSet.evaluation.length).fill(undefined),
    // The second pass runs only the models: the rule's other matchers already had their turn.
    modelRules: ruleSet.evaluation
      .filter((rule) => rule.match.some(isLate))
      .map((rule) => ({ ...rule, match: rule.match.filter(isLate) })),
    recentClients: [],
    repeatCounts: new Map(),
    tally: { therapistTurns: 0, hits: new Map(), sequences: new Map() },
  };
  const findings: Finding[] = [];
  for (const turn of transcript.turns) {
    if (turn.role === 'client') {
      state.recentClients.unshift({ context: createTurnView(turn.text, ruleSet.phrases, ruleSet.normalisation), ruleMatches: new Map() });
      if (state.recentClients.length > MAX_CLIENT_LOOKBACK) state.recentClients.pop();
    } else if (turn.role === 'therapist') {
      findings.push(...applyToTherapistTurn(transcript, turn, ruleSet, state));
    }
  }
  findings.push(...evaluateSessionRules(transcript, ruleSet, state.tally));
  return findings;
}

function applyToTherapistTurn(transcript: Transcript, turn: Turn, ruleSet: CompiledRuleSet, state: SessionState): Finding[] {
  const context = createTurnView(turn.text, ruleSet.phrases, ruleSet.normalisation);
  const results = state.turnResults.fill(undefined);
  const resultOf = (id: string): MatchSpan | null | undefined => results[state.ruleSlots.get(id) ?? -1];
  // One match context per pass, not one per rule: this loop runs for every rule of every turn.
  const matching: MatchContext = { ruleMatch: (id) => resultOf(id) ?? null };
  const findings: Finding[] = [];
  state.tally.therapistTurns++;
  const record = (rule: CompiledRule, span: EvidencedSpan | null): void => {
    results[state.ruleSlots.get(rule.id) as number] = span;
    if (!span) return;
    const hits = state.tally.hits.get(rule.id) ?? [];
    hits.push(turn.index);
    state.tally.hits.set(rule.id, hits);
    if (rule.reported) findings.push(makeTurnFinding(transcript, turn, rule, span, context));
  };
  for (const rule of ruleSet.evaluation) {
    if (rule.match.length === 0) continue;
    const started = state.timing?.now();
    record(rule, evaluateTurnRule(rule, context, matching, state, matching));
    if (state.timing && started !== undefined) {
      state.timing.spent.set(rule.id, (state.timing.spent.get(rule.id) ?? 0) + state.timing.now() - started);
    }
  }
  // Models score the turn with the rules' findings as features (as in training), so they
  // run after every rule, on the rules that their other matchers left silent. Rules that
  // refer to a rule with a model see its other matchers only.
  // A loop, not a filter: most rule sets have no model, and a filter made an empty array per turn.
  let modelRules: CompiledRule[] | undefined;
  for (const rule of state.modelRules) if (resultOf(rule.id) === null) (modelRules ??= []).push(rule);
  if (modelRules !== undefined) {
    const found = ruleSet.reported.filter((rule) => resultOf(rule.id)).map((rule) => rule.id);
    const late: MatchContext = { ruleMatch: matching.ruleMatch, modelInputs: createModelInputs(turn.text, state.recentClients[0]?.context.text ?? '', () => found) };
    for (const rule of modelRules) record(rule, evaluateTurnRule(rule, context, matching, state, late));
  }
  for (const rule of ruleSet.evaluation) {
    const sequence = rule.session?.sequence;
    if (!sequence) continue;
    const asked = clientMatches(sequence.request, 1, state);
    if (asked && sequence.answer.some((m) => matcherHits(m, context, matching))) {
      const turns = state.tally.sequences.get(rule.id) ?? [];
      turns.push(turn.index);
      state.tally.sequences.set(rule.id, turns);
    }
  }
  return findings;
}

function evaluateTurnRule(
  rule: CompiledRule,
  context: TurnView,
  plain: MatchContext,
  state: SessionState,
  matching: MatchContext,
): MatchSpan | null {
  const span = findRuleSpan(rule, context, matching);
  if (!span) return null;
  if (rule.client && !clientMatches(rule.client.matchers, rule.client.within, state)) return null;
  if (rule.notClient && clientMatches(rule.notClient.matchers, rule.notClient.within, state)) return null;
  if (rule.has.length > 0 && !rule.has.some((m) => matcherHits(m, context, plain))) return null;
  if (rule.lacks.some((m) => matcherHits(m, context, plain))) return null;
  if (rule.overlap && !overlapHolds(rule.overlap, context, state)) return null;
  if (rule.repeat > 1) {
    const count = (state.repeatCounts.get(rule.id) ?? 0) + 1;
    state.repeatCounts.set(rule.id, count);
    if (count < rule.repeat) return null;
  }
  return span;
}

/**
 * The first span of a rule's own match that no guard cancels (context not considered).
 * Model matchers take part only when the match context holds the turn's model inputs.
 * Runs for every rule of every turn, and most find nothing: nothing is allocated then.
 */
function findRuleSpan(rule: CompiledRule, context: TurnView, matching: MatchContext): MatchSpan | null {
  let candidates: MatchSpan[] | undefined;
  for (const matcher of rule.match) {
    const spans = matcherSpans(matcher, context, matching);
    if (spans.length === 0) continue;
    candidates ??= [];
    for (const span of spans) candidates.push(span);
  }
  if (candidates === undefined) return null;
  if (candidates.length > 1) candidates.sort(byStartThenLongest);
  for (const span of candidates) if (!cancelledByAny(rule.guards, span, context)) return span;
  return null;
}

function byStartThenLongest(a: MatchSpan, b: MatchSpan): number {
  return a.start - b.start || b.end - a.end;
}

function cancelledByAny(guards: readonly CompiledGuard[], span: MatchSpan, context: TurnView): boolean {
  for (const guard of guards) if (guardCancels(guard, span, context)) return true;
  return false;
}

/** A matcher's spans in a text that its own guards leave standing (possibly a shared empty array: never changed in place). */
function matcherSpans(matcher: CompiledMatcher, context: TurnView, matching: MatchContext): readonly MatchSpan[] {
  const spans = findWithKind(matcher, context, matching);
  if (matcher.guards.length === 0 || spans.length === 0) return spans;
  return keepUncancelled(spans, matcher.guards, context);
}

// Apart from matcherSpans, which runs for every matcher of every turn: a closure there makes
// V8 allocate the variables it captures on every call, whether or not it is ever created.
function keepUncancelled(spans: readonly MatchSpan[], guards: readonly CompiledGuard[], context: TurnView): MatchSpan[] {
  return spans.filter((span) => !cancelledByAny(guards, span, context));
}

/**
 * The spans of one matcher in a turn that neither its own guards nor any layer of
 * `guardLayers` (a rule's `unless`, a referring rule's) cancel: what `eval --by-phrase`
 * tells a finding's entries apart with, after the fact. The audit never calls it.
 */
export function findSurvivingSpans(matcher: CompiledMatcher, guardLayers: readonly (readonly CompiledGuard[])[], view: TurnView, matching: MatchContext): MatchSpan[] {
  return matcherSpans(matcher, view, matching).filter((span) => guardLayers.every((guards) => !cancelledByAny(guards, span, view)));
}

function clientMatches(matchers: CompiledMatcher[], within: number, state: SessionState): boolean {
  const last = Math.min(within, state.recentClients.length);
  for (let i = 0; i < last; i++) {
    const client = state.recentClients[i] as ClientTurn;
    for (const matcher of matchers) if (clientMatcherHits(matcher, client, state)) return true;
  }
  return false;
}

function clientMatcherHits(matcher: CompiledMatcher, client: ClientTurn, state: SessionState): boolean {
  const pattern = matcher.guards.length === 0 ? patternOf(matcher) : undefined;
  if (pattern) return hasMatch(pattern, client.context, 0, client.context.text.length);
  return matcherSpans(matcher, client.context, clientMatching(client, state)).length > 0;
}

// A rule named in a client condition is matched on the client's words alone.
function clientMatching(client: ClientTurn, state: SessionState): MatchContext {
  client.matching ??= { ruleMatch: (id) => matchRuleOnClient(id, client, state) };
  return client.matching;
}

function matchRuleOnClient(id: string, client: ClientTurn, state: SessionState): MatchSpan | null {
  const cached = client.ruleMatches.get(id);
  if (cached !== undefined) return cached;
  const rule = state.rules.get(id);
  client.ruleMatches.set(id, null);
  const span = rule ? findRuleSpan(rule, client.context, clientMatching(client, state)) : null;
  client.ruleMatches.set(id, span);
  return span;
}

function matcherHits(matcher: CompiledMatcher, context: TurnView, matching: MatchContext): boolean {
  const pattern = matcher.guards.length === 0 ? patternOf(matcher) : undefined;
  if (pattern) return hasMatch(pattern, context, 0, context.text.length);
  return matcherSpans(matcher, context, matching).length > 0;
}

function overlapHolds(overlap: NonNullable<CompiledRule['overlap']>, context: TurnView, state: SessionState): boolean {
  const own = contentWords(context.text);
  let shared = 0;
  for (const client of state.recentClients.slice(0, overlap.within)) {
    client.words ??= contentWords(client.context.text);
    for (const word of own) if (client.words.has(word)) shared++;
  }
  return shared >= overlap.min && shared <= overlap.max;
}

function guardCancels(guard: CompiledGuard, span: MatchSpan, context: TurnView): boolean {
  const { text } = context;
  const sentence = sentenceAt(context, span.start);
  switch (guard.type) {
    case 'question':
      return sentence.question;
    case 'negated':
      return hasMatch(guard.pattern, context, wordsBackStart(text, sentence.start, span.start, guard.window), span.start);
    case 'hedged':
      return hasMatch(guard.pattern, context, sentence.start, sentence.end);
    case 'quoted':
      return (
        context.quoted.some(([start, end]) => start <= span.start && span.end <= end) ||
        hasMatch(guard.reported, context, sentence.start, span.start)
      );
    case 'text': {
      if (guard.before === undefined && guard.after === undefined) return hasMatch(guard.pattern, context, sentence.start, sentence.end);
      const from = guard.before !== undefined ? wordsBackStart(text, sentence.start, span.start, guard.before) : span.start;
      const to = guard.after !== undefined ? wordsForwardEnd(text, span.end, sentence.end, guard.after) : span.end;
      return (
        (guard.before !== undefined && hasMatch(guard.pattern, context, from, span.start)) ||
        (guard.after !== undefined && hasMatch(guard.pattern, context, span.end, to))
      );
    }
  }
}

// Spans are found in the normalised text; a finding points at the original.
function makeTurnFinding(transcript: Transcript, turn: Turn, rule: CompiledRule, found: EvidencedSpan, context: TurnView): Finding {
  const sentence = sentenceAt(context, found.start);
  const span = { start: context.toOriginal(found.start), end: context.toOriginal(found.end, 'end'), evidence: found.evidence };
  const around = { ...sentence, start: context.toOriginal(sentence.start), end: context.toOriginal(sentence.end, 'end') };
  const { line, column, excerpt } = describeMatch(turn, { ...span, text: turn.text.slice(span.start, span.end) }, around);
  return {
    rule: rule.id,
    kind: rule.kind,
    severity: rule.severity,
    scope: 'turn',
    session: transcript.id,
    file: transcript.path,
    turn: turn.index,
    line: turn.line,
    speaker: turn.speaker,
    match: { start: span.start, end: span.end, text: turn.text.slice(span.start, span.end), line, column },
    excerpt,
    ...(span.evidence === undefined ? {} : { evidence: span.evidence }),
  };
}
