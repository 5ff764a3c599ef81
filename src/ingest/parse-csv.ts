import type { TextSegment } from '../types.js';
import { createMeta, type InputParser, type ParseOptions, type ParseResult, type RawTranscript, type RawTurn } from './parser.js';
import { trimSegmented, type SegmentedText } from './segments.js';
import { CSV_COLUMN_NAMES, CSV_SIGNATURE, columnKey } from './signatures.js';

/** One field of a record, with segments for each source line it spans. */
interface Field extends SegmentedText {
  line: number;
}

/** One record and the line it starts on. */
interface Row {
  line: number;
  fields: Field[];
}

/** Header names we recognise, compared lower case without spaces, `_` or `-`. */
const COLUMN_NAMES = {
  ...CSV_COLUMN_NAMES,
  time: ['time', 'timestamp', 'start', 'starttime'],
  labels: ['labels', 'label', 'codes'],
  session: ['session', 'sessionid'],
} as const;

/**
 * Splits delimited text into records per RFC 4180: quoted fields may hold delimiters,
 * doubled quotes and line breaks. Fails on an unterminated quote or text after a closing quote.
 */
export function tokenizeDelimited(text: string, delimiter: string): { ok: true; rows: Row[] } | { ok: false; message: string; line: number } {
  const rows: Row[] = [];
  let fields: Field[] = [];
  let field = newField(1);
  let rowLine = 1;
  let line = 1;
  let lineStart = 0;
  let quoted = false;
  let i = 0;
  // Plain runs are appended whole: one character at a time is slow on multi-MB fields.
  const plainEnd = (from: number): number => {
    let end = from;
    while (end < text.length) {
      const char = text[end];
      if (char === '\n' || char === '\r' || char === '"' || (!quoted && char === delimiter)) break;
      end += 1;
    }
    return end;
  };
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        appendTo(field, '"', line, i - lineStart + 1);
        i += 2;
      } else if (char === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          return { ok: false, message: 'text after a closing quote (quotes inside a quoted field are doubled: "")', line };
        }
        i += 1;
      } else if (char === '\n' || char === '\r') {
        appendTo(field, '\n', line, i - lineStart + 1);
        i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line += 1;
        lineStart = i;
      } else {
        const end = plainEnd(i);
        appendTo(field, text.slice(i, end), line, i - lineStart + 1);
        i = end;
      }
    } else if (char === '"' && field.text === '') {
      quoted = true;
      i += 1;
    } else if (char === delimiter) {
      fields.push(field);
      field = newField(line);
      i += 1;
    } else if (char === '\n' || char === '\r') {
      fields.push(field);
      rows.push({ line: rowLine, fields });
      i += char === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      lineStart = i;
      rowLine = line;
      fields = [];
      field = newField(line);
    } else {
      // A quote inside an unquoted field is kept as written.
      const end = Math.max(plainEnd(i), i + 1);
      appendTo(field, text.slice(i, end), line, i - lineStart + 1);
      i = end;
    }
  }
  if (quoted) return { ok: false, message: 'unterminated quoted field', line: field.line };
  if (field.text !== '' || fields.length > 0) {
    fields.push(field);
    rows.push({ line: rowLine, fields });
  }
  return { ok: true, rows };
}

/**
 * Parses a CSV or TSV transcript: a header row naming the speaker and text columns (found by
 * common names, or given in `options.columns`), optional time, labels and session columns;
 * other non-empty columns are kept in `extra`.
 */
export function parseDelimitedTranscript(text: string, delimiter: string, options: ParseOptions = {}): ParseResult {
  const tokenized = tokenizeDelimited(text, delimiter);
  if (!tokenized.ok) return { ok: false, error: { message: tokenized.message, line: tokenized.line } };
  const rows = tokenized.rows.filter((row) => row.fields.some((field) => field.text.trim() !== ''));
  const [header, ...body] = rows;
  if (header === undefined) return { ok: false, error: { message: 'no header row found' } };
  const names = header.fields.map((field) => field.text.trim());
  const speakerColumn = findColumn(names, options.columns?.speaker, COLUMN_NAMES.speaker);
  const textColumn = findColumn(names, options.columns?.text, COLUMN_NAMES.text);
  if (speakerColumn < 0 || textColumn < 0) {
    const missingKeys = [speakerColumn < 0 ? 'speaker' : '', textColumn < 0 ? 'text' : ''].filter(Boolean);
    const message = `cannot find the ${missingKeys.join(' and ')} column`;
    // The option that fixes it, so the header's names need not be matched against the README.
    const hint = `; name ${missingKeys.length === 1 ? 'it' : 'them'} with --columns ${missingKeys.map((key) => `${key}=NAME`).join(',')}`;
    // Without a header, the first row (transcript words) stands where the names are.
    const redactedMessage = `${message} (${names.length} headers seen, left out by --redact)${hint}`;
    return { ok: false, error: { message: `${message} (headers seen: ${names.join(', ')})${hint}`, redactedMessage, line: header.line } };
  }
  const timeColumn = findColumn(names, undefined, COLUMN_NAMES.time);
  const labelsColumn = findColumn(names, undefined, COLUMN_NAMES.labels);
  const sessionColumn = findColumn(names, undefined, COLUMN_NAMES.session);
  const known = new Set([speakerColumn, textColumn, timeColumn, labelsColumn, sessionColumn]);
  const transcripts: RawTranscript[] = [];
  let current: RawTranscript | undefined;
  for (const row of body) {
    const cell = (column: number): string => (column < 0 ? '' : (row.fields[column]?.text.trim() ?? ''));
    const speaker = cell(speakerColumn);
    if (speaker === '') return { ok: false, error: { message: `row has no speaker (column ${names[speakerColumn] ?? ''})`, line: row.line } };
    if (row.fields.slice(names.length).some((field) => field.text.trim() !== '')) {
      const where = delimiter === '\t' ? 'a tab' : `a "${delimiter}"`;
      return { ok: false, error: { message: `row has ${row.fields.length} fields, the header ${names.length}: ${where} inside the text? quote the field`, line: row.line } };
    }
    const session = cell(sessionColumn);
    if (current === undefined || (session !== '' && session !== current.id)) {
      current = session === '' ? { meta: createMeta(), turns: [], line: row.line } : { id: session, meta: createMeta(), turns: [], line: row.line };
      transcripts.push(current);
    }
    const textField = row.fields[textColumn] ?? newField(row.line);
    const turn: RawTurn = { speaker, line: row.line, ...trimSegmented(textField) };
    if (cell(timeColumn) !== '') turn.time = cell(timeColumn);
    const labels = cell(labelsColumn).split(/[;,|]/).map((label) => label.trim()).filter(Boolean);
    if (labels.length > 0) turn.labels = labels;
    const extra = Object.fromEntries(
      names.flatMap((name, column) => (known.has(column) || cell(column) === '' ? [] : [[name, cell(column)]])),
    );
    if (Object.keys(extra).length > 0) turn.extra = extra;
    current.turns.push(turn);
  }
  if (transcripts.length === 0) return { ok: false, error: { message: 'no rows after the header', line: header.line } };
  return { ok: true, transcripts };
}

/** The CSV and TSV input format; tab-separated when the file says `.tsv` or the header has tabs and no commas. */
export const csvParser: InputParser = {
  name: 'csv',
  ...CSV_SIGNATURE,
  parse: (text, file, options) => parseDelimitedTranscript(text, chooseDelimiter(text, file), options),
};

function chooseDelimiter(text: string, file: string): string {
  if (file.toLowerCase().endsWith('.tsv')) return '\t';
  const header = text.split('\n', 1)[0] ?? '';
  return header.includes('\t') && !header.includes(',') ? '\t' : ',';
}

function findColumn(names: readonly string[], explicit: string | undefined, candidates: readonly string[]): number {
  if (explicit !== undefined) return names.findIndex((name) => columnKey(name) === columnKey(explicit));
  for (const candidate of candidates) {
    const index = names.findIndex((name) => columnKey(name) === candidate);
    if (index >= 0) return index;
  }
  return -1;
}

function newField(line: number): Field {
  return { text: '', segments: [], line };
}

/** Appends a run of text, starting a new segment when the source position jumps (new line, doubled quote). */
function appendTo(field: Field, run: string, line: number, column: number): void {
  const last: TextSegment | undefined = field.segments.at(-1);
  if (last === undefined || last.line !== line || last.column + (field.text.length - last.offset) !== column) {
    field.segments.push({ offset: field.text.length, line, column });
  }
  field.text += run;
}
