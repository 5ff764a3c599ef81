/**
 * The format registry: a new format is one file plus one line here. Formatters read only
 * the `RunReport` they are given and return text; the CLI writes it.
 */
import { ReassureError } from '../errors.js';
import type { Formatter } from '../types.js';
import { github } from './github.js';
import { html } from './html.js';
import { json } from './json.js';
import { jsonl } from './jsonl.js';
import { junit } from './junit.js';
import { markdown } from './markdown.js';
import { sarif } from './sarif.js';
import { table } from './table.js';

/** Every output format by name; `table` is the default. */
export const FORMATTERS = { table, json, jsonl, sarif, junit, github, markdown, html } satisfies Record<string, Formatter>;

/** A registered format name. */
export type FormatName = keyof typeof FORMATTERS;

/** The registered format names, in registry order (for `--help` and error messages). */
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];

/** Whether `name` is a registered format. */
export function isFormatName(name: string): name is FormatName {
  return Object.hasOwn(FORMATTERS, name);
}

/** The formatter called `name`; a `ReassureError` (exit 2) naming the known formats otherwise. */
export function getFormatter(name: string): Formatter {
  if (isFormatName(name)) return FORMATTERS[name];
  throw new ReassureError(`unknown format "${name}" (expected one of ${FORMAT_NAMES.join(', ')})`);
}
