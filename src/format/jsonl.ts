/**
 * The `jsonl` format: one JSON object per line, each carrying `schemaVersion`, `tool`,
 * `failLevel`, `redacted` and its `type` so a line stands alone (for `grep`, `jq -c`, log
 * pipelines): a `session` record per session, then a `warning` record per warning (`file`,
 * `line`, `message`, `kind`, as the `json` format writes a warning). Warnings are known only
 * when the run ends, so they come last. Run-level data (totals, problems) is left to the
 * `json` format.
 */
import type { Formatter, InputProblem, ReportHead, ReportWriter, RunReport, SessionReport } from '../types.js';
import { toJsonProblem, toJsonSession } from './json.js';

/** What a `jsonl` line holds, in its `type` key. */
export type JsonlRecordType = 'session' | 'warning';

/** The `jsonl` formatter. */
export const jsonl: Formatter = {
  name: 'jsonl',
  description: 'one JSON object per session per line, then one per warning',
  format: formatJsonl,
  stream: (head) => streamJsonl(head),
};

/** Renders a line per session, then a line per warning, each ending in a newline; `''` when there are none. */
export function formatJsonl(report: RunReport): string {
  return [...report.sessions.map((session) => formatSessionLine(report, session)), ...report.warnings.map((warning) => formatWarningLine(report, warning))].join('');
}

/** Writes a line as each session arrives, and the warnings' lines at the end. */
export function streamJsonl(head: ReportHead): ReportWriter {
  return {
    start: () => '',
    session: (session) => formatSessionLine(head, session),
    end: (tail) => tail.warnings.map((warning) => formatWarningLine(head, warning)).join(''),
  };
}

function formatSessionLine(head: ReportHead, session: SessionReport): string {
  return formatLine(head, 'session', toJsonSession(session, head.rules));
}

function formatWarningLine(head: ReportHead, warning: InputProblem): string {
  return formatLine(head, 'warning', toJsonProblem(warning));
}

function formatLine(head: ReportHead, type: JsonlRecordType, body: object): string {
  const line = JSON.stringify({
    schemaVersion: head.schemaVersion,
    tool: { name: head.tool.name, version: head.tool.version },
    failLevel: head.failLevel,
    redacted: head.redacted,
    type,
    ...body,
  });
  return `${line}\n`;
}
