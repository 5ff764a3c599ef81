import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseSimpleYamlTranscript } from '../../src/ingest/parse-yaml-simple.js';
import { parseYamlTranscript, parseYamlTranscriptFull } from '../../src/ingest/parse-yaml.js';
import { createMeta } from '../../src/ingest/parser.js';

const ROOT = join(import.meta.dirname, '..', '..');

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name));
}

const SAMPLES = yamlFilesUnder(join(ROOT, 'samples'));
const FIXTURES = yamlFilesUnder(join(ROOT, 'test'));

describe('parseSimpleYamlTranscript on the repository files', () => {
  test.each(SAMPLES)('takes %s, exactly as the full parser reads it', (file) => {
    const text = readFileSync(file, 'utf8');
    const fast = parseSimpleYamlTranscript(text);
    expect(fast).toBeDefined();
    expect(fast).toStrictEqual(parseYamlTranscriptFull(text));
  });

  test.each(FIXTURES)('%s: equal to the full parser where taken', (file) => {
    const text = readFileSync(file, 'utf8');
    const fast = parseSimpleYamlTranscript(text);
    // Rule and config fixtures are not transcripts: those must fall back.
    expect(fast ?? parseYamlTranscriptFull(text)).toStrictEqual(parseYamlTranscriptFull(text));
  });
});

describe('parseSimpleYamlTranscript', () => {
  test('reads the common shape: ids, metadata, labels, lines and segments', () => {
    const text = [
      '# A synthetic session.',
      'session: " demo-1 "',
      'therapist: Dr. Kim (fictional)',
      'labels: [follow-up, "needs review"]',
      'turns:',
      '  - speaker: Client',
      '    text: "  I keep \\"checking\\" the door \\u00e9  "',
      '  - speaker: Dr. Kim',
      '    labels: ["empathy"]',
      '    text: That sounds tiring.',
      '  - speaker: "Client "',
      '    text: ""',
      'date: "2025-01-02"',
      '',
    ].join('\n');
    const expected = {
      ok: true,
      transcripts: [
        {
          meta: Object.assign(createMeta(), { therapist: 'Dr. Kim (fictional)', date: '2025-01-02' }),
          metaLines: Object.assign(createMeta(), { therapist: 3, date: 13 }),
          turns: [
            { speaker: 'Client', text: 'I keep "checking" the door é', line: 6, segments: [{ offset: 0, line: 7, column: 14 }] },
            {
              speaker: 'Dr. Kim',
              text: 'That sounds tiring.',
              line: 8,
              labels: ['empathy'],
              segments: [{ offset: 0, line: 10, column: 11 }],
            },
            { speaker: 'Client', text: '', line: 11, segments: [{ offset: 0, line: 12, column: 12 }] },
          ],
          line: 2,
          id: 'demo-1',
          labels: ['follow-up', 'needs review'],
        },
      ],
    };
    expect(parseSimpleYamlTranscript(text)).toStrictEqual(expected);
    expect(parseYamlTranscriptFull(text)).toStrictEqual(expected);
    expect(parseYamlTranscript(text)).toStrictEqual(expected);
  });

  const BASE = 'session: s\nturns:\n  - speaker: T\n    text: "Hello."\n';
  test.each([
    { name: 'a CR', text: BASE.replace('\n', '\r\n') },
    { name: 'a tab', text: BASE.replace('    text', '\ttext') },
    { name: 'a BOM', text: `\uFEFF${BASE}` },
    { name: 'a blank line', text: BASE.replace('turns:\n', 'turns:\n\n') },
    { name: 'a trailing comment', text: BASE.replace('"Hello."', '"Hello." # hi') },
    { name: 'a document marker', text: `---\n${BASE}` },
    { name: 'an anchor', text: BASE.replace('T\n', '&a T\n') },
    { name: 'a block scalar', text: BASE.replace('"Hello."', '|\n      Hello.') },
    { name: 'a single-quoted scalar', text: BASE.replace('"Hello."', "'Hello.'") },
    { name: 'a YAML-only escape', text: BASE.replace('Hello.', 'Hello\\x41') },
    { name: 'an escaped space', text: BASE.replace('Hello.', 'Hello\\ ') },
    { name: 'roles', text: `roles: {therapist: T}\n${BASE}` },
    { name: 'a turn key other than speaker, text, labels', text: `${BASE}    time: "00:01"\n` },
    { name: 'a duplicate key', text: `${BASE}    text: "Again."\n` },
    { name: 'a turn without text', text: 'session: s\nturns:\n  - speaker: T\n' },
    { name: 'a blank speaker', text: BASE.replace('speaker: T', 'speaker: " "') },
    { name: 'a word YAML 1.1 reads as a boolean', text: BASE.replace('speaker: T', 'speaker: yes') },
    { name: 'a null word', text: BASE.replace('"Hello."', 'Null') },
    { name: 'a number', text: BASE.replace('"Hello."', '12') },
    { name: 'a plain scalar with a colon', text: BASE.replace('"Hello."', 'Note: this') },
    { name: 'three-space indentation', text: BASE.replace('    text', '   text') },
    { name: 'a sequence at the key column', text: 'turns:\n- speaker: T\n  text: "Hello."\n' },
    { name: 'a flow list without spaces', text: `labels: [a,b]\n${BASE}` },
    { name: 'a flow mapping in a list', text: `labels: [{a: b}]\n${BASE}` },
    { name: 'no turns', text: 'session: s\n' },
  ])('falls back on $name', ({ text }) => {
    expect(parseSimpleYamlTranscript(text)).toBeUndefined();
  });
});

/** Characters that stress quoting, escaping, trimming and segment offsets. */
const TEXT_CHARS = ['a', 'Z', ' ', ' ', '"', '\\', "'", ':', '#', ',', '[', ']', '-', '.', 'é', '😀', '\u00a0', '/', '?'];

/** How a generated scalar is spelled: JSON-quoted, plain, or quoted with YAML-only escapes. */
type Style = 'json' | 'plain' | 'yaml';

/** A generated transcript document, before rendering. */
interface GeneratedDocument {
  session: [string, Style];
  meta: [string, string, Style] | null;
  labels: string | null;
  turns: { speaker: [string, Style]; text: [string, Style]; labels: string | null; labelsFirst: boolean }[];
  mutations: [number, number][];
}

/** One scalar, rendered one of the ways a hand-written or exported transcript spells it. */
const scalarSource = (value: string, style: Style): string => {
  if (style === 'plain') return value;
  const json = JSON.stringify(value);
  // YAML-only escapes and unescaped spellings the fast path must refuse or read the same way.
  return style === 'json' ? json : json.replace(/é/g, '\\xe9').replace(/\\\//g, '/').replace(/ /g, '\\_');
};

const styleArb = fc.constantFrom<Style>('json', 'json', 'json', 'json', 'json', 'plain', 'plain', 'yaml');
/** Words for plain (unquoted) texts: punctuation YAML allows inside a plain scalar, and look-alikes of other types. */
const PLAIN_WORDS = ['I', "don't", 'know,', 'why?', 'a-b', '(x)', 'Yes', 'no', '1.5', 'e5', 'a/b', 'it!', '-', '?', "'q'", 'x:', '#'];
const textArb = fc.oneof(
  fc.tuple(fc.string({ unit: fc.constantFrom(...TEXT_CHARS), maxLength: 12 }), styleArb),
  fc.tuple(fc.array(fc.constantFrom(...PLAIN_WORDS), { minLength: 1, maxLength: 4 }).map((words) => words.join(' ')), styleArb),
);
// Mostly words the fast path takes; sometimes ones only the full parser reads (or rejects).
const wordArb = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('empathy', 'false-hope', 'Dr. Lee', 'a.b', 'x', 'Client') },
  { weight: 1, arbitrary: fc.constantFrom('two words', 'true', 'No', '', ' pad ') },
);
const labelsArb = fc.option(
  fc.tuple(fc.array(wordArb, { maxLength: 3 }), fc.boolean()).map(([words, quote]) =>
    `[${words.map((word) => (quote ? JSON.stringify(word) : word)).join(', ')}]`,
  ),
);
const turnArb = fc.record({ speaker: fc.tuple(wordArb, styleArb), text: textArb, labels: labelsArb, labelsFirst: fc.boolean() });

/** A small edit that takes a document outside (or just inside) the fast path's subset. */
const MUTATIONS: ((lines: string[], at: number) => void)[] = [
  (lines, at) => lines.splice(at, 0, '    extra: 1'),
  (lines, at) => lines.splice(at, 1, (lines[at] ?? '').replace(/^ +/, '\t')),
  (lines, at) => lines.splice(at, 1, `${lines[at] ?? ''} # note`),
  (lines, at) => lines.splice(at, 0, '# note'),
  (lines, at) => lines.splice(at, 1, ` ${lines[at] ?? ''}`),
  (lines, at) => lines.splice(at, 1, (lines[at] ?? '').slice(1)),
  (lines, at) => lines.splice(at, 0, ''),
  (lines, at) => lines.splice(at, 0, lines[at] ?? ''),
  (lines, at) => lines.splice(at, 0, '---'),
  (lines, at) => lines.splice(at, 1, `${lines[at] ?? ''}\r`),
  (lines, at) => lines.splice(at, 1, (lines[at] ?? '').replace(/"$/, '\u2028"')),
];

const documentArb: fc.Arbitrary<GeneratedDocument> = fc.record({
  session: fc.tuple(wordArb, styleArb),
  meta: fc.option(fc.tuple(fc.constantFrom('therapist', 'date', 'client', 'true', 'labels'), wordArb, styleArb)),
  labels: labelsArb,
  turns: fc.array(turnArb, { minLength: 1, maxLength: 4 }),
  // Half the documents unmutated, so the property often reaches the fast path's result.
  mutations: fc.oneof(fc.constant<[number, number][]>([]), fc.array(fc.tuple(fc.nat(MUTATIONS.length - 1), fc.nat()), { minLength: 1, maxLength: 2 })),
});

function renderDocument(doc: GeneratedDocument): string {
  const lines = [`session: ${scalarSource(...doc.session)}`];
  if (doc.meta !== null) lines.push(`${doc.meta[0]}: ${scalarSource(doc.meta[1], doc.meta[2])}`);
  if (doc.labels !== null) lines.push(`labels: ${doc.labels}`);
  lines.push('turns:');
  for (const turn of doc.turns) {
    const fields = [`speaker: ${scalarSource(...turn.speaker)}`, `text: ${scalarSource(...turn.text)}`];
    if (turn.labels !== null) fields.splice(turn.labelsFirst ? 0 : 2, 0, `labels: ${turn.labels}`);
    lines.push(...fields.map((field, i) => `${i === 0 ? '  - ' : '    '}${field}`));
  }
  for (const [which, where] of doc.mutations) MUTATIONS[which]?.(lines, where % lines.length);
  return `${lines.join('\n')}\n`;
}

describe('parseSimpleYamlTranscript metadata', () => {
  // `constructor: c` was a key over Object's own `constructor`, where a plain object has one.
  test('keys that name Object properties are kept as keys of their own, as the full parser keeps them', () => {
    const text = ['session: s', 'constructor: c', 'toString: t', 'therapist: Dr. Lee', 'turns:', '  - speaker: T', '    text: Hi.', ''].join('\n');
    const fast = parseSimpleYamlTranscript(text);
    const meta = fast?.ok === true ? fast.transcripts[0]?.meta : undefined;
    expect(meta === undefined ? undefined : Object.getPrototypeOf(meta)).toBeNull();
    expect({ ...meta }).toEqual({ constructor: 'c', toString: 't', therapist: 'Dr. Lee' });
    expect(fast).toStrictEqual(parseYamlTranscriptFull(text));
  });

  // A scalar `__proto__` was lost: assigning a string as a plain object's prototype does nothing.
  test('a scalar `__proto__` is kept', () => {
    const result = parseYamlTranscript(['__proto__: p', 'turns:', '  - speaker: T', '    text: Hi.', ''].join('\n'));
    const meta = result.ok ? result.transcripts[0]?.meta : undefined;
    expect(Object.entries(meta ?? {})).toEqual([['__proto__', 'p']]);
  });
});

describe('parseSimpleYamlTranscript against the full parser', () => {
  test('equals the full parser whenever it takes a document', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const text = renderDocument(doc);
        const fast = parseSimpleYamlTranscript(text);
        if (fast !== undefined) expect(fast).toStrictEqual(parseYamlTranscriptFull(text));
      }),
      // About one document in ten is taken; a million runs found no difference.
      { numRuns: 1000 },
    );
  });

  test('takes every unmutated document with JSON-quoted scalars', () => {
    const quotedArb = documentArb.map((doc): GeneratedDocument => ({
      ...doc,
      session: ['s-1', 'json'],
      meta: null,
      labels: null,
      mutations: [],
      turns: doc.turns.map((turn) => ({
        ...turn,
        speaker: ['T', 'json'],
        text: [turn.text[0], 'json'],
        labels: null,
      })),
    }));
    fc.assert(
      fc.property(quotedArb, (doc) => {
        const text = renderDocument(doc);
        const fast = parseSimpleYamlTranscript(text);
        expect(fast).toBeDefined();
        expect(fast).toStrictEqual(parseYamlTranscriptFull(text));
      }),
      { numRuns: 100 },
    );
  });
});
