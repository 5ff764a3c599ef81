import { applyRules } from '../engine/apply.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { Transcript } from '../types.js';
import { frameWords } from './frame-words.js';

/** A candidate frame and what adding it to the rule would do on the labelled turns given. */
export interface FrameSuggestion {
  /** The frame's words, space-separated, in their normalised form. */
  frame: string;
  words: number;
  /** Labelled turns the rule misses that hold the frame: what adding it would find. */
  support: number;
  /** Turns without the label, not flagged yet, that hold the frame: the new false alarms. */
  falseAlarms: number;
  /** support / (support + falseAlarms): the precision of the turns the frame would add. */
  precision: number;
  /** Labelled turns that hold the frame, found by the rule or not. */
  labelled: number;
  /** Therapist turns that hold the frame. */
  turns: number;
  /** The rule's turn-level F1 with the frame added. */
  f1: number;
}

/** `rules suggest`: the rule's standing on the data, and the frames ranked. */
export interface FrameSuggestions {
  rule: string;
  /** False when the rule set has no turn rule of that id (every labelled turn is missed). */
  known: boolean;
  sessions: number;
  therapistTurns: number;
  labelled: number;
  found: number;
  missed: number;
  falseAlarms: number;
  /** The rule's turn-level F1 today; null when nothing is labelled or flagged. */
  f1: number | null;
  frames: FrameSuggestion[];
}

/** How many frames to keep and which to consider. */
export interface SuggestOptions {
  top: number;
  minSupport: number;
  /** Leave out frames whose added turns would be right less often than this. */
  minPrecision: number;
  /** The longest frame, in words. */
  maxWords: number;
}

// One therapist turn as `suggest` sees it.
interface JudgedTurn {
  labelled: boolean;
  flagged: boolean;
  frames: Set<string>;
}

// Counts of one candidate, and the turns it occurs in (to spot frames that say the same).
interface Tally {
  words: number;
  support: number;
  falseAlarms: number;
  labelled: number;
  turns: number[];
}

/**
 * Ranks the frames (word n-grams of 1 to `maxWords` words, within a sentence) of the
 * labelled turns the rule misses by the F1 the rule would reach with the frame added; ties go
 * to more support, higher precision, fewer words, then the frame's spelling. A longer frame
 * found in exactly the same turns as a shorter one inside it is left out.
 */
export function suggestFrames(transcripts: Transcript[], ruleSet: CompiledRuleSet, rule: string, options: SuggestOptions): FrameSuggestions {
  const known = ruleSet.reported.some((candidate) => candidate.id === rule && candidate.match.length > 0);
  const turns = judgeTurns(transcripts, ruleSet, rule, known, options.maxWords);
  const found = turns.filter((turn) => turn.labelled && turn.flagged).length;
  const missed = turns.filter((turn) => turn.labelled && !turn.flagged).length;
  const falseAlarms = turns.filter((turn) => !turn.labelled && turn.flagged).length;
  const tallies = tallyCandidates(turns);
  const ranked = [...tallies]
    .filter(([, tally]) => tally.support >= Math.max(1, options.minSupport))
    .map(([frame, tally]) => describeFrame(frame, tally, { found, missed, falseAlarms }))
    .filter((suggestion) => suggestion.precision >= options.minPrecision)
    .sort(compareSuggestions);
  return {
    rule,
    known,
    sessions: transcripts.length,
    therapistTurns: turns.length,
    labelled: found + missed,
    found,
    missed,
    falseAlarms,
    f1: found + missed + falseAlarms === 0 ? null : f1Of(found, falseAlarms, missed),
    frames: dropSameTurnFrames(ranked, tallies).slice(0, options.top),
  };
}

/** The n-grams of 1 to `maxWords` words of each sentence, as frames. */
export function collectFrames(sentences: string[][], maxWords: number): Set<string> {
  const frames = new Set<string>();
  for (const words of sentences) {
    for (let start = 0; start < words.length; start++) {
      for (let n = 1; n <= maxWords && start + n <= words.length; n++) frames.add(words.slice(start, start + n).join(' '));
    }
  }
  return frames;
}

function judgeTurns(transcripts: Transcript[], ruleSet: CompiledRuleSet, rule: string, known: boolean, maxWords: number): JudgedTurn[] {
  const judged: JudgedTurn[] = [];
  for (const transcript of transcripts) {
    const findings = known ? applyRules(transcript, ruleSet) : [];
    const flagged = new Set(findings.filter((f) => f.rule === rule && f.scope === 'turn').map((f) => f.turn));
    for (const turn of transcript.turns) {
      if (turn.role !== 'therapist') continue;
      judged.push({ labelled: turn.labels?.includes(rule) === true, flagged: flagged.has(turn.index), frames: collectFrames(frameWords(turn.text), maxWords) });
    }
  }
  return judged;
}

// Candidates are the frames of the missed turns; every turn is then counted against them.
function tallyCandidates(turns: JudgedTurn[]): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const turn of turns) {
    if (!turn.labelled || turn.flagged) continue;
    for (const frame of turn.frames) tallies.set(frame, { words: frame.split(' ').length, support: 0, falseAlarms: 0, labelled: 0, turns: [] });
  }
  turns.forEach((turn, index) => {
    for (const frame of turn.frames) {
      const tally = tallies.get(frame);
      if (!tally) continue;
      tally.turns.push(index);
      if (turn.labelled) tally.labelled++;
      if (turn.labelled && !turn.flagged) tally.support++;
      if (!turn.labelled && !turn.flagged) tally.falseAlarms++;
    }
  });
  return tallies;
}

function describeFrame(frame: string, tally: Tally, today: { found: number; missed: number; falseAlarms: number }): FrameSuggestion {
  return {
    frame,
    words: tally.words,
    support: tally.support,
    falseAlarms: tally.falseAlarms,
    precision: tally.support / (tally.support + tally.falseAlarms),
    labelled: tally.labelled,
    turns: tally.turns.length,
    f1: f1Of(today.found + tally.support, today.falseAlarms + tally.falseAlarms, today.missed - tally.support),
  };
}

function f1Of(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

function compareSuggestions(a: FrameSuggestion, b: FrameSuggestion): number {
  return b.f1 - a.f1 || b.support - a.support || b.precision - a.precision || a.words - b.words || (a.frame < b.frame ? -1 : a.frame > b.frame ? 1 : 0);
}

// Frames are ranked already, and a shorter frame ranks at or above a longer one in the same turns.
function dropSameTurnFrames(ranked: FrameSuggestion[], tallies: Map<string, Tally>): FrameSuggestion[] {
  const keptBySpread = new Map<string, string[]>();
  return ranked.filter((suggestion) => {
    const spread = tallies.get(suggestion.frame)?.turns.join(',') ?? '';
    const kept = keptBySpread.get(spread) ?? [];
    if (kept.some((shorter) => ` ${suggestion.frame} `.includes(` ${shorter} `))) return false;
    keptBySpread.set(spread, [...kept, suggestion.frame]);
    return true;
  });
}
