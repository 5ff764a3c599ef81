import { statSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { resolveEffectiveConfig, type EffectiveConfig } from '../config/effective-config.js';
import { findConfigFile, loadConfigFile, locateConfigEntry, type LoadedConfig } from '../config/load-config.js';
import { applyRuleOverrides } from '../config/rule-overrides.js';
import { CONFIG_KEYS, createDefaultSettings, type Settings } from '../config/settings.js';
import { ReassureError, describeReadError, formatProblem } from '../errors.js';
import type { CompiledRuleSet } from '../rules/compile.js';
import type { CliIO } from './main.js';
import { parseSize } from '../config/parse-size.js';
import { parseCount, parseFailLevel, parseIgnoreGlobs, parseRoleFlags } from './parse-flags.js';
import { resolveOutputTargets, type OutputTarget, type TargetSource } from './output-targets.js';
import { loadRulesWithSnapshotOrFail } from './rule-set.js';
import { SetupStop, countSetupProblems } from './setup-stop.js';
import type { RuleSource } from '../run/rule-source.js';

/** The flags that map onto settings; each command declares the ones it uses. */
export interface SettingFlags {
  config?: string | false;
  rules?: string;
  therapist?: string[];
  client?: string[];
  ignore?: string[];
  maxFileSize?: string;
  maxRulesSize?: string;
  columns?: string;
  format?: string[];
  output?: string;
  details?: boolean;
  failOn?: string;
  maxPitfalls?: string;
  strict?: boolean;
  redact?: boolean;
  /** `--no-cache` sets it false: read the rule files without the rule cache (the command line then also skips its code cache). */
  cache?: boolean;
}

/** The help of `--rules` wherever rules are used: the default is the config's rules, as for `audit`. */
export const RULE_FILE_HELP = "rule file (default: the config file's rules, else the bundled rules)";

/** Commander's reducer for a repeatable flag: every value, in the order given. */
export const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `--config FILE` / `--no-config`, for every command that reads settings. */
export function addConfigOptions(command: Command): Command {
  return command
    .option('--config <file>', 'config file to use (default: .reassurerc.yaml or reassure.config.yaml, searched upward)')
    .option('--no-config', 'ignore config files');
}

/** `--max-rules-size`, for the commands that load rules to match transcripts. */
export function addRuleSizeOption(command: Command): Command {
  return command.option('--max-rules-size <size>', 'refuse larger rule files, e.g. 5MB (default: 2MB)');
}

/** The flags of every command that reads transcripts. */
export function addInputOptions(command: Command): Command {
  addConfigOptions(command)
    .option('-t, --therapist <name>', "the therapist's speaker label (repeatable)", collect)
    .option('-c, --client <name>', "the client's speaker label (repeatable)", collect)
    .option('--ignore <glob>', 'leave out files matching a glob (repeatable)', collect)
    .option('--max-file-size <size>', 'skip (and report) larger files, e.g. 20MB (default: 10MB)')
    .option('--columns <map>', 'CSV/TSV column names, e.g. speaker=Who,text=Said');
  return addCacheOption(command);
}

/** `--no-cache`, for every command that loads rules. */
export function addCacheOption(command: Command): Command {
  return command.option('--no-cache', 'read the rule files without the rule cache, and run without the code cache');
}

/**
 * The settings of a run: command line over config file over defaults. Config problems are
 * printed as `file:line:col: message` and end the run with exit code 2.
 */
export function resolveRunSettings(flags: SettingFlags, io: CliIO): EffectiveConfig {
  return resolveEffectiveConfig(settingsFromFlags(flags), loadConfigOrFail(flags.config, io), createDefaultSettings());
}

/**
 * The run's output targets (`--format`, `--output`). A value from the config file is named at
 * its key there when it does not fit, not as a flag the user never typed.
 */
export function resolveRunTargets(effective: EffectiveConfig, cwd: string): OutputTarget[] {
  const { settings } = effective;
  return resolveOutputTargets(settings.formats, settings.output, {
    formats: describeTargetSource(effective, 'formats', '--format', cwd),
    output: describeTargetSource(effective, 'output', '--output', cwd),
  });
}

function describeTargetSource(effective: EffectiveConfig, key: 'formats' | 'output', flag: string, cwd: string): TargetSource {
  const { from, file, line } = effective.origin[key];
  if (from.includes('command line') || file === undefined) return { kind: 'flag', name: flag };
  const name = CONFIG_KEYS[key];
  return { kind: 'config', name, locate: () => locateConfigEntry(file, cwd, [name]) ?? { file, line } };
}

/** The bundled or named rules, with the config's severity overrides and switched-off rules. */
export function loadConfiguredRules(effective: EffectiveConfig, io: CliIO, flags: Pick<SettingFlags, 'maxRulesSize'> & { cache?: boolean } = {}): CompiledRuleSet {
  return loadConfiguredRuleSource(effective, io, flags).ruleSet;
}

/** `loadConfiguredRules`, with the source worker threads compile the same rules from. */
export function loadConfiguredRuleSource(
  effective: EffectiveConfig,
  io: CliIO,
  flags: Pick<SettingFlags, 'maxRulesSize'> & { cache?: boolean } = {},
): { ruleSet: CompiledRuleSet; source: RuleSource } {
  const { settings } = effective;
  const maxBytes = flags.maxRulesSize === undefined ? undefined : parseSize(flags.maxRulesSize, '--max-rules-size');
  const named = settings.rules !== 'default' && effective.origin.rules.from.includes('config') ? settings.rules : undefined;
  // Checked only once the rules fail to load: a run that loads them pays no extra stat.
  const beforeProblems = named === undefined ? undefined : (): void => checkConfiguredRuleFile(named, effective, io.cwd);
  const { ruleSet, snapshot } = loadRulesWithSnapshotOrFail(settings.rules === 'default' ? undefined : settings.rules, io, { maxBytes, cache: flags.cache, beforeProblems });
  const overrides = { severity: settings.severity, disable: settings.disable };
  const result = applyRuleOverrides(ruleSet, overrides);
  if (result.ok) return { ruleSet: result.ruleSet, source: { snapshot, cwd: io.cwd, overrides } };
  for (const problem of result.problems) {
    // Named where it is written: the entry `severity.<id>` or `disable[<n>]`.
    const origin = effective.origin[problem.path[0] === 'disable' ? 'disable' : 'severity'];
    const entry = origin.file === undefined ? undefined : locateConfigEntry(origin.file, io.cwd, problem.path);
    io.stderr.write(`${formatProblem(problem.message, entry ?? { file: origin.file, line: origin.line })}\n`);
  }
  throw new SetupStop('the configuration names rules that cannot be changed');
}

// A rule file the config names is named at the config's `rules:` when it cannot be read: the
// config may lie in a folder above, and the missing file has no line to point at.
function checkConfiguredRuleFile(rules: string, effective: EffectiveConfig, cwd: string): void {
  let reason: string | undefined;
  try {
    if (!statSync(path.resolve(cwd, rules)).isFile()) reason = describeReadError({ code: 'EISDIR' });
  } catch (error) {
    reason = describeReadError(error);
  }
  if (reason === undefined) return;
  const { file, line } = effective.origin.rules;
  const entry = file === undefined ? undefined : locateConfigEntry(file, cwd, ['rules']);
  throw new ReassureError(`rules: cannot read ${rules}: ${reason}`, entry ?? { file, line });
}

function loadConfigOrFail(config: string | false | undefined, io: CliIO): LoadedConfig | undefined {
  if (config === false) return undefined;
  const file = config === undefined ? findConfigFile(io.cwd) : path.resolve(io.cwd, config);
  if (file === undefined) return undefined;
  const result = loadConfigFile(file, io.cwd);
  if (result.ok) return result.config;
  for (const problem of result.problems) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
  throw countSetupProblems(result.problems.length, 'the config file');
}

// Only what the user gave: commander leaves absent flags undefined.
function settingsFromFlags(flags: SettingFlags): Partial<Settings> {
  const cli: Partial<Settings> = {};
  if (flags.rules !== undefined) cli.rules = flags.rules;
  if (flags.therapist !== undefined || flags.client !== undefined) {
    cli.roles = parseRoleFlags(flags.therapist ?? [], flags.client ?? []);
  }
  if (flags.ignore !== undefined) cli.ignore = parseIgnoreGlobs(flags.ignore);
  if (flags.maxFileSize !== undefined) cli.maxBytes = parseSize(flags.maxFileSize, '--max-file-size');
  if (flags.columns !== undefined) cli.columns = parseColumns(flags.columns);
  if (flags.format !== undefined) cli.formats = flags.format;
  if (flags.output !== undefined) cli.output = flags.output;
  if (flags.details !== undefined) cli.details = flags.details;
  if (flags.failOn !== undefined) cli.failOn = parseFailLevel(flags.failOn);
  if (flags.maxPitfalls !== undefined) cli.maxPitfalls = parseCount(flags.maxPitfalls, '--max-pitfalls');
  if (flags.strict !== undefined) cli.strict = flags.strict;
  if (flags.redact !== undefined) cli.redact = flags.redact;
  return cli;
}

function parseColumns(value: string): { speaker?: string; text?: string } {
  const columns: { speaker?: string; text?: string } = {};
  for (const pair of value.split(',')) {
    const [key, name] = pair.split('=').map((part) => part.trim());
    if ((key !== 'speaker' && key !== 'text') || !name) {
      throw new ReassureError(`--columns: got "${pair}", expected speaker=NAME or text=NAME`);
    }
    columns[key] = name;
  }
  return columns;
}
