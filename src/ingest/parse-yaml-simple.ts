import type { TextSegment } from '../types.js';
import { createMeta, type ParseResult, type RawTranscript, type RawTurn } from './parser.js';
import { trimSegmented } from './segments.js';

/** A scalar read from one line: its value and where its source starts (0-based index in the line). */
interface LineScalar {
  value: string;
  /** The source between the quotes (or the plain scalar itself), for segment checking. */
  body: string;
  /** 0-based index in the line of the value's first character (after an opening quote). */
  start: number;
}

/** One `key: value` line: the key and the raw value text with its index in the line. */
interface KeyLine {
  key: string;
  raw: string;
  at: number;
}

/** A key's raw value, where it starts in its line, and that line's 1-based number. */
interface FieldSource {
  raw: string;
  at: number;
  line: number;
}

/** A turn being read: its fields by key and the line of its first key. */
interface TurnDraft {
  line: number;
  fields: Map<string, FieldSource>;
}

// Characters the YAML library may treat differently from JSON, or that need the full reader.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARS = /[\x00-\x09\x0B-\x1F\x7F-\x9F\u2028\u2029\uFEFF\uFFFE\uFFFF]|\p{Cs}/u;
const KEY_LINE = /^([A-Za-z][A-Za-z0-9_-]*): (.+)$/;
// Plain scalars the YAML 1.2 core schema resolves to the same string (no indicators, no `: `, ` #`).
const PLAIN = /^[A-Za-z][A-Za-z0-9_.,()'?!/-]*(?: [A-Za-z0-9_.,()'?!/-]+)*$/;
const FLOW_PLAIN = /[A-Za-z][A-Za-z0-9_.-]*/y;
// Words some YAML schema reads as booleans or null; left to the full parser.
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n)$/i;
const JSON_ESCAPE = /^\\(?:["\\/bfnrt]|u[0-9A-Fa-f]{4})/;
const TURN_KEYS = new Set(['speaker', 'text', 'labels']);

/**
 * Reads the common transcript shape (`session`, scalar metadata, `labels`, `turns` of
 * `speaker`/`text`/`labels`, one line each) without the YAML library, exactly as
 * `parseYamlTranscript` would; `undefined` for anything outside that subset.
 */
export function parseSimpleYamlTranscript(text: string): ParseResult | undefined {
  if (UNSAFE_CHARS.test(text)) return undefined;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const top = new Map<string, FieldSource>();
  const drafts: TurnDraft[] = [];
  let first = 0;
  while (lines[first]?.startsWith('#') === true) first += 1;
  let inTurns = false;
  for (let i = first; i < lines.length; i += 1) {
    const line = lines[i] ?? '';
    const number = i + 1;
    if (line === 'turns:') {
      if (top.has('turns')) return undefined;
      top.set('turns', { raw: '', at: 0, line: number });
      inTurns = true;
      continue;
    }
    const item = line.startsWith('  - ');
    const more = line.startsWith('    ');
    const pair = readKeyLine(line, item || more ? 4 : 0);
    if (pair === undefined) return undefined;
    if (item || more) {
      const draft: TurnDraft | undefined = item ? { line: number, fields: new Map() } : drafts[drafts.length - 1];
      if (!inTurns || draft === undefined || !TURN_KEYS.has(pair.key) || draft.fields.has(pair.key)) return undefined;
      if (item) drafts.push(draft);
      draft.fields.set(pair.key, { raw: pair.raw, at: pair.at, line: number });
      continue;
    }
    if (top.has(pair.key) || pair.key === 'turns' || pair.key === 'roles' || RESERVED.test(pair.key)) return undefined;
    top.set(pair.key, { raw: pair.raw, at: pair.at, line: number });
    inTurns = false;
  }
  if (!top.has('turns') || drafts.length === 0) return undefined;
  const turns: RawTurn[] = [];
  for (const draft of drafts) {
    const turn = readTurn(draft);
    if (turn === undefined) return undefined;
    turns.push(turn);
  }
  const metaLines = createMeta() as Record<string, number>;
  const raw: RawTranscript = { meta: createMeta(), metaLines, turns, line: first + 1 };
  for (const [key, field] of top) {
    if (key === 'turns') continue;
    if (key === 'labels') {
      const labels = readFlowList(field.raw);
      if (labels === undefined) return undefined;
      raw.labels = labels;
      continue;
    }
    const scalar = readScalar(field.raw, field.at);
    if (scalar === undefined) return undefined;
    if (key === 'session') {
      if (scalar.value.trim() === '') return undefined;
      raw.id = scalar.value.trim();
    } else {
      raw.meta[key] = scalar.value;
      metaLines[key] = field.line;
    }
  }
  return { ok: true, transcripts: [raw] };
}

/** A `key: value` line at exactly `indent` (after `  - ` for a list item), or undefined. */
function readKeyLine(line: string, indent: number): KeyLine | undefined {
  const rest = line.slice(indent);
  if (rest.startsWith(' ')) return undefined;
  const match = KEY_LINE.exec(rest);
  if (match === null) return undefined;
  const key = match[1] ?? '';
  return { key, raw: match[2] ?? '', at: indent + key.length + 2 };
}

function readTurn(draft: TurnDraft): RawTurn | undefined {
  const speakerField = draft.fields.get('speaker');
  const textField = draft.fields.get('text');
  if (speakerField === undefined || textField === undefined) return undefined;
  const speaker = readScalar(speakerField.raw, speakerField.at);
  const text = readScalar(textField.raw, textField.at);
  if (speaker === undefined || text === undefined || speaker.value.trim() === '') return undefined;
  const turn: RawTurn = { speaker: speaker.value.trim(), text: text.value.trim(), line: draft.line };
  const labelsField = draft.fields.get('labels');
  if (labelsField !== undefined) {
    const labels = readFlowList(labelsField.raw);
    if (labels === undefined) return undefined;
    turn.labels = labels;
  }
  const segments = scalarSegments(text, textField.line);
  return Object.assign(turn, trimSegmented({ text: text.value, segments }));
}

/**
 * The segments the full parser gives a one-line scalar: the body found in the value with only
 * whitespace around it, else one segment at offset 0; both at the value's first character.
 */
function scalarSegments(scalar: LineScalar, line: number): TextSegment[] {
  const piece = scalar.body.trimEnd();
  const found = piece === '' ? -1 : scalar.value.indexOf(piece);
  const exact =
    found >= 0 && scalar.value.slice(0, found).trim() === '' && scalar.value.slice(found + piece.length).trim() === '';
  return [{ offset: exact ? found : 0, line, column: scalar.start + 1 }];
}

/** A whole-line value: one double-quoted string or a safe plain scalar. */
function readScalar(raw: string, at: number): LineScalar | undefined {
  if (raw.startsWith('"')) {
    const quoted = readQuoted(raw, 0);
    return quoted !== undefined && quoted.end === raw.length ? { value: quoted.value, body: raw.slice(1, -1), start: at + 1 } : undefined;
  }
  if (!PLAIN.test(raw) || RESERVED.test(raw)) return undefined;
  return { value: raw, body: raw, start: at };
}

/** A double-quoted string starting at `from`, if it uses only escapes JSON shares. */
function readQuoted(source: string, from: number): { value: string; end: number } | undefined {
  for (let i = from + 1; i < source.length; i += 1) {
    const char = source[i];
    if (char === '"') return { value: JSON.parse(source.slice(from, i + 1)) as string, end: i + 1 };
    if (char === '\\') {
      const escape = JSON_ESCAPE.exec(source.slice(i, i + 6));
      if (escape === null) return undefined;
      i += escape[0].length - 1;
    }
  }
  return undefined;
}

/** `[a, "b"]` or `[]`: a flow list of double-quoted strings or safe plain words. */
function readFlowList(raw: string): string[] | undefined {
  if (raw === '[]') return [];
  if (!raw.startsWith('[') || !raw.endsWith(']')) return undefined;
  const items: string[] = [];
  let i = 1;
  for (;;) {
    let end: number;
    if (raw[i] === '"') {
      const quoted = readQuoted(raw, i);
      // A blank or padded label is the full parser's to trim or refuse.
      if (quoted === undefined || quoted.value.trim() !== quoted.value || quoted.value === '') return undefined;
      items.push(quoted.value);
      end = quoted.end;
    } else {
      FLOW_PLAIN.lastIndex = i;
      const word = FLOW_PLAIN.exec(raw)?.[0];
      if (word === undefined || RESERVED.test(word)) return undefined;
      items.push(word);
      end = i + word.length;
    }
    if (end === raw.length - 1) return items;
    if (!raw.startsWith(', ', end)) return undefined;
    i = end + 2;
  }
}
