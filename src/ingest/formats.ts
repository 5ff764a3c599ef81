import { extname } from 'node:path';
import type { InputParser } from './parser.js';
import { csvParser } from './parse-csv.js';
import { jsonParser } from './parse-json.js';
import { jsonlParser } from './parse-jsonl.js';
import { srtParser } from './parse-srt.js';
import { textParser } from './parse-text.js';
import { vttParser } from './parse-vtt.js';
import { yamlParser } from './parse-yaml.js';

/** Every input format by name. Order matters: it is the order sniffing tries them in. */
export const PARSERS = {
  vtt: vttParser,
  srt: srtParser,
  json: jsonParser,
  jsonl: jsonlParser,
  yaml: yamlParser,
  csv: csvParser,
  text: textParser,
} as const satisfies Record<string, InputParser>;

/** A format name (`yaml`, `text`, …). */
export type FormatName = keyof typeof PARSERS;

/** File extensions (lower case, with the dot) that some parser claims; directories are searched for these. */
export const TRANSCRIPT_EXTENSIONS: readonly string[] = Object.values(PARSERS).flatMap((parser) => parser.extensions);

/**
 * Picks the parser for a file: by extension, or, when the extension says nothing (`.txt`,
 * none, unknown, stdin), by sniffing the content; plain text is the fallback.
 */
export function chooseParser(path: string, text: string): InputParser {
  const extension = extname(path).toLowerCase();
  const parsers: InputParser[] = Object.values(PARSERS);
  const claimed = parsers.find((parser) => parser !== textParser && parser.extensions.includes(extension));
  if (claimed !== undefined) return claimed;
  return parsers.find((parser) => parser.sniff?.(text) === true) ?? textParser;
}
