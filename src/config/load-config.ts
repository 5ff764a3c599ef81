import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document } from 'yaml';
import { requireYaml } from '../lazy-yaml.js';
import { getInMerged, listMergedPairs, parseYamlFile, readDocumentValue } from '../yaml-document.js';
import { parseSize } from './parse-size.js';
import { ReassureError, describeReadError, describeYamlError } from '../errors.js';
import { toDisplayPath } from '../ingest/read.js';
import { normalizeSpeaker } from '../ingest/speakers.js';
import { formatFieldPath } from '../field-path.js';
import { checkDocumentAgainstSchema, type JsonSchema } from '../rules/schema-check.js';
import type { FailLevel, Severity } from '../types.js';
import { isCalendarDate } from './session-files.js';
import { CONFIG_KEYS, SETTING_KEYS, type SessionMeta, type SettingKey, type Settings } from './settings.js';

/** The file names looked for in each directory, first found wins. */
export const CONFIG_FILE_NAMES = ['.reassurerc.yaml', '.reassurerc.yml', 'reassure.config.yaml', 'reassure.config.yml'] as const;

/** The JSON Schema for config files, shipped with the package (src/config → ../../schema). */
export const CONFIG_SCHEMA_PATH = fileURLToPath(new URL('../../schema/config.schema.json', import.meta.url));

/** A problem in a config file, with its position (both 1-based). */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Where in a config file a setting was written (the position of its key). */
export interface ConfigSource {
  file: string;
  line: number;
  column: number;
}

/**
 * A config file's settings, typed and resolved: paths relative to the working directory,
 * sizes in bytes. Only the keys the file sets are present.
 */
export interface LoadedConfig {
  /** The config file as shown to the user (relative to the working directory). */
  file: string;
  values: Partial<Settings>;
  /** For every key the file sets, where it was set. */
  sources: Partial<Record<SettingKey, ConfigSource>>;
}

/** A loaded config, or every problem found in it. */
export type LoadConfigResult = { ok: true; config: LoadedConfig } | { ok: false; problems: ConfigProblem[] };

let cachedSchema: JsonSchema | undefined;

/** The config-file JSON Schema, read once. */
export function readConfigSchema(): JsonSchema {
  cachedSchema ??= JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as JsonSchema;
  return cachedSchema;
}

/**
 * The config file that applies in `cwd`: the nearest directory from `cwd` up to the
 * filesystem root holding one of {@link CONFIG_FILE_NAMES} (in that order within a
 * directory). Returns its absolute path, or undefined when there is none.
 */
export function findConfigFile(cwd: string): string | undefined {
  const dir = path.resolve(cwd);
  const found = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).find(isFile);
  if (found !== undefined) return found;
  const parent = path.dirname(dir);
  return parent === dir ? undefined : findConfigFile(parent);
}

/**
 * Reads a config file and checks it against the config schema, returning every problem
 * (invalid YAML, unknown keys, wrong types or values) with its position. An empty file
 * is a valid empty config.
 *
 * Paths in the file are relative to the file's directory and come back relative to
 * `cwd`, the frame command-line paths are in: `rules` (unless `default`), `output`, the
 * file of a `format` entry `name=file`, and every `include` and `ignore` entry. A glob is
 * rebased by prefixing the config directory (glob characters in it escaped), so it
 * matches from the config file's directory exactly as written there. Absolute paths are
 * kept as they are.
 */
export function loadConfigFile(configPath: string, cwd: string): LoadConfigResult {
  const absolutePath = path.resolve(cwd, configPath);
  const file = toDisplayPath(absolutePath, cwd);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const reason = describeReadError(error);
    return { ok: false, problems: [{ file, line: 1, column: 1, message: `cannot read config file: ${reason}` }] };
  }
  const { document, lineCounter } = parseYamlFile(text);
  const positionAt = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problemAt = (offset: number, message: string): ConfigProblem => ({ file, ...positionAt(offset), message });
  if (document.errors.length > 0) {
    return { ok: false, problems: document.errors.map((error) => problemAt(error.pos[0], `invalid YAML: ${describeYamlError(error)}`)) };
  }
  if (document.contents === null) return { ok: true, config: { file, values: {}, sources: {} } };
  const read = readDocumentValue(document);
  if (!read.ok) return { ok: false, problems: [problemAt(read.offset, read.message)] };
  const schemaProblems = checkDocumentAgainstSchema(document, readConfigSchema());
  if (schemaProblems.length > 0) return { ok: false, problems: schemaProblems.map((p) => problemAt(p.offset, p.message)) };

  const problems: ConfigProblem[] = [];
  const context: ConvertContext = {
    rebase: (entry) => rebasePath(entry, path.dirname(absolutePath), cwd),
    fail: (keyPath, message) => problems.push(problemAt(offsetOf(document, keyPath), message)),
  };
  const raw = read.value as Record<string, unknown>;
  const values: Partial<Settings> = {};
  const sources: Partial<Record<SettingKey, ConfigSource>> = {};
  for (const key of SETTING_KEYS) {
    const configKey = CONFIG_KEYS[key];
    if (!Object.hasOwn(raw, configKey)) continue;
    convertSetting(key, raw[configKey], context, values);
    sources[key] = { file, ...positionAt(offsetOfKey(document, configKey)) };
  }
  if (problems.length > 0) return { ok: false, problems: problems.sort((a, b) => a.line - b.line || a.column - b.column) };
  return { ok: true, config: { file, values, sources } };
}

/**
 * Where a key or list item is written in a config file (`['severity', 'false-hop']`,
 * `['disable', 2]`), read again: for problems found only once the rules are loaded, an
 * unknown rule id or a rule file that cannot be read. Undefined when the file or the
 * entry is not there.
 */
export function locateConfigEntry(configPath: string, cwd: string, keyPath: readonly (string | number)[]): ConfigSource | undefined {
  const absolutePath = path.resolve(cwd, configPath);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
  const { document, lineCounter } = parseYamlFile(text);
  const parent = getInMerged(document, keyPath.slice(0, -1));
  const last = keyPath.at(-1);
  const node = requireYaml().isMap(parent)
    ? listMergedPairs(parent, document).find((pair) => requireYaml().isScalar(pair.key) && String(pair.key.value) === String(last))?.key
    : getInMerged(document, keyPath);
  const offset = node?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = lineCounter.linePos(offset);
  return { file: toDisplayPath(absolutePath, cwd), line, column: col };
}

interface ConvertContext {
  rebase: (entry: string) => string;
  fail: (keyPath: (string | number)[], message: string) => void;
}

type Converters = { [K in SettingKey]: (raw: unknown, context: ConvertContext) => Settings[K] | undefined };

// The schema has checked every value's shape, so the casts below only name it.
const CONVERTERS: Converters = {
  rules: (raw, context) => (raw === 'default' ? raw : context.rebase(raw as string)),
  severity: (raw) => raw as Record<string, Severity>,
  disable: (raw) => raw as string[],
  roles: (raw, context) => convertRoles(raw as RawRoles, context),
  include: (raw, context) => (raw as string[]).map(context.rebase),
  ignore: (raw, context) => (raw as string[]).map(context.rebase),
  formats: (raw, context) => (raw as string[]).map((spec) => rebaseFormatSpec(spec, context.rebase)),
  output: (raw, context) => rebaseOutputPath(raw as string, context.rebase),
  failOn: (raw) => raw as FailLevel,
  maxPitfalls: (raw) => raw as number,
  strict: (raw) => raw as boolean,
  redact: (raw) => raw as boolean,
  details: (raw) => raw as boolean,
  maxBytes: (raw, context) => convertSize(raw as number | string, context),
  columns: (raw) => raw as { speaker?: string; text?: string },
  sessions: (raw, context) => convertSessions(raw as SessionMeta[], context),
};

/** The `sessions` entries with their files rebased; a date the schema's pattern let by must be on the calendar. */
function convertSessions(entries: SessionMeta[], context: ConvertContext): SessionMeta[] {
  entries.forEach((entry, index) => {
    if (entry.date === undefined || isCalendarDate(entry.date)) return;
    const keyPath = ['sessions', index, 'date'];
    context.fail(keyPath, `${formatFieldPath(keyPath)}: got "${entry.date}", expected a date on the calendar (YYYY-MM-DD)`);
  });
  return entries.map((entry) => ({ ...entry, files: context.rebase(entry.files) }));
}

function convertSetting<K extends SettingKey>(key: K, raw: unknown, context: ConvertContext, values: Partial<Settings>): void {
  const value = CONVERTERS[key](raw, context);
  if (value !== undefined) values[key] = value;
}

/** The config's `roles` as written: each a list of labels, or one label alone. */
type RawRoles = { therapist?: string | string[]; client?: string | string[] };

function convertRoles(roles: RawRoles, context: ConvertContext): Settings['roles'] {
  const therapist = toLabelList(roles.therapist);
  const client = toLabelList(roles.client);
  const therapists = new Set(therapist.map(normalizeSpeaker));
  client.forEach((label, index) => {
    if (!therapists.has(normalizeSpeaker(label))) return;
    const keyPath = Array.isArray(roles.client) ? ['roles', 'client', index] : ['roles', 'client'];
    context.fail(keyPath, `${formatFieldPath(keyPath)}: "${label}" is also a therapist label; give each label one role`);
  });
  return { therapist, client };
}

/** Labels written as a list, or as one string (`therapist: Jane`), as a list. */
function toLabelList(labels: string | string[] | undefined): string[] {
  if (labels === undefined) return [];
  return typeof labels === 'string' ? [labels] : labels;
}

function convertSize(value: number | string, context: ConvertContext): number | undefined {
  if (typeof value === 'number') return value;
  try {
    return parseSize(value, CONFIG_KEYS.maxBytes);
  } catch (error) {
    if (!(error instanceof ReassureError)) throw error;
    context.fail([CONFIG_KEYS.maxBytes], error.message);
    return undefined;
  }
}

function rebaseFormatSpec(spec: string, rebase: (entry: string) => string): string {
  const equals = spec.indexOf('=');
  return equals === -1 ? spec : `${spec.slice(0, equals)}=${rebaseOutputPath(spec.slice(equals + 1), rebase)}`;
}

// An output path keeps a trailing slash, which the output check refuses as a folder: made
// relative without it, `output: reports/` wrote a file named `reports`.
function rebaseOutputPath(entry: string, rebase: (entry: string) => string): string {
  const rebased = rebase(entry);
  return /[\\/]$/.test(entry) && !/[\\/]$/.test(rebased) ? `${rebased}/` : rebased;
}

const require = createRequire(import.meta.url);

/** A path or glob written relative to `fromDir`, made relative to `cwd` (forward slashes). */
function rebasePath(entry: string, fromDir: string, cwd: string): string {
  if (path.isAbsolute(entry)) return entry;
  // Loaded here, not at start-up: only a config file that names paths needs the glob library.
  const fg = require('fast-glob') as typeof import('fast-glob');
  if (!fg.isDynamicPattern(entry)) return toDisplayPath(path.resolve(fromDir, entry), cwd);
  const prefix = toDisplayPath(fromDir, cwd);
  return prefix === '.' ? entry : path.posix.join(fg.escapePath(prefix), entry);
}

// Where a value is written, through merge keys: in the mapping merged when one brings it.
function offsetOf(document: Document, keyPath: (string | number)[]): number {
  return getInMerged(document, keyPath)?.range?.[0] ?? 0;
}

function offsetOfKey(document: Document, key: string): number {
  const contents = document.contents;
  if (!requireYaml().isMap(contents)) return 0;
  const pair = listMergedPairs(contents, document).find((item) => requireYaml().isScalar(item.key) && item.key.value === key);
  return pair?.key?.range?.[0] ?? 0;
}

function isFile(candidate: string): boolean {
  return statSync(candidate, { throwIfNoEntry: false })?.isFile() === true;
}
