/**
 * Transcripts of every format built from random lines that mean something to some parser
 * (speaker labels, meeting chat headers, cues, YAML metadata of odd types, anchors, CSV
 * quotes), joined with mixed line ends, cut short, and written as UTF-8 with or without a
 * BOM, UTF-16, Windows-1252 or with NUL bytes; read as files and on standard input. Whatever
 * the bytes, `main()` exits 0, 1 or 2, prints no stack trace, names a file on every line of
 * standard error, and every file given is in the report as sessions or as a problem (nothing
 * lost). Seeded and few runs here; `npm run fuzz -- --runs 2000` draws more.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { STACK_TRACE, propertyRuns, propertySeed, propertyTimeout } from '../helpers/mutate.js';
import { runCli } from '../helpers/run-cli.js';

const RULES = `version: 1
rules:
  - {id: false-hope, kind: pitfall, name: False hope, severity: warning, description: d, rationale: r, match: [{phrase: "everything will be fine"}], examples: {hit: [Everything will be fine.], miss: [Hello.]}}
  - {id: empathy, kind: technique, name: Empathy, severity: info, description: d, rationale: r, match: [{phrase: "sounds hard"}], examples: {hit: [That sounds hard.], miss: [Hello.]}}
`;

/** Lines that mean something to some parser, so random input reaches past the first check. */
const LINES = [
  'Client: I failed again.',
  'Therapist: That sounds hard. Everything will be fine.',
  '[00:01:02] Dr. Lee: Everything will be fine.',
  'Jane Smith  00:01:02',
  '[10:03 AM] Jane Smith',
  '[10:04 PM]  ',
  '00:01',
  'WEBVTT',
  '00:00:01.000 --> 00:00:02.000',
  '1',
  '00:00:01,000 --> 00:00:02,000',
  '<v Therapist>That sounds hard.',
  'speaker,text',
  '"Client","I ""failed"" again"',
  'Therapist;"sounds, hard',
  'session: s1',
  'therapist: Dr. Lee',
  'therapist: [Dr. Lee, 5]',
  'therapist: {name: x}',
  'date: 2026-13-45',
  'date: &d 2026-01-01',
  'roles: {therapist: Dr. Lee}',
  'roles: {therapist: [Dr. Lee], client: Dr. Lee}',
  '<<: *d',
  'turns:',
  '  - {speaker: Client, text: I failed again.}',
  '  - {speaker: Dr. Lee, text: *d}',
  '  - speaker: Therapist',
  '    text: Everything will be fine.',
  '{"speaker": "Therapist", "text": "Everything will be fine."}',
  '{"session": "s2", "speaker": "Client", "text": "I failed."}',
  '{"turns": [{"speaker": "Therapist", "text": "That sounds hard."}]}',
  '{"turns": [',
  '__proto__: {therapist: x}',
  '',
  '   ',
  ':',
  '"',
  'x'.repeat(3000),
];
const EXTENSIONS = ['.txt', '.yaml', '.json', '.jsonl', '.csv', '.tsv', '.vtt', '.srt', '.dat'];
const LINE_ENDS = ['\n', '\r\n', '\r'];

/** How the text becomes bytes. */
type Encoding = 'utf-8' | 'utf-8 bom' | 'utf-16le' | 'utf-16be' | 'windows-1252' | 'nul';

function encode(text: string, encoding: Encoding): Buffer {
  if (encoding === 'utf-8 bom') return Buffer.from(`\ufeff${text}`);
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf-16be') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  if (encoding === 'windows-1252') return Buffer.from(`${text}caf\u00e9`, 'latin1');
  if (encoding === 'nul') return Buffer.from(`${text}\u0000`);
  return Buffer.from(text);
}

const transcriptArbitrary = fc.record({
  lines: fc.array(fc.oneof(fc.constantFrom(...LINES), fc.string({ maxLength: 12 })), { maxLength: 12 }),
  ends: fc.array(fc.constantFrom(...LINE_ENDS), { minLength: 1, maxLength: 3 }),
  encoding: fc.constantFrom<Encoding>('utf-8', 'utf-8', 'utf-8', 'utf-8 bom', 'utf-16le', 'utf-16be', 'windows-1252', 'nul'),
  cut: fc.option(fc.nat(), { freq: 4 }),
  extension: fc.constantFrom(...EXTENSIONS),
});

type Transcript = typeof transcriptArbitrary extends fc.Arbitrary<infer T> ? T : never;

function toBytes({ lines, ends, encoding, cut }: Transcript): Buffer {
  const text = lines.map((line, i) => `${line}${ends[i % ends.length] ?? '\n'}`).join('');
  return encode(cut === null ? text : text.slice(0, cut % (text.length + 1)), encoding);
}

interface JsonReport {
  sessions: { file: string }[];
  problems: { file: string }[];
}

let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-input-props-'));
  writeFileSync(path.join(dir, 'r.yaml'), RULES);
});

afterAll(() => {
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Exit 0, 1 or 2, no stack trace, and each line of standard error names one of `names`. */
function expectOneLineProblems(run: { code: number; stderr: string }, names: readonly string[]): void {
  expect([0, 1, 2]).toContain(run.code);
  expect(run.stderr).not.toMatch(STACK_TRACE);
  for (const line of run.stderr.split('\n').filter((text) => text !== '')) expect(names.some((name) => line.startsWith(`${name}:`))).toBe(true);
}

describe('random transcripts in every format and encoding', () => {
  test('as files: a one-line problem per bad file, and every file in the report', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(transcriptArbitrary, { minLength: 1, maxLength: 4 }), fc.constantFrom('audit', 'speakers'), async (transcripts, command) => {
        const cwd = mkdtempSync(path.join(dir, 'run-'));
        writeFileSync(path.join(cwd, 'r.yaml'), RULES);
        const names = transcripts.map((transcript, i) => `in${i}${transcript.extension}`);
        transcripts.forEach((transcript, i) => writeFileSync(path.join(cwd, names[i] ?? ''), toBytes(transcript)));
        const argv = command === 'audit' ? ['audit', ...names, '-r', 'r.yaml', '--no-config', '--no-cache', '-j', '1', '-f', 'json'] : ['speakers', ...names, '--no-config'];
        const run = await runCli(argv, { cwd });
        expectOneLineProblems(run, names);
        if (command === 'audit') {
          const report = JSON.parse(run.stdout) as JsonReport;
          const seen = new Set([...report.sessions, ...report.problems].map((entry) => entry.file));
          expect(names.filter((name) => !seen.has(name))).toEqual([]);
        }
        rmSync(cwd, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(40), seed: propertySeed() },
    );
  }, propertyTimeout());

  test('on standard input: read as the same bytes in a file are, one line per problem', async () => {
    await fc.assert(
      fc.asyncProperty(transcriptArbitrary, async (transcript) => {
        const cwd = mkdtempSync(path.join(dir, 'stdin-'));
        writeFileSync(path.join(cwd, 'r.yaml'), RULES);
        const bytes = toBytes(transcript);
        writeFileSync(path.join(cwd, 'in.dat'), bytes);
        const audit = (input: string) => runCli(['audit', input, '-r', 'r.yaml', '--no-config', '--no-cache', '-f', 'json'], { cwd, stdin: bytes });
        const [piped, file] = [await audit('-'), await audit('in.dat')];
        expectOneLineProblems(piped, ['-']);
        // JSON Lines is read session by session as it arrives, not whole as a file is, and
        // blank input is an empty shard of a streaming job (a warning), not an empty file.
        const text = toBytes({ ...transcript, encoding: 'utf-8' }).toString();
        const streamed = /^[\r\n\s]*\{[^\r\n]*\}[ \t]*(?:[\r\n]|$)/.test(text);
        if (!streamed && !(text.trim() === '' && ['utf-8', 'utf-8 bom'].includes(transcript.encoding))) {
          const view = (run: { stdout: string }) => {
            const report = JSON.parse(run.stdout) as { sessions: { turns: number; counts: unknown }[]; problems: { line?: number; message: string }[]; warnings: { line?: number; kind?: string }[] };
            return { sessions: report.sessions.map((s) => [s.turns, s.counts]), problems: report.problems.map((p) => [p.line, p.message]), warnings: report.warnings.map((w) => [w.line, w.kind]) };
          };
          expect(view(piped)).toEqual(view(file));
        }
        rmSync(cwd, { recursive: true, force: true });
      }),
      { numRuns: propertyRuns(40), seed: propertySeed() },
    );
  }, propertyTimeout());
});
