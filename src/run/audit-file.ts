import { applyRules } from '../engine/apply.js';
import { readTranscriptFile, type ReadOptions, type ReadResult } from '../ingest/read.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import { summarizeSession } from '../report/summarize.js';
import type { InputProblem, RuleSummary, SessionReport } from '../types.js';

/** One input's sessions, audited and summarised, and what the user should know about it. */
export interface InputOutcome {
  sessions: SessionReport[];
  problems: InputProblem[];
  warnings: InputProblem[];
  /** Whether this is one of the discovered files (for progress), not stdin or discovery. */
  fromFile: boolean;
}

/** Applies the rules to every session read and summarises each. */
export function auditRead(read: ReadResult, ruleSet: CompiledRuleSet, rules: RuleSummary[], fromFile: boolean): InputOutcome {
  const outcome: InputOutcome = { sessions: [], problems: read.problems, warnings: [...read.warnings], fromFile };
  for (const transcript of read.transcripts) {
    const summary = summarizeSession(transcript, applyRules(transcript, ruleSet), rules);
    outcome.sessions.push(summary.session);
    outcome.warnings.push(...summary.warnings);
  }
  return outcome;
}

/** Reads one file and audits its sessions. */
export async function auditFile(absPath: string, ruleSet: CompiledRuleSet, rules: RuleSummary[], options: ReadOptions): Promise<InputOutcome> {
  return auditRead(await readTranscriptFile(absPath, options), ruleSet, rules, true);
}
