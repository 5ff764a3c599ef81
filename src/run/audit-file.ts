import { applyRules, type RuleTiming } from '../engine/apply.js';
import { readTranscriptFile, type ReadOptions, type ReadResult } from '../ingest/read.js';
import { listUnreportedIds, type CompiledRuleSet } from '../rules/compile.js';
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

/** Applies the rules to every session read and summarises each (timing each rule when asked). */
export function auditRead(read: ReadResult, ruleSet: CompiledRuleSet, rules: RuleSummary[], fromFile: boolean, timing?: RuleTiming): InputOutcome {
  const outcome: InputOutcome = { sessions: [], problems: read.problems, warnings: [...read.warnings], fromFile };
  const sessionRules = new Set(ruleSet.reported.filter((rule) => rule.session !== undefined).map((rule) => rule.id));
  // A label of a rule switched off (or only used by others) is neither checked nor a typo.
  const unreported = listUnreportedIds(ruleSet);
  for (const transcript of read.transcripts) {
    const summary = summarizeSession(transcript, applyRules(transcript, ruleSet, timing), rules, { sessionRules, unreported });
    outcome.sessions.push(summary.session);
    outcome.warnings.push(...summary.warnings);
  }
  return outcome;
}

/** Reads one file and audits its sessions. */
export async function auditFile(absPath: string, ruleSet: CompiledRuleSet, rules: RuleSummary[], options: ReadOptions, timing?: RuleTiming): Promise<InputOutcome> {
  return auditRead(await readTranscriptFile(absPath, options), ruleSet, rules, true, timing);
}

/**
 * The last-resort time guard: the rule that spent longest on the first file, when it spent
 * more than `limitMs` there. A pattern that passed the load-time checks can still backtrack
 * badly (polynomially) on long turns; better to stop after one file than run for hours.
 */
export function findSlowRule(timing: RuleTiming, limitMs: number): { rule: string; ms: number } | undefined {
  let slowest: { rule: string; ms: number } | undefined;
  for (const [rule, ms] of timing.spent) if (ms > limitMs && (slowest === undefined || ms > slowest.ms)) slowest = { rule, ms };
  return slowest;
}
