import { collectNeededRules, type CompiledRuleSet } from '../rules/compile.js';
import type { Severity } from '../types.js';
import { describeExpected } from '../closest-name.js';
import { formatFieldPath, type FieldPathSegment } from '../field-path.js';

/** Per-rule changes a config file (or the command line) makes to a compiled rule set. */
export interface RuleOverrides {
  severity: Record<string, Severity>;
  disable: string[];
}

/** A bad override: its entry (`['severity', id]`, `['disable', n]`), and a message that starts with it. */
export interface OverrideProblem {
  path: FieldPathSegment[];
  message: string;
}

/** The rule set with the overrides applied, or one problem per bad override. */
export type RuleOverrideResult = { ok: true; ruleSet: CompiledRuleSet } | { ok: false; problems: OverrideProblem[] };

/**
 * Applies severity overrides and switches rules off, without changing `ruleSet`. A
 * switched-off rule leaves `reported`; it stays in `evaluation` (with `reported: false`)
 * only while a reported rule still needs its matches; disabling a rule the rule file already
 * switched off changes nothing. Problems: an id the rule set does not have (named with the
 * ids it has), a severity for a switched-off rule, or a technique given a severity other
 * than info.
 * Messages start with the entry (`severity.<id>`, `disable[<n>]`).
 */
export function applyRuleOverrides(ruleSet: CompiledRuleSet, overrides: RuleOverrides): RuleOverrideResult {
  const problems = listOverrideProblems(ruleSet, overrides);
  if (problems.length > 0) return { ok: false, problems };
  const disabled = new Set(overrides.disable);
  const wasReported = new Set(ruleSet.reported.map((rule) => rule.id));
  const rules = new Map(
    ruleSet.evaluation.map((rule) => [
      rule.id,
      {
        ...rule,
        severity: (Object.hasOwn(overrides.severity, rule.id) ? overrides.severity[rule.id] : undefined) ?? rule.severity,
        reported: rule.reported && !disabled.has(rule.id),
      },
    ]),
  );
  const needed = collectNeededRules([...rules.values()]);
  const kept = (rule: { id: string; reported: boolean }): boolean => rule.reported || needed.has(rule.id);
  return {
    ok: true,
    ruleSet: {
      ...ruleSet,
      evaluation: [...rules.values()].filter(kept),
      // A reported rule the config switches off is listed even while other rules still use it.
      switchedOff: [...ruleSet.switchedOff, ...[...rules.values()].filter((rule) => !kept(rule) || (disabled.has(rule.id) && wasReported.has(rule.id))).map((rule) => rule.id)],
      reported: ruleSet.reported.flatMap((rule) => {
        const updated = rules.get(rule.id);
        return updated?.reported === true ? [updated] : [];
      }),
    },
  };
}

function listOverrideProblems(ruleSet: CompiledRuleSet, overrides: RuleOverrides): OverrideProblem[] {
  const byId = new Map(ruleSet.evaluation.map((rule) => [rule.id, rule]));
  const known = [...new Set([...ruleSet.reported, ...ruleSet.evaluation].map((rule) => rule.id))];
  const problemAt = (path: FieldPathSegment[], message: string): OverrideProblem => ({ path, message: `${formatFieldPath(path)}: ${message}` });
  const unknown = (path: FieldPathSegment[], id: string): OverrideProblem => problemAt(path, `unknown rule "${id}" (${describeExpected(id, known)})`);
  const problems: OverrideProblem[] = [];
  const off = new Set(ruleSet.switchedOff);
  for (const [id, severity] of Object.entries(overrides.severity)) {
    const rule = byId.get(id);
    if (rule === undefined && off.has(id)) {
      problems.push(problemAt(['severity', id], `rule "${id}" is switched off (\`enabled: false\` in a rule file), so its severity would change nothing; switch it on, or remove this entry`));
    } else if (rule === undefined) problems.push(unknown(['severity', id], id));
    else if (rule.kind === 'technique' && severity !== 'info') {
      problems.push(problemAt(['severity', id], `"${id}" is a technique, and techniques have severity info (got "${severity}")`));
    }
  }
  // A rule the rule file already switched off is off as asked: nothing to complain about.
  overrides.disable.forEach((id, index) => {
    if (!byId.has(id) && !off.has(id)) problems.push(unknown(['disable', index], id));
  });
  return problems;
}
