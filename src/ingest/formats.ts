/**
 * The input format registry: a format is recognised by its signature (extensions, sniff)
 * and its parser module is imported the first time a file of that format is read, so a
 * run over plain text never loads the YAML library.
 */
import { extname } from 'node:path';
import type { ColumnOptions, InputParser } from './parser.js';
import { CSV_SIGNATURE, JSONL_SIGNATURE, JSON_SIGNATURE, SRT_SIGNATURE, TEXT_SIGNATURE, VTT_SIGNATURE, YAML_SIGNATURE, namesColumns, type FormatSignature } from './signatures.js';

/** One registered input format: how to recognise it, and how to load its parser. */
export interface ParserEntry extends FormatSignature {
  load: () => Promise<InputParser>;
}

/** Every input format by name. Order matters: it is the order sniffing tries them in. */
export const PARSERS = {
  vtt: { ...VTT_SIGNATURE, load: async () => (await import('./parse-vtt.js')).vttParser },
  srt: { ...SRT_SIGNATURE, load: async () => (await import('./parse-srt.js')).srtParser },
  json: { ...JSON_SIGNATURE, load: async () => (await import('./parse-json.js')).jsonParser },
  jsonl: { ...JSONL_SIGNATURE, load: async () => (await import('./parse-jsonl.js')).jsonlParser },
  yaml: { ...YAML_SIGNATURE, load: async () => (await import('./parse-yaml.js')).yamlParser },
  csv: { ...CSV_SIGNATURE, load: async () => (await import('./parse-csv.js')).csvParser },
  text: { ...TEXT_SIGNATURE, load: async () => (await import('./parse-text.js')).textParser },
} as const satisfies Record<string, ParserEntry>;

/** A format name (`yaml`, `text`, …). */
export type FormatName = keyof typeof PARSERS;

const FORMAT_NAMES = Object.keys(PARSERS) as FormatName[];

/** File extensions (lower case, with the dot) that some parser claims; directories are searched for these. */
export const TRANSCRIPT_EXTENSIONS: readonly string[] = Object.values(PARSERS).flatMap((entry) => entry.extensions);

/**
 * Picks the format of a file: by extension, or, when the extension says nothing (`.txt`,
 * none, unknown, stdin), by the content (a header with the `--columns` names is CSV, else
 * each format's sniff); plain text is the fallback.
 */
export function chooseFormat(path: string, text: string, columns?: ColumnOptions): FormatName {
  const extension = extname(path).toLowerCase();
  const claimed = FORMAT_NAMES.find((name) => name !== 'text' && PARSERS[name].extensions.includes(extension));
  if (claimed !== undefined) return claimed;
  if (columns !== undefined && namesColumns(text, columns)) return 'csv';
  return FORMAT_NAMES.find((name) => sniffs(PARSERS[name], text)) ?? 'text';
}

/** The parser for a file, chosen as `chooseFormat` does and loaded on first use. */
export function chooseParser(path: string, text: string, columns?: ColumnOptions): Promise<InputParser> {
  return PARSERS[chooseFormat(path, text, columns)].load();
}

/** Every parser, loaded (for callers that parse synchronously, such as the library API). */
export async function loadAllParsers(): Promise<Record<FormatName, InputParser>> {
  const loaded = await Promise.all(FORMAT_NAMES.map(async (name) => [name, await PARSERS[name].load()] as const));
  return Object.fromEntries(loaded) as Record<FormatName, InputParser>;
}

function sniffs(signature: FormatSignature, text: string): boolean {
  return signature.sniff?.(text) === true;
}
