/**
 * Domain types shared by every stage of the pipeline. No logic lives here.
 *
 * argv → options → rules (load, validate, compile) → discover → parse to Transcript
 * → apply rules → Finding[] → summarize → RunReport → formatter → exit code
 */

/** The ten codebook ids, in display order: techniques first, then pitfalls. */
export const RULE_IDS = [
  'empathy',
  'positive-self-talk',
  'support-encouragement',
  'normalizing',
  'education',
  'over-reliance',
  'invalidation',
  'reinforcing-negative-thoughts',
  'ignoring-underlying-issues',
  'false-hope',
] as const;
/** A codebook id. Rule files may add ids of their own, so rules carry plain strings. */
export type CodebookId = (typeof RULE_IDS)[number];

export const RULE_KINDS = ['technique', 'pitfall'] as const;
/** Whether a rule finds good practice or a problem. */
export type RuleKind = (typeof RULE_KINDS)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
/** How serious a finding is; techniques are always `info`. */
export type Severity = (typeof SEVERITIES)[number];

export const FAIL_LEVELS = ['info', 'warning', 'error', 'never'] as const;
/** The lowest severity that makes a run exit 1 (`never`: no finding fails the run). */
export type FailLevel = (typeof FAIL_LEVELS)[number];

export const ROLES = ['therapist', 'client', 'other'] as const;
/** What part a speaker plays in the session. */
export type Role = (typeof ROLES)[number];

export const SCOPES = ['turn', 'session'] as const;
/** Whether a rule judges one therapist turn or a whole session. */
export type Scope = (typeof SCOPES)[number];

/** A position in a source file, both 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * Where a run of a turn's text starts in the source file: text offsets from `offset` on
 * lie on `line`, starting at `column`. Lets formatters point at the exact match.
 */
export interface TextSegment {
  offset: number;
  line: number;
  column: number;
}

/** A suppression of one rule's finding on one turn, with the reason a human gave. */
export interface Suppression {
  rule: string;
  reason?: string;
}

/** One speaker turn: consecutive lines of one speaker. */
export interface Turn {
  /** 1-based position of the turn in its session. */
  index: number;
  /** The speaker label as written in the file. */
  speaker: string;
  role: Role;
  text: string;
  /** 1-based line in the file where the turn starts. */
  line: number;
  /** Maps text offsets to file positions; absent means "all on `line`, column 1". */
  segments?: TextSegment[];
  /** A timestamp as written in the source (never part of `text`). */
  time?: string;
  /** Codebook ids a human coder gave the turn (labelled transcripts, intended examples). */
  labels?: string[];
  /** Suppressed rules on this turn. */
  ignore?: Suppression[];
  /** Any other keys the source carried on the turn, kept as they were. */
  extra?: Record<string, unknown>;
}

/** One session, whatever format it came from. The engine sees only this. */
export interface Transcript {
  /** Session id: from the file, or the file's relative path without extension. */
  id: string;
  /** Path of the source file relative to the working directory (`-` for stdin). */
  path: string;
  /** The parser that read it (`yaml`, `text`, …). */
  format: string;
  /** Metadata from the source (therapist, client, date, anything else). */
  meta: Record<string, unknown>;
  /** 1-based line of each metadata key's value, where the format gives one (to point a warning at). */
  metaLines?: Record<string, number>;
  turns: Turn[];
  /** Session-level labels from a human coder. */
  labels?: string[];
  /** 1-based line where the session starts in its file (several YAML documents per file). */
  line: number;
}

/** A span of a turn's text, offsets in UTF-16 code units, `end` exclusive. */
export interface MatchSpan {
  start: number;
  end: number;
  text: string;
}

/** Where a finding's match is: its span in the turn text and its position in the file. */
export interface FindingMatch extends MatchSpan {
  /** 1-based line of the match start in the file. */
  line: number;
  /** 1-based column of the match start on that line. */
  column: number;
}

/** One rule hit: data only, worded by the formatters. */
export interface Finding {
  rule: string;
  kind: RuleKind;
  severity: Severity;
  scope: Scope;
  /** Session id. */
  session: string;
  /** Relative path of the file. */
  file: string;
  /** 1-based turn index (for session-scope findings: the first contributing turn). */
  turn: number;
  /** 1-based line in the file where the turn starts (for session findings: the first contributing turn). */
  line: number;
  speaker: string;
  match: FindingMatch;
  /** The sentence around the match, trimmed to a readable length. */
  excerpt: string;
  /** Session-scope findings: the turns that contributed, 1-based. */
  turns?: number[];
  /** Session-scope findings: the measured value that crossed the threshold. */
  value?: number;
  /** Set when a human label marks this finding as intended. */
  expected?: boolean;
  /** Findings of a `model` matcher: why the model fired. */
  evidence?: FindingEvidence;
  /** The client turn before the finding's turn, shortened, for readers of the finding (HTML report); not in the JSON report. */
  clientBefore?: { turn: number; excerpt: string };
}

/** Why a trained model fired on a turn: its score and the features that weighed most. */
export interface FindingEvidence {
  /** The model file as the rule names it. */
  model: string;
  score: number;
  threshold: number;
  /** Largest |weight| first; under `--redact` only features that are not transcript words. */
  features: { feature: string; weight: number }[];
}

/** Per-session result. */
export interface SessionReport {
  id: string;
  file: string;
  format: string;
  turns: number;
  therapistTurns: number;
  /**
   * Share of therapist turns that reassure: turns with at least one turn finding, technique
   * or pitfall (the pitfalls are reassurance gone wrong).
   */
  reassuranceShare: number;
  /** Zero-filled: every rule id in the rule set has a count. */
  counts: Record<string, number>;
  findings: Finding[];
  /** Speakers seen, with their roles, in order of first appearance. */
  speakers: SpeakerSummary[];
  /** Labelled (intended) findings that the rules no longer find. */
  missed: Expectation[];
  /** Findings taken out of the counts by an `ignore` entry on their turn. */
  suppressed: SuppressedFinding[];
  /** The role of every turn in order, for drawing the session along its turns (HTML report); not in the JSON report. */
  turnRoles?: Role[];
  /** The therapist and date from the session's metadata or the config's `sessions:`, when given (for trends). */
  therapist?: string;
  date?: string;
}

/** A speaker label, the role it was given, and how many turns it has. */
export interface SpeakerSummary {
  speaker: string;
  role: Role;
  turns: number;
}

/** A human label on a turn or session that no finding matched. */
export interface Expectation {
  rule: string;
  scope: Scope;
  turn: number;
  line: number;
}

/** A finding an `ignore: [{rule, reason}]` entry took out of the counts. */
export interface SuppressedFinding {
  finding: Finding;
  reason: string;
}

/** A problem with one input file that did not stop the run. */
export interface InputProblem {
  file: string;
  line?: number;
  message: string;
  /** The message without the transcript words it quotes (speaker names), for `--redact`. */
  redactedMessage?: string;
  /** On a warning, what it is about: a key that groups warnings without reading their messages. */
  kind?: WarningKind;
}

/** The kinds of warning, one key per message a warning is made from (the report schema lists them too). */
export const WARNING_KINDS = [
  'duplicate-session-id',
  'no-turns',
  'no-therapist-turn',
  'no-client-turn',
  'other-speakers',
  'windows-1252',
  'empty-input',
  'ignore-without-reason',
  'ignore-unused',
  'invalid-date',
  'label-unknown',
  'label-misplaced',
] as const;

/** What a warning is about: one of `WARNING_KINDS`. */
export type WarningKind = (typeof WARNING_KINDS)[number];

/** What every formatter needs to know about a rule. */
export interface RuleSummary {
  id: string;
  kind: RuleKind;
  name: string;
  severity: Severity;
  scope: Scope;
  description: string;
  rationale: string;
}

/** Totals over all sessions. */
export interface RunTotals {
  sessions: number;
  turns: number;
  therapistTurns: number;
  findings: number;
  techniques: number;
  pitfalls: number;
  counts: Record<string, number>;
}

/** Everything a formatter reads. */
export interface RunReport {
  schemaVersion: number;
  tool: { name: string; version: string };
  rules: RuleSummary[];
  sessions: SessionReport[];
  totals: RunTotals;
  /** Inputs that could not be read or parsed (the run exits 2). */
  problems: InputProblem[];
  /** Things the user should know that do not fail the run (no therapist found, …). */
  warnings: InputProblem[];
  failLevel: FailLevel;
  /** True when transcript text was left out of the report (`--redact`). */
  redacted: boolean;
}

/** Options every formatter receives. */
export interface FormatOptions {
  color: boolean;
  /** List every finding under its session. */
  details: boolean;
  /** Show only pitfalls, and nothing when there are none. */
  quiet: boolean;
  /** Whether the run will fail (for formats that show a verdict). */
  failing: boolean;
  /** `--strict`: a labelled pitfall no longer found fails the run (CI formats show it as a failure). */
  strict?: boolean;
}

/** One output format. Registered in `format/index.ts`. */
export interface Formatter {
  name: string;
  /** What the format is for, shown in `--help`. */
  description: string;
  format: (report: RunReport, options: FormatOptions) => string;
  /**
   * Writes the report as its sessions arrive, holding none of them; formats without it
   * are given the whole report at the end.
   */
  stream?: (head: ReportHead, options: FormatOptions) => ReportWriter;
}

/** What a streamed report knows before its first session. */
export type ReportHead = Omit<RunReport, 'sessions' | 'totals' | 'problems' | 'warnings'>;

/** What a streamed report learns after its last session. */
export type ReportTail = Pick<RunReport, 'totals' | 'problems' | 'warnings'>;

/** A format's text for a report that arrives one session at a time, in order. */
export interface ReportWriter {
  start: () => string;
  session: (session: SessionReport) => string;
  /** The rest of the report; `failing` is the run's verdict. */
  end: (tail: ReportTail, failing: boolean) => string;
}
