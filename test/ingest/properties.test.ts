import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeTranscript, normalizeText } from '../../src/ingest/decode.js';
import { loadAllParsers, type FormatName } from '../../src/ingest/formats.js';
import type { InputParser, ParseResult } from '../../src/ingest/parser.js';

/** Enough runs to find shape bugs, few enough that the whole ingest suite stays fast. */
const RUNS = { numRuns: 100 };

/** Lines that mean something to some parser, so random input reaches past the first check. */
const FRAGMENTS = [
  'WEBVTT',
  '1',
  '00:00:01.000 --> 00:00:02.000',
  '00:00:01,000 --> 00:00:02,000',
  '<v Therapist>',
  '</v>',
  '<i>',
  '&amp;',
  'Therapist:',
  'Client (00:01):',
  '[00:01:02] Dr. Lee:',
  'Jane Smith  00:01:02',
  'session: s',
  'turns:',
  '- speaker: T',
  '  text: hi',
  'labels: [empathy]',
  '- ',
  '  ',
  ':',
  ',',
  '"',
  '""',
  '[',
  ']',
  '{',
  '}',
  '&',
  '*a',
  '&a',
  '---',
  '{"speaker": "T", "text": "hi"}',
  'speaker,text',
  '\t',
  '\r',
  '\n',
  '\\',
  'é',
  '\u00a0',
  '😀',
];

const structured = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 6 })), { maxLength: 30 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), structured);

function isParseResult(result: ParseResult): boolean {
  if (result.ok) return Array.isArray(result.transcripts);
  return typeof result.error.message === 'string' && result.error.message !== '' && !result.error.message.includes('\n');
}

const LOADED = await loadAllParsers();
const parsers = Object.entries(LOADED) as [string, InputParser][];

describe.each(parsers)('%s parser', (_name, parser) => {
  test('any input gives a result or a one-line typed error, never a throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(isParseResult(parser.parse(text, `input${parser.extensions[0] ?? ''}`))).toBe(true);
      }),
      RUNS,
    );
  });
});

interface GeneratedTurn {
  speaker: string;
  text: string;
}

const speakerName = fc.constantFrom('Therapist', 'Client', 'Dr. Lee', 'Speaker 1', 'Jane Smith', 'T', 'Counsellor', 'Mary-Jane O’Neil');
const word = fc.stringMatching(/^[A-Za-zéü][a-zéü'’]{0,7}[.,?!]?$/);
const sentence = fc.array(word, { minLength: 1, maxLength: 12 }).map((words) => words.join(' '));
const generatedTurns = fc.array(fc.record({ speaker: speakerName, text: sentence }), { minLength: 1, maxLength: 8 });

const stamp = (i: number, separator: string): string => `00:00:${String(i).padStart(2, '0')}${separator}000`;

/** Splits a sentence over lines of three words, as hard-wrapped exports do. */
const wrap = (text: string, indent: string): string =>
  text
    .split(' ')
    .map((w, i) => (i > 0 && i % 3 === 0 ? `\n${indent}${w}` : i > 0 ? ` ${w}` : w))
    .join('');

/** Test-only writers: the simplest faithful file each format allows, plus wrapped variants. */
const WRITERS: Record<string, { parser: FormatName; file: string; write: (turns: GeneratedTurn[]) => string }> = {
  'yaml folded': {
    parser: 'yaml',
    file: 's.yaml',
    write: (turns) => turns.map((t) => `- speaker: ${t.speaker}
  text: >-
    ${wrap(t.text, '    ')}
`).join(''),
  },
  'text wrapped': { parser: 'text', file: 's.txt', write: (turns) => turns.map((t) => `${t.speaker}: ${wrap(t.text, '  ')}

`).join('') },
  yaml: {
    parser: 'yaml',
    file: 's.yaml',
    write: (turns) => `session: s\nturns:\n${turns.map((t) => `  - speaker: ${JSON.stringify(t.speaker)}\n    text: ${JSON.stringify(t.text)}\n`).join('')}`,
  },
  text: { parser: 'text', file: 's.txt', write: (turns) => turns.map((t) => `${t.speaker}: ${t.text}\n`).join('') },
  vtt: {
    parser: 'vtt',
    file: 's.vtt',
    write: (turns) => `WEBVTT\n\n${turns.map((t, i) => `${i + 1}\n${stamp(i, '.')} --> ${stamp(i + 1, '.')}\n<v ${t.speaker}>${t.text}</v>\n`).join('\n')}`,
  },
  srt: {
    parser: 'srt',
    file: 's.srt',
    write: (turns) => turns.map((t, i) => `${i + 1}\n${stamp(i, ',')} --> ${stamp(i + 1, ',')}\n${t.speaker}: ${t.text}\n`).join('\n'),
  },
  csv: {
    parser: 'csv',
    file: 's.csv',
    write: (turns) => `speaker,text\r\n${turns.map((t) => `"${t.speaker}","${t.text.replace(/"/g, '""')}"\r\n`).join('')}`,
  },
  json: { parser: 'json', file: 's.json', write: (turns) => JSON.stringify({ session: 's', turns }, null, 2) },
  jsonl: { parser: 'jsonl', file: 's.jsonl', write: (turns) => turns.map((t) => JSON.stringify(t)).join('\n') },
};

describe.each(Object.entries(WRITERS))('%s round trip', (_name, { parser: format, file, write }) => {
  const parser = LOADED[format];
  test('generated turns survive write-then-parse, and every segment points at its character', () => {
    fc.assert(
      fc.property(generatedTurns, (turns) => {
        const source = write(turns);
        const result = parser.parse(source, file);
        if (!result.ok) throw new Error(`${result.error.line ?? ''}: ${result.error.message}\n${source}`);
        const parsed = result.transcripts.flatMap((transcript) => transcript.turns);
        expect(parsed.map((t) => ({ speaker: t.speaker, text: t.text }))).toEqual(turns);
        const lines = source.split(/\r?\n/);
        for (const turn of parsed) {
          for (const segment of turn.segments ?? []) {
            expect(lines[segment.line - 1]?.[segment.column - 1]).toBe(turn.text[segment.offset]);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('decodeTranscript', () => {
  test('any text decodes to the same normalised string from every encoding', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 100 }).filter((s) => !s.includes('\u0000'));
    fc.assert(
      fc.property(text, (value) => {
        const expected = { ok: true, text: normalizeText(value) };
        const variants = [
          Buffer.from(value),
          Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(value)]),
          Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(value, 'utf16le')]),
          Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(value, 'utf16le').swap16()]),
        ];
        for (const bytes of variants) expect(decodeTranscript(bytes)).toMatchObject(expected);
      }),
      RUNS,
    );
  });
});
