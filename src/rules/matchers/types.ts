import type { EvidencedSpan, ModelInputs } from '../../engine/model-match.js';
import type { TurnView } from '../../engine/turn-view.js';
import type { MatchSpan } from '../../types.js';
import type { LoadedRuleFile } from '../load.js';
import type { ModelCache } from './model.js';
import type { JsonSchema } from '../schema-check.js';
import type { PhraseIndexBuilder, TextPattern } from '../text-pattern.js';
import type { PhraseReading } from './text.js';
import type { MatcherDef } from '../types.js';

/** What a matcher kind may use while compiling. */
export interface KindContext {
  cues: Map<string, TextPattern>;
  ids: Set<string>;
  phrases: PhraseIndexBuilder;
  reading: PhraseReading;
  models: ModelCache;
  /** The rule file holding the rule's `match`, when the matcher is in it (model paths are relative to it). */
  matchFile?: LoadedRuleFile;
  /** Records that the rule uses a cue (for `rules explain`). */
  useCue(name: string): void;
}

/** What a matcher reads beside the turn. */
export interface MatchContext {
  /** The surviving match of a rule on the same text (rules run in dependency order), or null. */
  ruleMatch(id: string): MatchSpan | null;
  /** The turn's model inputs: given only in the late pass (see `MatcherKind.late`). */
  modelInputs?: ModelInputs;
}

/** A problem in one matcher: the key path below the matcher, and the message. */
export interface MatcherProblem {
  keyPath: (string | number)[];
  message: string;
}

/**
 * One kind of matcher: the YAML key that selects it, the schema of its value, and how it
 * compiles (to plain data), finds spans and describes itself. Registered in
 * rules/matchers/index.ts; the compiler, the schema test, the engine and `rules explain`
 * read the registry.
 */
export interface MatcherKind<Compiled> {
  key: keyof MatcherDef & string;
  /** The schema of the key's value, as in schema/rules.schema.json's matcher (and guard). */
  schema: JsonSchema;
  /** Keys that go with this one in the same matcher ("id" with "model"). */
  companions?: (keyof MatcherDef & string)[];
  compile(def: MatcherDef, ctx: KindContext): Compiled | MatcherProblem[];
  /** The spans found: possibly one shared empty array, so never changed in place. */
  find(compiled: Compiled, view: TurnView, ctx: MatchContext): readonly EvidencedSpan[];
  /** One line for `rules explain`. */
  describe(def: MatcherDef): string;
  /** More for `rules explain`: a titled list (a model's strongest features). */
  explain?(compiled: Compiled): { title: string; items: string[] } | undefined;
  /** Text kinds, which may also serve as guards: the pattern a guard tests near a match. */
  pattern?(compiled: Compiled): TextPattern;
  /** Rules whose matches it reads: they are evaluated first. */
  references?(compiled: Compiled): string[];
  /** Runs after every other matcher of the turn, on the rules they left silent. */
  late?: boolean;
}
