import { createRequire } from 'node:module';
import type { FailLevel, InputProblem, RuleSummary, RunReport, RunTotals, SessionReport } from '../types.js';

/** Version of the JSON report's shape; bumped on any breaking change. */
export const REPORT_SCHEMA_VERSION = 1;

const packageJson = createRequire(import.meta.url)('../../package.json') as { name: string; version: string };

/** The tool's name and version, from package.json. */
export const TOOL = { name: packageJson.name, version: packageJson.version } as const;

/** The parts a run report is built from. */
export interface RunReportParts {
  rules: RuleSummary[];
  sessions: SessionReport[];
  problems: InputProblem[];
  warnings: InputProblem[];
  failLevel: FailLevel;
}

/** Puts a run's sessions together with totals over all of them. */
export function buildRunReport(parts: RunReportParts): RunReport {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: { ...TOOL },
    rules: parts.rules,
    sessions: parts.sessions,
    totals: sumTotals(parts.sessions, parts.rules),
    problems: parts.problems,
    warnings: parts.warnings,
    failLevel: parts.failLevel,
    redacted: false,
  };
}

function sumTotals(sessions: SessionReport[], rules: RuleSummary[]): RunTotals {
  const counts = Object.fromEntries(rules.map((rule) => [rule.id, 0]));
  const kinds = new Map(rules.map((rule) => [rule.id, rule.kind]));
  let techniques = 0;
  let pitfalls = 0;
  for (const session of sessions) {
    for (const [id, count] of Object.entries(session.counts)) {
      counts[id] = (counts[id] ?? 0) + count;
      if (kinds.get(id) === 'pitfall') pitfalls += count;
      else techniques += count;
    }
  }
  return {
    sessions: sessions.length,
    turns: sessions.reduce((sum, s) => sum + s.turns, 0),
    therapistTurns: sessions.reduce((sum, s) => sum + s.therapistTurns, 0),
    findings: techniques + pitfalls,
    techniques,
    pitfalls,
    counts,
  };
}
