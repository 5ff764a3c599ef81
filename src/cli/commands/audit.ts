import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import type { Settings } from '../../config/settings.js';
import { resolveSessionEntries } from '../../config/session-files.js';
import { ReassureError } from '../../errors.js';
import { FORMAT_NAMES } from '../../format/index.js';
import { createSessionMetaAssigner } from '../../report/session-meta.js';
import { summarizeRules } from '../../rules/compile.js';
import { auditInputs, countEarlyWorkers } from '../../run/audit-inputs.js';
import { limitHeapGrowth } from '../../run/heap-growth.js';
import type { StartingWorkers } from '../../run/worker-pool.js';
import type { ReadOptions } from '../../ingest/read.js';
import type { RoleOptions } from '../../ingest/speakers.js';
import type { CliContext } from '../context.js';
import type { CliIO } from '../main.js';
import { checkOutputPaths, type OutputTarget } from '../output-targets.js';
import { parseNumberFlag } from '../parse-flags.js';
import { startProgress, wantsProgress } from '../progress.js';
import { startReportRun } from '../report-run.js';
import { RULE_FILE_HELP, addInputOptions, collect, addRuleSizeOption, loadConfiguredRuleSource, resolveRunSettings, resolveRunTargets, type SettingFlags } from '../run-settings.js';
import type { EffectiveConfig } from '../../config/effective-config.js';

interface AuditFlags extends SettingFlags {
  quiet?: boolean;
  color?: boolean;
  jobs?: string;
  ruleTimeLimit?: string;
}

/** The flags of every command that writes a report from rules: `audit`, `merge`, `print-config`. */
export function addReportOptions(command: Command): Command {
  return command
    .option('-r, --rules <file>', RULE_FILE_HELP)
    .option('-f, --format <name[=file]>', `output format (repeatable; name=file writes to a file): ${FORMAT_NAMES.join(', ')}`, collect)
    .option('-o, --output <file>', 'write the (single) format to a file instead of standard output; with no --format, the format follows the extension (.json, .sarif, .xml, .md, .html, …)')
    .option('-d, --details', 'list every finding under its session')
    .option('-q, --quiet', 'show only pitfalls, and nothing when none fails the run')
    .option('--fail-on <level>', 'exit 1 on pitfalls at or above: info, warning, error, never (default: warning)')
    .option('--max-pitfalls <n>', 'exit 1 when more than n pitfall findings')
    .option('--strict', 'exit 1 when a labelled pitfall is no longer found')
    .option('--redact', 'leave every transcript word out of the output')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
}

/** The flags of `audit`, shared with `print-config` so that it can show their effect. */
export function addAuditOptions(command: Command): Command {
  addReportOptions(command)
    .option('-j, --jobs <n>', 'threads to audit files in (default: the available cores; 1: this thread only)')
    .option('--rule-time-limit <seconds>', 'stop when one rule spends longer than this on the first file (default: 10)');
  return addInputOptions(addRuleSizeOption(command));
}

/** `reassure audit [paths...]`: the main job. */
export function registerAuditCommand(program: Command, context: CliContext): void {
  const command = program
    .command('audit')
    .description('audit transcripts and print the techniques and pitfalls found per session')
    .argument('[paths...]', 'transcript files, directories or globs ("-" reads standard input; default: include in the config)');
  addAuditOptions(command).action(async (paths: string[], flags: AuditFlags) => {
    context.exitCode = await runAudit(paths, flags, context);
  });
}

async function runAudit(paths: string[], flags: AuditFlags, context: CliContext): Promise<number> {
  const { io } = context;
  const effective = resolveRunSettings(flags, io);
  const { settings } = effective;
  const inputs = paths.length > 0 ? paths : settings.include;
  if (inputs.length === 0) throw new ReassureError('audit: name the transcripts to audit (files, directories or globs), or set include in a config file');
  const targets = resolveRunTargets(effective, io.cwd);
  const outputs = await checkOutputPaths(targets, inputs, io.cwd);
  const jobs = flags.jobs === undefined ? availableParallelism() : parseJobs(flags.jobs);
  limitHeapGrowth();
  const ruleTimeLimitMs = flags.ruleTimeLimit === undefined ? undefined : parseRuleTimeLimit(flags.ruleTimeLimit) * 1000;
  const { roles, maxBytes, columns } = await resolveReadSettings(settings, io.cwd);
  const read = { cwd: io.cwd, roles, maxBytes, columns };
  // Worker threads load their code on the other cores while this one loads the rules and finds the files.
  const early = countEarlyWorkers(inputs, io.cwd, jobs);
  const workers = early > 0 ? (await import('../../run/worker-pool.js')).startWorkers(early, read) : undefined;
  try {
    return await auditWith(workers, { effective, flags, inputs, targets, outputs, jobs, read, ruleTimeLimitMs }, context);
  } finally {
    await workers?.close();
  }
}

/** The audit once its flags are read, with the worker threads started early, if any. */
async function auditWith(
  workers: StartingWorkers | undefined,
  job: { effective: EffectiveConfig; flags: AuditFlags; inputs: string[]; targets: OutputTarget[]; outputs: string[]; jobs: number; read: ReadOptions; ruleTimeLimitMs: number | undefined },
  context: CliContext,
): Promise<number> {
  const { io } = context;
  const { effective, flags, inputs, targets, outputs, jobs, read, ruleTimeLimitMs } = job;
  const { settings } = effective;
  const { ruleSet, source: ruleSource } = loadConfiguredRuleSource(effective, io, { maxRulesSize: flags.maxRulesSize, cache: flags.cache !== false });
  const rules = summarizeRules(ruleSet);
  const quiet = flags.quiet === true;
  const assignMeta = createSessionMetaAssigner(read.roles.sessions ?? []);
  const progress = startProgress(io.stderr, wantsProgress(io.stderr, io.env, quiet));
  const run = await startReportRun(targets, { rules, failLevel: settings.failOn, redact: settings.redact }, { details: settings.details, quiet, strict: settings.strict, color: flags.color }, io, progress);
  try {
    await auditInputs(
      {
        inputs,
        read,
        ignore: settings.ignore,
        outputs,
        ruleSet,
        rules,
        ruleSource,
        jobs,
        workers,
        // Asked for only when an input is `-`: the command line opens standard input then.
        get stdin() {
          return io.stdin ?? readAllStdin(io);
        },
        onFiles: progress.setFiles,
        ruleTimeLimitMs,
      },
      (part) => run.add({ ...part, sessions: part.sessions.map(assignMeta) }),
    );
  } finally {
    progress.stop();
  }
  return run.end({ maxPitfalls: settings.maxPitfalls, strict: settings.strict });
}

/**
 * The `--rule-time-limit` seconds: from a microsecond up, below which the limit and the time
 * a rule took have no decimals to be told apart by (`1e-300` read as a limit of 0).
 */
function parseRuleTimeLimit(value: string): number {
  return parseNumberFlag(value, '--rule-time-limit', { min: 0.000_001, expected: 'a number of seconds from 0.000001 up, such as 10 or 2.5' });
}

/** The `--jobs` value: a whole number of threads, at least 1. */
function parseJobs(value: string): number {
  return parseNumberFlag(value, '--jobs', { whole: true, min: 1, expected: 'a whole number of threads, 1 or more' });
}

// Tests and callers without a stream give all of standard input at once.
async function* readAllStdin(io: CliIO): AsyncGenerator<string | Uint8Array> {
  yield (await io.readStdin?.()) ?? '';
}

/**
 * The settings that say how to read transcripts, with the config's `sessions` entries
 * resolved into the roles: the therapist an entry names is a role hint for its files.
 */
export async function resolveReadSettings(settings: Settings, cwd: string): Promise<{ roles: RoleOptions } & Pick<Settings, 'maxBytes' | 'columns' | 'ignore'>> {
  const sessions = await resolveSessionEntries(settings.sessions, cwd);
  const roles = sessions.length === 0 ? settings.roles : { ...settings.roles, sessions };
  return { roles, maxBytes: settings.maxBytes, columns: settings.columns, ignore: settings.ignore };
}
