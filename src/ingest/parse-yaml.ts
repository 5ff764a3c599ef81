import { isAlias, isMap, isScalar, isSeq, LineCounter, parseAllDocuments, Scalar } from 'yaml';
import type { Document, Node, YAMLMap } from 'yaml';
import type { Suppression, TextSegment } from '../types.js';
import { describeYamlErrorRedacted } from '../errors.js';
import { isMergeKey, listMergedPairs, MAX_YAML_ALIASES, readDocumentValue, type MergedPair } from '../yaml-document.js';
import { createMeta, type InputParser, type ParseError, type ParseResult, type RawTranscript, type RawTurn, type RoleHints } from './parser.js';
import { parseSimpleYamlTranscript } from './parse-yaml-simple.js';
import { trimSegmented } from './segments.js';
import { describeOwnOutput } from './own-outputs.js';
import { YAML_SIGNATURE } from './signatures.js';

/** Deeper flow nesting (`[[[…`) than this is refused before the YAML library sees it. */
export const MAX_FLOW_DEPTH = 64;

const SESSION_KEYS = new Set(['session', 'roles', 'labels', 'turns']);
const TURN_KEYS = new Set(['speaker', 'text', 'labels', 'time', 'ignore']);
// A turn's text (or a session's turns) from a merge key keeps the positions of the mapping
// merged, so its findings would point into another turn: what a merge key may not bring.
const MERGE_KEY_UNREAD = (what: string): string => `uses a YAML merge key (\`<<\`) for its \`${what}\`, which is not read: write the ${what} out`;
// An alias keeps the positions of the value it names just the same: not a turn's text, a
// turn, a session's turns or a session (anything else, such as a speaker, is read).
// The alias is named by a string from `refuseAlias`: its name, or words saying it is left out.
const ALIAS_UNREAD = (alias: string, what: string): string => `an alias (${alias}), which is not read: write the ${what} out`;

/** A parse failure raised while walking a document; caught and returned as a `ParseError`. */
class ShapeError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    /** The message without the file's words it quotes, for `--redact`. */
    readonly redactedMessage?: string,
  ) {
    super(message);
  }
}

/** What the walker needs to map nodes back to file positions. */
interface SourceContext {
  doc: Document;
  text: string;
  lines: LinePositions;
}

/** Maps an offset of the parsed text to its line and column (a `LineCounter`, or one shifted). */
export type LinePositions = Pick<LineCounter, 'linePos'>;

/**
 * Parses a YAML transcript file: a mapping with `session`, metadata, `roles`, `labels` and
 * `turns`, or a bare list of turns; each `---` document is one session.
 */
export function parseYamlTranscript(text: string): ParseResult {
  return readYamlText(text, true);
}

/** `parseYamlTranscript` without the fast path: every file through the YAML library. */
export function parseYamlTranscriptFull(text: string): ParseResult {
  return readYamlText(text, false);
}

// The fast path runs after the nesting check, which the full reader's result depends on.
function readYamlText(text: string, fast: boolean): ParseResult {
  const deep = findExcessiveNesting(text);
  if (deep !== undefined) return fail({ message: `nesting deeper than ${MAX_FLOW_DEPTH} levels`, line: deep });
  const simple = fast ? parseSimpleYamlTranscript(text) : undefined;
  if (simple !== undefined) return simple;
  const lines = new LineCounter();
  try {
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, merge: true });
    const list: Document[] = Array.isArray(docs) ? docs : [];
    for (const doc of list) {
      const [error] = doc.errors;
      if (error !== undefined) {
        return fail({ message: `invalid YAML: ${firstLine(error.message)}`, redactedMessage: `invalid YAML: ${describeYamlErrorRedacted(error)}`, line: lines.linePos(error.pos[0]).line });
      }
    }
    return readTranscriptDocuments(list, text, lines);
  } catch (error) {
    return fail({ message: `cannot read YAML: ${firstLine(String(error))}`, redactedMessage: `cannot read YAML: ${describeYamlErrorRedacted(error)}` });
  }
}

/**
 * Reads parsed YAML (or JSON) documents into raw transcripts. Shared with the JSON parser,
 * which parses with the YAML library for the positions.
 */
export function readTranscriptDocuments(docs: readonly Document[], text: string, lines: LinePositions): ParseResult {
  try {
    const transcripts: RawTranscript[] = [];
    for (const doc of docs) {
      if (doc.contents === null) continue;
      guardAliases(doc, lines);
      transcripts.push(...readDocument(doc.contents, { doc, text, lines }));
    }
    if (transcripts.length === 0) return fail({ message: 'no transcript found (expected `turns:` or a list of turns)' });
    return { ok: true, transcripts };
  } catch (error) {
    if (error instanceof ShapeError) return fail({ message: error.message, redactedMessage: error.redactedMessage, line: error.line });
    return fail({ message: `cannot read transcript: ${firstLine(String(error))}`, redactedMessage: `cannot read transcript: ${describeYamlErrorRedacted(error)}` });
  }
}

/** The YAML input format. */
export const yamlParser: InputParser = {
  name: 'yaml',
  ...YAML_SIGNATURE,
  parse: (text) => parseYamlTranscript(text),
};

/**
 * The line where flow collections (`[`, `{` in value position) nest deeper than
 * `MAX_FLOW_DEPTH`, if they do. The YAML library can exhaust memory on such input.
 */
export function findExcessiveNesting(text: string, max = MAX_FLOW_DEPTH): number | undefined {
  let depth = 0;
  let line = 1;
  let previous = '';
  for (const char of text) {
    if (char === '\n') line += 1;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    if ((char === '[' || char === '{') && (previous === '' || '[{,:-?'.includes(previous))) {
      depth += 1;
      if (depth > max) return line;
    } else if (char === ']' || char === '}') {
      depth = Math.max(0, depth - 1);
    }
    previous = char;
  }
  return undefined;
}

// Alias bombs and merge keys of something other than mappings, before any walk of the nodes.
function guardAliases(doc: Document, lines: LinePositions): void {
  const read = readDocumentValue(doc);
  if (!read.ok) throw new ShapeError(read.message, lines.linePos(read.offset).line, read.redactedMessage);
}

function readDocument(contents: Node, ctx: SourceContext): RawTranscript[] {
  if (isSeq(contents)) {
    const items = contents.items.map((item) => resolve(item, ctx));
    if (items.length > 0 && items.every((item) => isMap(item) && findPair(listMergedPairs(item, ctx.doc), 'turns') !== undefined)) {
      contents.items.forEach((item, i) => refuseAlias(item, (alias) => `session ${i + 1} is ${ALIAS_UNREAD(alias, 'session')}`, ctx));
      return items.map((item) => readSession(item as Node, ctx));
    }
    return [{ meta: createMeta(), turns: readTurns(contents, ctx), line: lineOf(contents, ctx) }];
  }
  if (isMap(contents)) return [readSession(contents, ctx)];
  throw new ShapeError(`expected a mapping with \`turns:\` or a list of turns (got ${describeValue(toValue(contents, ctx))})`, lineOf(contents, ctx));
}

function readSession(node: Node, ctx: SourceContext): RawTranscript {
  if (!isMap(node)) throw new ShapeError(`expected a session mapping (got ${describeValue(toValue(node, ctx))})`, lineOf(node, ctx));
  const pairs = listMergedPairs(node, ctx.doc);
  const turnsPair = findPair(pairs, 'turns');
  if (turnsPair?.merged === true) throw new ShapeError(`the session ${MERGE_KEY_UNREAD('turns')}`, mergeKeyLine(node, ctx));
  refuseAlias(turnsPair?.value, (alias) => `the session takes its \`turns\` from ${ALIAS_UNREAD(alias, 'turns')}`, ctx);
  const turnsNode = resolve(turnsPair?.value, ctx);
  if (turnsNode === undefined) {
    // A rule file (rules/reassure.yaml of `init`) in an audited folder read as a transcript missing its turns.
    if (findPair(pairs, 'version') !== undefined && RULE_FILE_KEYS.some((key) => findPair(pairs, key) !== undefined)) {
      throw new ShapeError(describeOwnOutput('a reassure rule file'), lineOf(node, ctx));
    }
    throw new ShapeError('missing `turns:` (a list of turns with speaker and text)', lineOf(node, ctx));
  }
  const raw: RawTranscript = { meta: createMeta(), metaLines: createMeta() as Record<string, number>, turns: readTurns(turnsNode, ctx), line: lineOf(node, ctx) };
  for (const pair of pairs) {
    const key = String(toValue(pair.key ?? undefined, ctx));
    const valueNode = resolve(pair.value, ctx);
    const value = valueNode === undefined ? null : toValue(valueNode, ctx);
    const at = valueNode === undefined ? raw.line : lineOf(valueNode, ctx);
    if (key === 'session') raw.id = readId(value, at);
    else if (key === 'roles') raw.roles = readRoles(value, at);
    else if (key === 'labels') raw.labels = readLabels(value, 'labels', at);
    else if (!SESSION_KEYS.has(key)) {
      raw.meta[key] = value;
      if (raw.metaLines !== undefined) raw.metaLines[key] = at;
    }
  }
  return raw;
}

function readTurns(node: Node, ctx: SourceContext): RawTurn[] {
  if (!isSeq(node)) throw new ShapeError(`\`turns\` must be a list (got ${describeValue(toValue(node, ctx))})`, lineOf(node, ctx));
  return node.items.map((item, i) => {
    refuseAlias(item, (alias) => `turn ${i + 1} is ${ALIAS_UNREAD(alias, 'turn')}`, ctx);
    return readTurn(resolve(item, ctx), i + 1, ctx, lineOf(node, ctx));
  });
}

function readTurn(node: Node | undefined, index: number, ctx: SourceContext, fallbackLine: number): RawTurn {
  const line = node === undefined ? fallbackLine : lineOf(node, ctx);
  if (node === undefined || !isMap(node)) {
    const got = node === undefined ? 'nothing' : describeValue(toValue(node, ctx));
    throw new ShapeError(`turn ${index} must be a mapping with speaker and text (got ${got})`, line);
  }
  const pairs = listMergedPairs(node, ctx.doc);
  const textPair = findPair(pairs, 'text');
  if (textPair?.merged === true) throw new ShapeError(`turn ${index} ${MERGE_KEY_UNREAD('text')}`, mergeKeyLine(node, ctx));
  refuseAlias(textPair?.value, (alias) => `turn ${index} takes its \`text\` from ${ALIAS_UNREAD(alias, 'text')}`, ctx);
  const fields = pairs.map((pair): TurnField => {
    const valueNode = resolve(pair.value, ctx);
    return {
      key: String(toValue(pair.key ?? undefined, ctx)),
      value: valueNode === undefined ? null : toValue(valueNode, ctx),
      line: valueNode === undefined ? line : lineOf(valueNode, ctx),
    };
  });
  const turn = readTurnFields(fields, index, line);
  const textNode = resolve(textPair?.value, ctx);
  const value = textNode === undefined ? undefined : toValue(textNode, ctx);
  if (typeof value === 'string' && textNode !== undefined) {
    Object.assign(turn, trimSegmented({ text: value, segments: scalarSegments(textNode, value, ctx) }));
  }
  return turn;
}

/** One key of a turn with its value and the line the value is on. */
interface TurnField {
  key: string;
  value: unknown;
  line: number;
}

/** Validates a turn's keys into a raw turn (text trimmed, no segments); throws `ShapeError`. */
function readTurnFields(fields: readonly TurnField[], index: number, line: number): RawTurn {
  const byKey = new Map(fields.map((field) => [field.key, field.value]));
  const speaker = byKey.get('speaker');
  const named = typeof speaker === 'number' || (typeof speaker === 'string' && speaker.trim() !== '');
  if (!named) {
    throw new ShapeError(`turn ${index} has no \`speaker\` (got ${describeValue(speaker)}, expected a name)`, line);
  }
  const text = byKey.get('text');
  if (typeof text !== 'string') {
    throw new ShapeError(`turn ${index} has no \`text\` string (got ${describeValue(text)}; quote it if it is a number)`, line);
  }
  const turn: RawTurn = { speaker: String(speaker).trim(), text: text.trim(), line };
  const extra: Record<string, unknown> = {};
  for (const { key, value, line: at } of fields) {
    if (key === 'labels') turn.labels = readLabels(value, `turn ${index} labels`, at);
    else if (key === 'time') turn.time = readTime(value, index, at);
    else if (key === 'ignore') turn.ignore = readIgnore(value, index, at);
    else if (!TURN_KEYS.has(key)) extra[key] = value;
  }
  if (Object.keys(extra).length > 0) turn.extra = extra;
  return turn;
}

/**
 * Validates one turn given as a plain value (`{speaker, text, labels?, time?, ignore?, …}`,
 * as JSON Lines carry them); `skip` keys are left out of `extra`.
 */
export function readTurnValue(
  value: unknown,
  index: number,
  line: number,
  skip: readonly string[] = [],
): { ok: true; turn: RawTurn } | { ok: false; error: ParseError } {
  if (!isRecord(value)) return turnError(`turn ${index} must be an object with speaker and text (got ${describeValue(value)})`, line);
  try {
    const fields = Object.entries(value)
      .filter(([key]) => !skip.includes(key))
      .map(([key, field]) => ({ key, value: field, line }));
    return { ok: true, turn: readTurnFields(fields, index, line) };
  } catch (error) {
    if (error instanceof ShapeError) return turnError(error.message, line);
    throw error;
  }
}

function readId(value: unknown, line: number): string {
  if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
  throw new ShapeError(`\`session\` must be a name (got ${describeValue(value)})`, line);
}

function readRoles(value: unknown, line: number): RoleHints {
  if (!isRecord(value)) throw new ShapeError(`\`roles\` must be a mapping of therapist and client names (got ${describeValue(value)})`, line);
  const hints: RoleHints = {};
  for (const [key, names] of Object.entries(value)) {
    if (key !== 'therapist' && key !== 'client') {
      // The key may be a speaker's name (`roles: {Dr. Lee: therapist}`).
      const refuse = (got: string): string => `\`roles\` may name only therapist and client (got ${got})`;
      throw new ShapeError(refuse(key), line, refuse('another key, left out by --redact'));
    }
    hints[key] = typeof names === 'string' ? [names] : readStringList(names, `roles.${key}`, line);
  }
  return hints;
}

// Rule ids, trimmed as CSV's are; a blank one names nothing (it became a row with no id in `agree`).
function readLabels(value: unknown, what: string, line: number): string[] {
  const labels = readStringList(value, what, line).map((label) => label.trim());
  const blank = labels.indexOf('');
  if (blank !== -1) throw new ShapeError(`\`${what}\` must hold rule ids (got an empty string as item ${blank + 1})`, line);
  return labels;
}

function readStringList(value: unknown, what: string, line: number): string[] {
  const badItem = Array.isArray(value) ? value.findIndex((item) => typeof item !== 'string') : -1;
  if (Array.isArray(value) && badItem === -1) return value as string[];
  const got = Array.isArray(value) ? `${describeValue(value[badItem])} as item ${badItem + 1}` : describeValue(value);
  throw new ShapeError(`\`${what}\` must be a list of strings (got ${got})`, line);
}

function readTime(value: unknown, index: number, line: number): string {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new ShapeError(`turn ${index} \`time\` must be a string (got ${describeValue(value)})`, line);
}

function readIgnore(value: unknown, index: number, line: number): Suppression[] {
  const items: unknown[] = Array.isArray(value) ? value : [value];
  return items.map((item) => {
    if (typeof item === 'string') return { rule: item };
    if (isRecord(item) && typeof item.rule === 'string' && (item.reason === undefined || typeof item.reason === 'string')) {
      return item.reason === undefined ? { rule: item.rule } : { rule: item.rule, reason: item.reason };
    }
    throw new ShapeError(`turn ${index} \`ignore\` must list {rule, reason} entries (got ${describeValue(item)})`, line);
  });
}

/**
 * Maps offsets of a scalar's value to the file: one segment per source line of the value,
 * checked against the value; where folding or escapes make that unsure, one segment at the
 * first character of the content.
 */
function scalarSegments(node: Node, value: string, ctx: SourceContext): TextSegment[] {
  const range = node.range ?? [0, 0, 0];
  const source = ctx.text.slice(range[0], range[1]);
  const type = isScalar(node) ? node.type : undefined;
  const quoted = type === Scalar.QUOTE_DOUBLE || type === Scalar.QUOTE_SINGLE;
  const block = type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED;
  const start = range[0] + (quoted ? 1 : 0);
  const body = quoted ? source.slice(1, -1) : source;
  const pieces: { text: string; at: number }[] = [];
  let at = start;
  body.split('\n').forEach((rawLine, i) => {
    const lead = i === 0 ? 0 : rawLine.length - rawLine.trimStart().length;
    const piece = rawLine.slice(lead).trimEnd();
    if (piece !== '' && !(block && i === 0)) pieces.push({ text: piece, at: at + lead });
    at += rawLine.length + 1;
  });
  const position = (offset: number): { line: number; column: number } => {
    const pos = ctx.lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const first = pieces[0];
  const fallback = [{ offset: 0, ...position(first?.at ?? start) }];
  const segments: TextSegment[] = [];
  let cursor = 0;
  for (const piece of pieces) {
    const found = value.indexOf(piece.text, cursor);
    if (found < 0 || value.slice(cursor, found).trim() !== '') return fallback;
    segments.push({ offset: found, ...position(piece.at) });
    cursor = found + piece.text.length;
  }
  return segments.length > 0 && value.slice(cursor).trim() === '' ? segments : fallback;
}

// Keys a rule file has beside `version` and a transcript does not.
const RULE_FILE_KEYS = ['rules', 'extends', 'include', 'cues'];

/** The pair of a key among a mapping's pairs (its own or one a merge key brings). */
function findPair(pairs: readonly MergedPair[], key: string): MergedPair | undefined {
  return pairs.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

// The line of a mapping's first merge key, which a refusal names.
function mergeKeyLine(map: YAMLMap, ctx: SourceContext): number {
  const key = map.items.find((pair) => isMergeKey(pair.key))?.key as Node | undefined;
  return key === undefined ? lineOf(map, ctx) : lineOf(key, ctx);
}

// Throws the message for an alias where one is not read, at the alias's line; its name
// (often a speaker's, `*lee`) is left out of the redacted form.
function refuseAlias(node: unknown, message: (alias: string) => string, ctx: SourceContext): void {
  if (isAlias(node)) throw new ShapeError(message(`\`*${node.source}\``), lineOf(node, ctx), message('its name left out by --redact'));
}

function resolve(node: unknown, ctx: SourceContext): Node | undefined {
  if (isAlias(node)) return node.resolve(ctx.doc) ?? undefined;
  return node === null || node === undefined ? undefined : (node as Node);
}

function toValue(node: Node | undefined, ctx: SourceContext): unknown {
  if (node === undefined) return undefined;
  return node.toJS(ctx.doc, { maxAliasCount: MAX_YAML_ALIASES });
}

function lineOf(node: Node, ctx: SourceContext): number {
  return ctx.lines.linePos(node.range?.[0] ?? 0).line;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names the type of a value for an error message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return value.trim() === '' ? 'an empty string' : 'a string';
  return `a ${typeof value}`;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0]?.trim() ?? '';
}

function turnError(message: string, line: number): { ok: false; error: ParseError } {
  return { ok: false, error: { message, line } };
}

function fail(error: ParseError): ParseResult {
  const { line, redactedMessage } = error;
  return { ok: false, error: { message: error.message, ...(redactedMessage === undefined ? {} : { redactedMessage }), ...(line === undefined ? {} : { line }) } };
}
