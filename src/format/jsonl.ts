/**
 * The `jsonl` format: one JSON object per line, each carrying `schemaVersion`, `tool`,
 * `failLevel`, `redacted` and its `type` so a line stands alone (for `grep`, `jq -c`, log
 * pipelines): a `session` record per session, then a `problem` record per input that could
 * not be read and a `warning` record per warning (`file`, `line`, `message`, and a warning's
 * `kind`, as the `json` format writes them). Problems and warnings are known only when the
 * run ends, so they come last, in the `json` report's order. The totals are left to the
 * `json` format (a reader sums the sessions).
 */
import type { Formatter, InputProblem, ReportHead, ReportTail, ReportWriter, RunReport, SessionReport } from '../types.js';
import { toJsonProblem, toJsonSession } from './json.js';

/** What a `jsonl` line holds, in its `type` key. */
export type JsonlRecordType = 'session' | 'problem' | 'warning';

/** The `jsonl` formatter. */
export const jsonl: Formatter = {
  name: 'jsonl',
  description: 'one JSON object per session per line, then one per input problem and one per warning',
  format: formatJsonl,
  stream: (head) => streamJsonl(head),
};

/** Renders a line per session, then per problem, then per warning, each ending in a newline; `''` when there are none. */
export function formatJsonl(report: RunReport): string {
  return report.sessions.map((session) => formatSessionLine(report, session)).join('') + formatTailLines(report, report);
}

/** Writes a line as each session arrives, and the problems' and warnings' lines at the end. */
export function streamJsonl(head: ReportHead): ReportWriter {
  return {
    start: () => '',
    session: (session) => formatSessionLine(head, session),
    end: (tail) => formatTailLines(head, tail),
  };
}

// Problems before warnings, as the `json` report lists them.
function formatTailLines(head: ReportHead, tail: Pick<ReportTail, 'problems' | 'warnings'>): string {
  return [...tail.problems.map((problem) => formatProblemLine(head, 'problem', problem)), ...tail.warnings.map((warning) => formatProblemLine(head, 'warning', warning))].join('');
}

function formatSessionLine(head: ReportHead, session: SessionReport): string {
  return formatLine(head, 'session', toJsonSession(session, head.rules));
}

function formatProblemLine(head: ReportHead, type: 'problem' | 'warning', problem: InputProblem): string {
  return formatLine(head, type, toJsonProblem(problem));
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
