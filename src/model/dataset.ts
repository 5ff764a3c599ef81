import { applyRules } from '../engine/apply.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { Transcript } from '../types.js';
import { extractFeatures } from './features.js';

/** One therapist turn ready for training or measuring: its features, labels and rule findings. */
export interface LabelledTurn {
  session: string;
  turn: number;
  features: string[];
  /** Codebook ids a human coder gave the turn. */
  labels: string[];
  /** Ids the base rule set found on the turn. */
  rules: string[];
}

/**
 * Every therapist turn of the transcripts, in file and turn order, with the features the
 * model sees: the turn, the client's last turn before it, and the base rules' findings.
 */
export function collectLabelledTurns(transcripts: Transcript[], ruleSet: CompiledRuleSet): LabelledTurn[] {
  const turns: LabelledTurn[] = [];
  for (const transcript of transcripts) {
    const found = new Map<number, Set<string>>();
    for (const finding of applyRules(transcript, ruleSet)) {
      if (finding.scope !== 'turn') continue;
      const ids = found.get(finding.turn) ?? new Set<string>();
      ids.add(finding.rule);
      found.set(finding.turn, ids);
    }
    let clientText = '';
    for (const turn of transcript.turns) {
      if (turn.role === 'client') clientText = turn.text;
      if (turn.role !== 'therapist') continue;
      const rules = [...(found.get(turn.index) ?? [])].sort();
      turns.push({
        session: transcript.id,
        turn: turn.index,
        features: extractFeatures({ turnText: turn.text, clientText, baseFindingIds: rules }),
        labels: [...(turn.labels ?? [])],
        rules,
      });
    }
  }
  return turns;
}
