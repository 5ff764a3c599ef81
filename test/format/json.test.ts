import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { formatJson } from '../../src/format/json.js';
import { formatJsonl } from '../../src/format/jsonl.js';
import { redactReport } from '../../src/report/redact.js';
import { RULE_IDS, WARNING_KINDS } from '../../src/types.js';
import { expectGolden } from '../helpers/golden.js';
import { ODD_NAME, buildOddNamesReport, buildReport } from '../fixtures/format/report.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

const SCHEMA = JSON.parse(readFileSync(new URL('../../schema/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(SCHEMA);
/** Schema violations as `path: message`, none when the report conforms. */
const checkSchema = (value: unknown): string[] =>
  validate(value) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''}`);
const validateLine = new Ajv2020({ allErrors: true, strict: false }).addSchema(SCHEMA, 'report').compile({ $ref: 'report#/$defs/jsonlRecord' });
/** A `jsonl` line's schema violations, as `checkSchema` gives a report's. */
const checkLineSchema = (value: unknown): string[] =>
  validateLine(value) ? [] : (validateLine.errors ?? []).map((error) => `${error.instancePath}: ${error.message ?? ''}`);
/** The lines of a `jsonl` text, parsed. */
const parseLines = (text: string): Record<string, unknown>[] => (text === '' ? [] : text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));

interface Parsed {
  sessions: { id: string; counts: Record<string, number>; findings: { rule: string; turn: number }[] }[];
}

describe('formatJson', () => {
  test('matches golden json', async () => {
    await expectGolden(formatJson(buildReport()), 'format/report.json');
  });

  test.each([
    ['plain', buildReport()],
    ['redacted', redactReport(buildReport())],
    ['empty', buildReport({ sessions: [], problems: [], warnings: [] })],
  ])('conforms to schema/report.schema.json (%s)', (_name, report) => {
    expect(checkSchema(JSON.parse(formatJson(report)))).toEqual([]);
  });

  // The JSON report left out the therapist and date that the HTML trends are drawn from.
  test("writes a session's therapist and date when it has them, the therapist numbered under --redact", () => {
    const sessions = (report: Parameters<typeof formatJson>[0]): unknown[] =>
      (JSON.parse(formatJson(report)) as { sessions: { id: string; therapist?: string; date?: string }[] }).sessions.map(({ id, therapist, date }) => [id, therapist, date]);
    expect(sessions(buildReport())).toEqual([
      ['intake-01', 'Dr. Quillfeather', '2026-01-05'],
      ['follow-up-02', undefined, undefined],
      ['closing-03', 'Dr. Quillfeather', '2026-02-09'],
    ]);
    expect(sessions(redactReport(buildReport()))).toEqual([
      ['intake-01', 'therapist 1', '2026-01-05'],
      ['follow-up-02', undefined, undefined],
      ['closing-03', 'therapist 1', '2026-02-09'],
    ]);
  });

  test('the schema checker does catch a broken report', () => {
    const broken = JSON.parse(formatJson(buildReport())) as Record<string, unknown>;
    delete broken.totals;
    broken.extra = 1;
    expect(checkSchema(broken)).toEqual([": must have required property 'totals'", ': must NOT have additional properties']);
  });

  // merge leaves out a kind the schema does not list: a kind added to one list only would be lost.
  test("the schema's warning kinds are the ones warnings are made with", () => {
    const problem = (SCHEMA as { $defs: { problemFields: { properties: { kind: { enum: string[] } } } } }).$defs.problemFields;
    expect(problem.properties.kind.enum).toEqual([...WARNING_KINDS]);
  });

  test('uses 2-space indentation, a trailing newline and a fixed key order', () => {
    const text = formatJson(buildReport());
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "schemaVersion": 1,');
    expect(Object.keys(JSON.parse(text) as object)).toEqual([
      'schemaVersion',
      'tool',
      'rules',
      'sessions',
      'totals',
      'problems',
      'warnings',
      'failLevel',
      'redacted',
    ]);
  });

  test('zero-fills counts in rule order and sorts findings by turn', () => {
    const parsed = JSON.parse(formatJson(buildReport())) as Parsed;
    const first = parsed.sessions[0];
    expect(Object.keys(first?.counts ?? {})).toEqual([...RULE_IDS]);
    expect(first?.findings.map((finding) => finding.turn)).toEqual([2, 4, 6, 8]);
  });

  // JSON escapes by construction: a newline or an escape in a session id or file name stays inside its string.
  test('a session id or file name with control characters round-trips, escaped', () => {
    const output = formatJson(buildOddNamesReport());
    const parsed = JSON.parse(output) as { sessions: { id: string; file: string }[] };
    expect({ raw: output.includes('\u001b') || output.includes('new\nline'), id: parsed.sessions[0]?.id.startsWith(ODD_NAME), file: parsed.sessions[0]?.file.startsWith(ODD_NAME) }).toEqual({ raw: false, id: true, file: true });
  });
});

describe('formatJsonl', () => {
  test('matches golden jsonl', async () => {
    await expectGolden(formatJsonl(buildReport()), 'format/report.jsonl');
  });

  test('writes one standalone object per session per line, then one per problem, then one per warning, each with its type', () => {
    const lines = formatJsonl(buildReport()).split('\n');
    expect(lines.pop()).toBe('');
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(parsed.map((line) => [line.schemaVersion, line.tool, line.type, line.id ?? line.file])).toEqual([
      [1, { name: 'reassure', version: '0.1.0' }, 'session', 'intake-01'],
      [1, { name: 'reassure', version: '0.1.0' }, 'session', 'follow-up-02'],
      [1, { name: 'reassure', version: '0.1.0' }, 'session', 'closing-03'],
      [1, { name: 'reassure', version: '0.1.0' }, 'problem', 'samples/broken.yaml'],
      [1, { name: 'reassure', version: '0.1.0' }, 'warning', 'samples/closing-03.yaml'],
    ]);
  });

  test.each([
    ['plain', buildReport()],
    ['redacted', redactReport(buildReport())],
    ['empty', buildReport({ sessions: [], problems: [], warnings: [] })],
  ])("each line conforms to schema/report.schema.json's jsonlRecord (%s)", (_name, report) => {
    const lines = parseLines(formatJsonl(report));
    expect(lines.map(checkLineSchema)).toEqual(lines.map(() => []));
  });

  test('the line schema does catch broken lines', () => {
    const [session, , , problem] = parseLines(formatJsonl(buildReport()));
    expect(checkLineSchema({ ...session, extra: 1 })).toEqual([': must NOT have unevaluated properties']);
    // A branch that fails keeps none of the keys it knows: the rest are then named as unknown too.
    expect(checkLineSchema({ ...problem, message: undefined }).slice(0, 2)).toEqual([": must have required property 'message'", ': must match "else" schema']);
    expect(checkLineSchema({ ...problem, type: 'total' })).toEqual(['/type: must be equal to one of the allowed values']);
  });

  // A file that could not be read was in the json report but not in jsonl: a pipeline lost it.
  test("a problem's line holds what the json report's problems hold, in the same order", () => {
    const problems = [
      { file: 'b.csv', line: 2, message: 'no speaker column; header: Who, Said', redactedMessage: 'no speaker column; header left out by --redact' },
      { file: 'a.yaml', message: 'cannot read the file: permission denied' },
    ];
    const report = buildReport({ problems, warnings: [] });
    const lines = parseLines(formatJsonl(report)).filter((line) => line.type === 'problem');
    const fromJson = (JSON.parse(formatJson(report)) as { problems: unknown[] }).problems;
    expect(lines).toEqual(fromJson.map((problem) => ({ schemaVersion: 1, tool: { name: 'reassure', version: '0.1.0' }, failLevel: 'warning', redacted: false, type: 'problem', ...(problem as object) })));
  });

  test("--redact: a problem's line has the redacted message, as the json report's has", () => {
    const problem = { file: 'b.csv', line: 2, message: 'no speaker column; header: Who, Said', redactedMessage: 'no speaker column; header left out by --redact' };
    const report = redactReport(buildReport({ problems: [problem], warnings: [] }));
    const line = parseLines(formatJsonl(report)).find((candidate) => candidate.type === 'problem');
    const fromJson = (JSON.parse(formatJson(report)) as { problems: Record<string, unknown>[] }).problems[0];
    expect({ message: line?.message, redactedMessage: line?.redactedMessage, json: fromJson?.message }).toEqual({ message: problem.redactedMessage, redactedMessage: undefined, json: problem.redactedMessage });
  });

  // The run's warnings (no therapist turn, repeated ids) were in every other format but this one.
  test("a warning's line holds what the json report's warnings hold", () => {
    const warnings = [
      { file: 'a.txt', line: 1, message: 'no therapist turn found; speakers seen: Glimmerwick, Marisol; use --therapist NAME', kind: 'no-therapist-turn' as const },
      { file: 'b.yaml', message: 'session id "s" is also the id of a session in a.yaml', kind: 'duplicate-session-id' as const },
    ];
    const report = buildReport({ warnings });
    const lines = formatJsonl(report).trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const fromJson = (JSON.parse(formatJson(report)) as { warnings: unknown[] }).warnings;
    expect(lines.slice(-2)).toEqual(fromJson.map((warning) => ({ schemaVersion: 1, tool: { name: 'reassure', version: '0.1.0' }, failLevel: 'warning', redacted: false, type: 'warning', ...(warning as object) })));
  });

  test("--redact: a warning's line names no speaker, as the json report's does not", () => {
    const warning = { file: 'a.txt', line: 1, message: 'no therapist turn found; speakers seen: Glimmerwick, Marisol', redactedMessage: 'no therapist turn found; 2 speakers seen (names left out by --redact)', kind: 'no-therapist-turn' as const };
    const text = formatJsonl(redactReport(buildReport({ warnings: [warning] })));
    const last = JSON.parse(text.trimEnd().split('\n').at(-1) ?? '') as Record<string, unknown>;
    expect({ redacted: last.redacted, message: last.message, names: /Glimmerwick|Marisol/.test(text) }).toEqual({ redacted: true, message: warning.redactedMessage, names: false });
  });

  test('is empty with no sessions, no problems and no warnings', () => {
    expect(formatJsonl(buildReport({ sessions: [], problems: [], warnings: [] }))).toBe('');
  });
});
