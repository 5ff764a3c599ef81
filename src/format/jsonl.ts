/**
 * The `jsonl` format: one JSON object per session per line, each carrying `schemaVersion`,
 * `tool`, `failLevel` and `redacted` so a line stands alone (for `grep`, `jq -c`, log
 * pipelines). Run-level data (totals, problems) is left to the `json` format.
 */
import type { Formatter, ReportHead, ReportWriter, RunReport, SessionReport } from '../types.js';
import { toJsonSession } from './json.js';

/** The `jsonl` formatter. */
export const jsonl: Formatter = {
  name: 'jsonl',
  description: 'one JSON object per session per line',
  format: formatJsonl,
  stream: (head) => streamJsonl(head),
};

/** Renders one line per session, each ending in a newline; `''` when there are no sessions. */
export function formatJsonl(report: RunReport): string {
  return report.sessions.map((session) => formatJsonlLine(report, session)).join('');
}

/** Writes one line as each session arrives. */
export function streamJsonl(head: ReportHead): ReportWriter {
  return { start: () => '', session: (session) => formatJsonlLine(head, session), end: () => '' };
}

function formatJsonlLine(head: ReportHead, session: SessionReport): string {
  const line = JSON.stringify({
    schemaVersion: head.schemaVersion,
    tool: { name: head.tool.name, version: head.tool.version },
    failLevel: head.failLevel,
    redacted: head.redacted,
    ...toJsonSession(session, head.rules),
  });
  return `${line}\n`;
}
