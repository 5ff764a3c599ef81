/**
 * The format registry: a new format is one file plus one line here. Each format's module
 * is imported the first time it is used (the table's layout library and the HTML page's
 * assets only when asked for). Formatters read only the `RunReport` they are given and
 * return text; the CLI writes it.
 */
import { ReassureError } from '../errors.js';
import type { Formatter } from '../types.js';

/** Every output format by name, as a loader of its formatter; `table` is the default. */
export const FORMATTERS = {
  table: async () => (await import('./table.js')).table,
  json: async () => (await import('./json.js')).json,
  jsonl: async () => (await import('./jsonl.js')).jsonl,
  sarif: async () => (await import('./sarif.js')).sarif,
  junit: async () => (await import('./junit.js')).junit,
  github: async () => (await import('./github.js')).github,
  markdown: async () => (await import('./markdown.js')).markdown,
  html: async () => (await import('./html.js')).html,
} satisfies Record<string, () => Promise<Formatter>>;

/** A registered format name. */
export type FormatName = keyof typeof FORMATTERS;

/** The registered format names, in registry order (for `--help` and error messages). */
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

/** Whether `name` is a registered format. */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

/** `name` as a registered format; a `ReassureError` (exit 2) naming the known formats otherwise. */
export function toFormatName(name: string): FormatName {
  if (isFormatName(name)) return name;
  throw new ReassureError(`unknown format "${name}" (expected one of ${FORMAT_NAMES.join(', ')})`);
}

/** The formatter called `name`, loaded on first use; a `ReassureError` for an unknown name. */
export function loadFormatter(name: string): Promise<Formatter> {
  return FORMATTERS[toFormatName(name)]();
}

/** Every formatter, loaded (for callers that format synchronously, such as the library API). */
export async function loadAllFormatters(): Promise<Record<FormatName, Formatter>> {
  const loaded = await Promise.all(FORMAT_NAMES.map(async (name) => [name, await FORMATTERS[name]()] as const));
  return Object.fromEntries(loaded) as Record<FormatName, Formatter>;
}
