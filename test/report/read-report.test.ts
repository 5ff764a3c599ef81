import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { readReportParts, type ReportPart } from '../../src/report/read-report.js';

/** A finding as `--format json` writes it, written here by hand. */
const FINDING = {
  rule: 'false-hope',
  kind: 'pitfall',
  severity: 'warning',
  scope: 'turn',
  turn: 2,
  line: 3,
  speaker: 'Therapist',
  match: { start: 0, end: 23, text: 'everything will be fine', line: 3, column: 12 },
  excerpt: 'Everything will be fine.',
};

/** A session as `--format json` writes it. */
const SESSION = {
  id: 's1',
  file: 's1.txt',
  format: 'text',
  turns: 2,
  therapistTurns: 1,
  reassuranceShare: 1,
  counts: { 'false-hope': 1 },
  findings: [FINDING],
  missed: [{ rule: 'false-hope', scope: 'turn', turn: 2, line: 3 }],
  suppressed: [{ finding: FINDING, reason: 'scripted' }],
};

const HEAD = { schemaVersion: 1, tool: { name: 'reassure', version: '0.1.0' }, failLevel: 'warning', redacted: false };

/** A whole `json` report of one session. */
function jsonReport(session: unknown = SESSION, extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      ...HEAD,
      rules: [{ id: 'false-hope', kind: 'pitfall', name: 'Creating false hope', severity: 'warning', scope: 'turn' }],
      sessions: [session],
      totals: {},
      problems: [],
      warnings: [],
      ...extra,
    },
    null,
    2,
  );
}

/** A `jsonl` line of one session. */
function jsonlLine(session: unknown = SESSION): string {
  return JSON.stringify({ ...HEAD, ...(session as object) });
}

async function* numbered(text: string): AsyncGenerator<{ text: string; line: number }> {
  let line = 0;
  for (const piece of text.split('\n')) yield { text: piece, line: ++line };
}

async function read(text: string, redact = false): Promise<ReportPart[]> {
  const parts: ReportPart[] = [];
  for await (const part of readReportParts(numbered(text), 'r.json', redact)) parts.push(part);
  return parts;
}

async function readError(text: string, redact = false): Promise<{ message: string; file?: string; line?: number; column?: number }> {
  const error = await read(text, redact).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof ReassureError)) throw new Error(`expected a ReassureError, got ${String(error)}`);
  return { message: error.message, ...error.location };
}

const withFinding = (change: Record<string, unknown>): unknown => ({ ...SESSION, findings: [{ ...FINDING, ...change }] });

describe('readReportParts', () => {
  test('reads a json report and jsonl lines, extra fields and all', async () => {
    const parts = await read(`${jsonReport({ ...SESSION, note: 'kept by a later version' })}\n`);
    const lines = await read(`${jsonlLine()}\n${jsonlLine({ ...SESSION, id: 's2', extra: true })}\n`);
    expect({ json: parts.map((part) => part.sessions.map((s) => s.id)), jsonl: lines.map((part) => part.sessions.map((s) => s.id)) }).toEqual({
      json: [['s1']],
      jsonl: [['s1'], ['s2']],
    });
  });

  // A merged report lost the sessions' therapist and date, and with them the HTML trends.
  test("reads a session's therapist and date back, and leaves them out when the report has none", async () => {
    const dated = { ...SESSION, therapist: 'Dr. Quill', date: '2026-01-05' };
    const [json] = await read(`${jsonReport(dated)}\n`);
    const [line] = await read(`${jsonlLine(dated)}\n`);
    const [plain] = await read(`${jsonReport()}\n`);
    expect([json?.sessions[0], line?.sessions[0]].map((session) => [session?.therapist, session?.date])).toEqual([
      ['Dr. Quill', '2026-01-05'],
      ['Dr. Quill', '2026-01-05'],
    ]);
    expect(Object.keys(plain?.sessions[0] ?? {})).not.toContain('therapist');
    expect(Object.keys(plain?.sessions[0] ?? {})).not.toContain('date');
  });

  test('a therapist that is not a string is refused at its field', async () => {
    expect((await readError(`${jsonReport({ ...SESSION, therapist: 7 })}\n`)).message).toBe('not a reassure report: sessions[0].therapist: got 7, expected a string');
  });

  // A file the mapper could not read had no line: the merged report lost it.
  test('reads a jsonl problem line as a problem and a warning line as a warning, line numbers kept', async () => {
    const problem = { file: 'b.csv', line: 2, message: 'cannot find the speaker column (headers seen: Who)', redactedMessage: 'cannot find the speaker column (1 headers seen, left out by --redact)' };
    const warning = { file: 'a.txt', message: 'no client turns found', kind: 'no-client-turn' };
    const parts = await read([jsonlLine(), JSON.stringify({ ...HEAD, type: 'problem', ...problem }), JSON.stringify({ ...HEAD, type: 'warning', ...warning }), ''].join('\n'));
    expect(parts.map(({ sessions, problems, warnings, line }) => ({ sessions: sessions.length, problems, warnings, line }))).toEqual([
      { sessions: 1, problems: [], warnings: [], line: 1 },
      { sessions: 0, problems: [problem], warnings: [], line: 2 },
      { sessions: 0, problems: [], warnings: [warning], line: 3 },
    ]);
  });

  // Merged findings of the wrong shape reached the formatters: "the markdown format failed:
  // text.replace is not a function", naming no file.
  test.each([
    { name: 'an excerpt that is a number', session: withFinding({ excerpt: 5 }), message: 'sessions[0].findings[0].excerpt: got 5, expected a string' },
    { name: 'an unknown kind', session: withFinding({ kind: 'bogus' }), message: 'sessions[0].findings[0].kind: got "bogus", expected one of technique, pitfall' },
    { name: 'a match without its text', session: withFinding({ match: { start: 0, end: 1, line: 1, column: 1 } }), message: 'sessions[0].findings[0].match: missing "text"' },
    { name: 'a suppressed finding that is a string', session: { ...SESSION, suppressed: [{ finding: 'x', reason: 'r' }] }, message: 'sessions[0].suppressed[0].finding: got "x", expected an object' },
    { name: 'a missed entry without a rule', session: { ...SESSION, missed: [{ scope: 'turn', turn: 1, line: 1 }] }, message: 'sessions[0].missed[0]: missing "rule"' },
    // Huge numbers summed to "Infinity findings" and a share of "Infinity%".
    { name: 'a count too large to add', session: { ...SESSION, turns: 1e308 }, message: 'sessions[0].turns: got 1e+308, expected a whole number from 0 to 9007199254740991' },
    { name: 'a share above 1', session: { ...SESSION, reassuranceShare: 1e308 }, message: 'sessions[0].reassuranceShare: got 1e+308, expected a number from 0 to 1' },
    { name: 'a turn of 0', session: withFinding({ turn: 0 }), message: 'sessions[0].findings[0].turn: got 0, expected a whole number from 1 to 9007199254740991' },
  ])('a json report with $name is refused naming the field', async ({ session, message }) => {
    expect(await readError(jsonReport(session))).toEqual({ message: `not a reassure report: ${message}`, file: 'r.json' });
  });

  test.each([
    { name: 'a problem that is a number', extra: { problems: [1] }, message: 'problems[0]: got 1, expected an object' },
    { name: 'a warning without a message', extra: { warnings: [{ file: 'a.txt' }] }, message: 'warnings[0]: missing "message"' },
  ])('a json report with $name is refused naming the field', async ({ extra, message }) => {
    expect(await readError(jsonReport(SESSION, extra))).toEqual({ message: `not a reassure report: ${message}`, file: 'r.json' });
  });

  test('a jsonl line with a finding of the wrong shape is refused at its line', async () => {
    expect(await readError(`${jsonlLine()}\n${jsonlLine(withFinding({ severity: 'high' }))}\n`)).toEqual({
      message: 'not a reassure report: findings[0].severity: got "high", expected one of info, warning, error',
      file: 'r.json',
      line: 2,
    });
  });

  // A mapper killed mid-write leaves a cut last line: it was "not a JSON or JSON Lines
  // report: Unterminated string in JSON at position 40", with no line, counting from that line.
  test('a cut jsonl line is named by its line', async () => {
    const cut = jsonlLine().slice(0, 40);
    expect(await readError(`${jsonlLine()}\n${jsonlLine()}\n${cut}\n`)).toEqual({
      message: 'not a JSON Lines report line: invalid JSON: unexpected character "\\""',
      file: 'r.json',
      line: 3,
      column: 35,
    });
  });

  // merge --redact of a report that is not redacted named the transcript character where a syntax error stopped.
  test('--redact: a JSON error names its line and column, not the character there', async () => {
    const text = jsonReport().replace('"excerpt": "Everything will be fine."', '"excerpt": "Everything" Glimmerwick');
    const lines = text.slice(0, text.indexOf('Glimmerwick')).split('\n');
    const place = { file: 'r.json', line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
    const garbledLine = `${jsonlLine()}\n{"schemaVersion": 1, "excerpt": Glimmerwick}\n`;
    expect({ plain: await readError(text), redacted: await readError(text, true), line: await readError(garbledLine, true) }).toEqual({
      plain: { message: 'not a JSON or JSON Lines report: invalid JSON: unexpected character "G"', ...place },
      redacted: { message: 'not a JSON or JSON Lines report: invalid JSON: unexpected character (left out by --redact)', ...place },
      line: { message: 'not a JSON Lines report line: invalid JSON: unexpected character (left out by --redact)', file: 'r.json', line: 2, column: 33 },
    });
  });

  test('a cut json report is named by the line and column where it ends', async () => {
    const text = jsonReport().slice(0, 60);
    const lines = text.split('\n');
    expect(await readError(text)).toEqual({
      message: 'not a JSON or JSON Lines report: invalid JSON: unexpected end of input',
      file: 'r.json',
      line: lines.length,
      column: (lines.at(-1)?.length ?? 0) + 1,
    });
  });
});
