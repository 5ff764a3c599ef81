/**
 * The `sarif` format: SARIF 2.1.0 for code-scanning UIs (GitHub code scanning, IDE
 * viewers). One run; a result per finding, suppressed and expected findings included with
 * an in-source suppression so viewers can show or hide them. Locations are relative to
 * `%SRCROOT%`; no absolute path or time is written. `informationUri` is left out (the tool
 * knows no stable URL and makes no network calls). With `--strict`, a labelled pitfall no
 * longer found fails the run, so it is an `error` result at its turn (rule and turn only,
 * no transcript text).
 */
import type { Expectation, Finding, FormatOptions, Formatter, InputProblem, ReportHead, ReportTail, ReportWriter, RuleSummary, RunReport, SessionReport, Severity } from '../types.js';
import { describeInputMessage, describeMissed, describeModelEvidence, describeTurns, findEndColumn, toOneLine, formatValue } from './describe.js';
import { sortFindings } from '../report/order.js';
import { emptyTail, joinReport, streamJsonArray } from './stream.js';

/** The SARIF 2.1.0 schema location. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** SARIF result levels used here. */
type SarifLevel = 'note' | 'warning' | 'error';

const LEVEL_OF_SEVERITY: Record<Severity, SarifLevel> = { info: 'note', warning: 'warning', error: 'error' };

/** A finding with the suppression that applies to it, if any. */
interface Entry {
  finding: Finding;
  justification?: string;
}

/** The `sarif` formatter. */
export const sarif: Formatter = {
  name: 'sarif',
  description: 'SARIF 2.1.0, for code scanning (e.g. github/codeql-action/upload-sarif)',
  format: formatSarif,
  stream: streamSarif,
};

/** Renders the report as a SARIF 2.1.0 log (2-space JSON, trailing newline). */
export function formatSarif(report: RunReport, options: Pick<FormatOptions, 'strict'> = {}): string {
  return `${JSON.stringify(toSarifLog(report, options), null, 2)}\n`;
}

/** Builds the SARIF log object. */
export function toSarifLog(report: RunReport, options: Pick<FormatOptions, 'strict'> = {}): Record<string, unknown> {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const strict = options.strict === true;
  return placeResults(report, report.sessions.flatMap((session) => toSessionResults(session, report, ruleIndex, strict)));
}

/** Writes the same text as `formatSarif`, a session's results at a time. */
export function streamSarif(head: ReportHead, options: Pick<FormatOptions, 'strict'> = {}): ReportWriter {
  const report = joinReport(head, [], emptyTail());
  const ruleIndex = new Map(head.rules.map((rule, index) => [rule.id, index]));
  const strict = options.strict === true;
  const array = streamJsonArray(placeResults, report);
  return {
    start: array.start,
    session: (session) => toSessionResults(session, report, ruleIndex, strict).map(array.item).join(''),
    // Problems and warnings are known only at the end; they follow the results.
    end: (tail) => array.end(joinReport(head, [], tail)),
  };
}

/**
 * A session's findings and suppressed findings as results, in output order, then (under
 * `strict`) its labelled pitfalls no longer found.
 */
function toSessionResults(session: SessionReport, report: ReportHead, ruleIndex: ReadonlyMap<string, number>, strict: boolean): Record<string, unknown>[] {
  const entries = new Map<Finding, Entry>();
  for (const finding of session.findings) entries.set(finding, { finding });
  for (const { finding, reason } of session.suppressed) entries.set(finding, { finding, justification: reason });
  const results = sortFindings([...entries.keys()], report.rules).map((finding) =>
    toSarifResult(entries.get(finding) ?? { finding }, report, ruleIndex),
  );
  const missed = strict ? session.missed.map((expectation) => toMissedResult(expectation, session, ruleIndex)) : [];
  return [...results, ...missed];
}

/** An `error` result at a labelled turn the rules no longer find (it fails a `--strict` run). */
function toMissedResult(missed: Expectation, session: SessionReport, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  const index = ruleIndex.get(missed.rule);
  return {
    ruleId: missed.rule,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: 'error',
    message: { text: describeMissed(missed) },
    locations: [{ physicalLocation: { artifactLocation: toArtifactLocation(session.file), region: { startLine: missed.line } } }],
    properties: { session: session.id, turn: missed.turn, missed: true },
  };
}

/** The SARIF log around a list of results. */
function placeResults(report: ReportHead & Partial<ReportTail>, results: unknown[]): Record<string, unknown> {
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            rules: report.rules.map(toSarifRule),
          },
        },
        columnKind: 'utf16CodeUnits',
        results,
        invocations: [toInvocation(report)],
      },
    ],
  };
}

/**
 * The run's invocation: unsuccessful when an input could not be read, with a notification
 * per such input (`error`) and per warning (`warning`). Without it a code-scanning view
 * showed a run that exited 2 as a clean one.
 */
function toInvocation(report: ReportHead & Partial<ReportTail>): Record<string, unknown> {
  const problems = report.problems ?? [];
  const warnings = report.warnings ?? [];
  const notify = (kind: 'problem' | 'warning', problem: InputProblem): Record<string, unknown> => ({
    level: kind === 'problem' ? 'error' : 'warning',
    message: { text: describeInputMessage(problem, kind, report.redacted) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: toArtifactLocation(problem.file),
          ...(problem.line === undefined ? {} : { region: { startLine: problem.line } }),
        },
      },
    ],
  });
  return {
    executionSuccessful: problems.length === 0,
    toolExecutionNotifications: [...problems.map((problem) => notify('problem', problem)), ...warnings.map((warning) => notify('warning', warning))],
  };
}

/** The level of a rule or finding: techniques are notes, pitfalls follow their severity. */
export function toSarifLevel(kind: RuleSummary['kind'], severity: Severity): SarifLevel {
  return kind === 'technique' ? 'note' : LEVEL_OF_SEVERITY[severity];
}

/** A `reportingDescriptor` for one rule. */
function toSarifRule(rule: RuleSummary): Record<string, unknown> {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.name },
    fullDescription: { text: rule.description },
    defaultConfiguration: { level: toSarifLevel(rule.kind, rule.severity) },
    help: { text: rule.rationale },
    properties: { tags: [rule.kind], scope: rule.scope },
  };
}

/** A `result` for one finding, with its location and any suppression. */
function toSarifResult(entry: Entry, report: ReportHead, ruleIndex: ReadonlyMap<string, number>): Record<string, unknown> {
  const { finding } = entry;
  const index = ruleIndex.get(finding.rule);
  const rule = index === undefined ? undefined : report.rules[index];
  const justification =
    entry.justification ?? (finding.expected === true ? 'labelled as an intended example' : undefined);
  return {
    ruleId: finding.rule,
    ...(index === undefined ? {} : { ruleIndex: index }),
    level: toSarifLevel(finding.kind, finding.severity),
    message: { text: describeResult(finding, rule?.name ?? finding.rule, report.redacted) },
    locations: [{ physicalLocation: { artifactLocation: toArtifactLocation(finding.file), region: toRegion(finding) } }],
    ...(justification === undefined ? {} : { suppressions: [{ kind: 'inSource', justification }] }),
    properties: {
      session: finding.session,
      turn: finding.turn,
      ...(finding.turns === undefined ? {} : { turns: finding.turns }),
      ...(finding.value === undefined ? {} : { value: finding.value }),
    },
  };
}

/**
 * `Creating false hope, turn 6: "Everything will be fine."`; when redacted, the rule name
 * and position only.
 */
function describeResult(finding: Finding, ruleName: string, redacted: boolean): string {
  const value = finding.value === undefined ? '' : ` (value ${formatValue(finding.value)})`;
  const evidence = finding.evidence === undefined ? '' : ` (${describeModelEvidence(finding.evidence)})`;
  const head = `${ruleName}, ${describeTurns(finding)}${value}`;
  if (redacted) return `${head}, line ${finding.match.line}, column ${finding.match.column}${evidence}`;
  return finding.excerpt === '' ? `${head}${evidence}` : `${head}: "${toOneLine(finding.excerpt)}"${evidence}`;
}

/** A relative URI under `%SRCROOT%`: forward slashes, each path segment percent-encoded. */
export function toArtifactLocation(file: string): { uri: string; uriBaseId: string } {
  const uri = file
    .replace(/\\/g, '/')
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return { uri, uriBaseId: '%SRCROOT%' };
}

/** The finding's region; `endColumn` (exclusive) when the match is on one line. */
function toRegion(finding: Finding): Record<string, number> {
  const endColumn = findEndColumn(finding);
  return {
    startLine: finding.match.line,
    startColumn: finding.match.column,
    ...(endColumn === undefined ? {} : { endColumn }),
  };
}
