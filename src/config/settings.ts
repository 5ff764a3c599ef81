import { DEFAULT_MAX_BYTES } from '../ingest/read.js';
import type { FailLevel, Severity } from '../types.js';

/**
 * Every setting of an audit run, resolved to the values the run uses. Paths are relative
 * to the working directory (or absolute), whichever source they came from.
 */
export interface Settings {
  /** The rule file, or `default` for the bundled rules. */
  rules: string;
  /** Per-rule severity overrides. */
  severity: Record<string, Severity>;
  /** Rule ids switched off. */
  disable: string[];
  /** Speaker labels by role. */
  roles: { therapist: string[]; client: string[] };
  /** Files, directories or globs audited when the command line names none. */
  include: string[];
  /** Globs of files to leave out. */
  ignore: string[];
  /** Output formats as `name` or `name=file` (the `--format` flag). */
  formats: string[];
  /** Where the single format without a file goes (`--output`). */
  output: string | undefined;
  failOn: FailLevel;
  maxPitfalls: number | undefined;
  strict: boolean;
  redact: boolean;
  details: boolean;
  /** Files larger than this many bytes are reported, not read. */
  maxBytes: number;
  /** CSV/TSV column names. */
  columns: { speaker?: string; text?: string };
  /** Therapist and date for sessions whose files match, when their transcripts do not say (for trends). */
  sessions: SessionMeta[];
}

/** A therapist and a date for the sessions of the files a glob matches. */
export interface SessionMeta {
  /** A glob, relative to the working directory once loaded. */
  files: string;
  therapist?: string;
  date?: string;
}

/** The name of one setting. */
export type SettingKey = keyof Settings;

/**
 * Each setting and its key in a config file, in the order `print-config` shows them (the
 * order of the schema's properties, which a test checks).
 */
export const CONFIG_KEYS = {
  rules: 'rules',
  severity: 'severity',
  disable: 'disable',
  roles: 'roles',
  include: 'include',
  ignore: 'ignore',
  formats: 'format',
  output: 'output',
  failOn: 'fail-on',
  maxPitfalls: 'max-pitfalls',
  strict: 'strict',
  redact: 'redact',
  details: 'details',
  maxBytes: 'max-file-size',
  columns: 'columns',
  sessions: 'sessions',
} as const satisfies Record<SettingKey, string>;

/** The settings in display order. */
export const SETTING_KEYS = Object.keys(CONFIG_KEYS) as SettingKey[];

/** The settings of a run with no config file and no flags; a fresh object each call. */
export function createDefaultSettings(): Settings {
  return {
    rules: 'default',
    severity: {},
    disable: [],
    roles: { therapist: [], client: [] },
    include: [],
    ignore: [],
    formats: [],
    output: undefined,
    failOn: 'warning',
    maxPitfalls: undefined,
    strict: false,
    redact: false,
    details: false,
    maxBytes: DEFAULT_MAX_BYTES,
    columns: {},
    sessions: [],
  };
}
