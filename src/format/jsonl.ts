/**
 * The `jsonl` format: one JSON object per session per line, each carrying `schemaVersion`,
 * `tool`, `failLevel` and `redacted` so a line stands alone (for `grep`, `jq -c`, log
 * pipelines). Run-level data (totals, problems) is left to the `json` format.
 */
import type { Formatter, RunReport } from '../types.js';
import { toJsonSession } from './json.js';

/** The `jsonl` formatter. */
export const jsonl: Formatter = {
  name: 'jsonl',
  description: 'one JSON object per session per line',
  format: formatJsonl,
};

/** Renders one line per session, each ending in a newline; `''` when there are no sessions. */
export function formatJsonl(report: RunReport): string {
  return report.sessions
    .map((session) =>
      JSON.stringify({
        schemaVersion: report.schemaVersion,
        tool: { name: report.tool.name, version: report.tool.version },
        failLevel: report.failLevel,
        redacted: report.redacted,
        ...toJsonSession(session, report.rules),
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}
