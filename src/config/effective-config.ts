import { measureColumns, padDisplayEnd } from '../format/display-width.js';
import { normalizeSpeaker } from '../ingest/speakers.js';
import type { LoadedConfig } from './load-config.js';
import { writeSize } from './parse-size.js';
import { CONFIG_KEYS, SETTING_KEYS, type SettingKey, type Settings } from './settings.js';

/** Where a setting's value came from. */
export type SettingSource = 'default' | 'config' | 'command line';

/** Where one setting came from; `file` and `line` are set when the config file contributed. */
export interface SettingOrigin {
  /** Every source that contributed, lowest precedence first (two for a merged list). */
  from: SettingSource[];
  file?: string;
  line?: number;
}

/** The settings a run uses, and where each came from. */
export interface EffectiveConfig {
  settings: Settings;
  origin: Record<SettingKey, SettingOrigin>;
  /** The config file read (relative to the working directory), if any. */
  file: string | undefined;
}

type Merger<K extends SettingKey> = (config: Settings[K], cli: Settings[K]) => Settings[K];

/**
 * Settings where the command line adds to the config file instead of replacing it: you
 * name one more speaker, ignore one more file, override one more rule. The other lists
 * (`include`, `formats`) replace: paths on the command line mean "audit these instead",
 * and `--format json` means "show me JSON", not "JSON as well as the CI's SARIF file".
 */
const MERGERS: { [K in SettingKey]?: Merger<K> } = {
  severity: (config, cli) => ({ ...config, ...cli }),
  disable: (config, cli) => unite(config, cli),
  roles: (config, cli) => mergeRoles(config, cli),
  ignore: (config, cli) => unite(config, cli),
  columns: (config, cli) => ({ ...config, ...cli }),
};

/**
 * The settings of a run: the command line wins over the config file, which wins over the
 * defaults; the keys in {@link MERGERS} combine config and command line instead. A
 * command-line value counts as given unless it is undefined or empty (an empty list, or
 * a mapping of empty lists: what repeatable flags default to).
 */
export function resolveEffectiveConfig(cli: Partial<Settings>, config: LoadedConfig | undefined, defaults: Settings): EffectiveConfig {
  const settings = { ...defaults };
  const origin = {} as Record<SettingKey, SettingOrigin>;
  for (const key of SETTING_KEYS) origin[key] = resolveSetting(key, cli, config, settings);
  return { settings, origin, file: config?.file };
}

function resolveSetting<K extends SettingKey>(key: K, cli: Partial<Settings>, config: LoadedConfig | undefined, settings: Settings): SettingOrigin {
  const fromCli = cli[key];
  const cliGiven = fromCli !== undefined && !isEmptyValue(fromCli);
  const fromConfig = config?.values[key];
  const source = config?.sources[key];
  const configOrigin = source === undefined ? {} : { file: source.file, line: source.line };
  const merge = MERGERS[key] as Merger<K> | undefined;
  if (cliGiven && fromConfig !== undefined && merge !== undefined) {
    settings[key] = merge(fromConfig, fromCli);
    return { from: ['config', 'command line'], ...configOrigin };
  }
  if (cliGiven) {
    settings[key] = fromCli;
    return { from: ['command line'] };
  }
  if (fromConfig !== undefined) {
    settings[key] = fromConfig;
    return { from: ['config'], ...configOrigin };
  }
  return { from: ['default'] };
}

function isEmptyValue(value: unknown): boolean {
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object' && value !== null) return Object.values(value).every((v) => v === undefined || isEmptyValue(v));
  return false;
}

function unite(first: string[], second: string[]): string[] {
  return [...new Set([...first, ...second])];
}

// A label the command line gives one role is taken out of the config's other role, so
// `--client Sam` wins over a config that lists Sam as a therapist.
function mergeRoles(config: Settings['roles'], cli: Settings['roles']): Settings['roles'] {
  const without = (labels: string[], claimed: string[]): string[] => {
    const taken = new Set(claimed.map(normalizeSpeaker));
    return labels.filter((label) => !taken.has(normalizeSpeaker(label)));
  };
  return {
    therapist: unite(without(config.therapist, cli.client), cli.therapist),
    client: unite(without(config.client, cli.therapist), cli.client),
  };
}

/**
 * The effective settings for `reassure print-config`: the config file read, then one line
 * per setting (config-file key, value, where it came from), aligned, in schema order.
 */
export function formatEffectiveConfig(result: EffectiveConfig): string {
  const rows = SETTING_KEYS.map((key) => [CONFIG_KEYS[key], describeSetting(key, result.settings), describeOrigin(result.origin[key])] as const);
  const [nameWidth = 0, valueWidth = 0] = measureColumns(rows);
  const lines = rows.map(([name, value, from]) => `${padDisplayEnd(name, nameWidth)}  ${padDisplayEnd(value, valueWidth)}  ${from}`);
  return `config file: ${result.file ?? '(none)'}\n\n${lines.join('\n')}\n`;
}

/**
 * The effective settings as JSON (`print-config --json`): the config file (or null) and,
 * per config-file key in schema order, the value (null when unset; `max-file-size` in
 * bytes) and its origin.
 */
export function formatEffectiveConfigJson(result: EffectiveConfig): string {
  const settings = Object.fromEntries(
    SETTING_KEYS.map((key) => [CONFIG_KEYS[key], { value: result.settings[key] ?? null, ...result.origin[key] }]),
  );
  return `${JSON.stringify({ file: result.file ?? null, settings }, null, 2)}\n`;
}

function describeOrigin(origin: SettingOrigin): string {
  return origin.from
    .map((source) => (source === 'config' && origin.file !== undefined ? `${origin.file}:${origin.line ?? 1}` : source))
    .join(' + ');
}

// A size as it is written in the config (`10MB`), with the bytes it means; --json gives the bytes.
function describeSetting(key: SettingKey, settings: Settings): string {
  if (key !== 'maxBytes') return describeValue(settings[key]);
  const written = writeSize(settings.maxBytes);
  return written === String(settings.maxBytes) ? `${written} bytes` : `${written} (${settings.maxBytes} bytes)`;
}

function describeValue(value: unknown): string {
  if (value === undefined) return '(none)';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.map((v) => (typeof v === 'object' && v !== null ? `{${describeValue(v)}}` : String(v))).join(', ');
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '(none)' : entries.map(([k, v]) => `${k}: ${describeValue(v)}`).join('; ');
  }
  return String(value);
}
