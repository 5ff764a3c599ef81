import path from 'node:path';
import type { Command } from 'commander';
import { audit } from '../../audit.js';
import type { Settings } from '../../config/settings.js';
import { EXIT, ReassureError, formatProblem } from '../../errors.js';
import { FORMATTERS } from '../../format/index.js';
import { failsGates } from '../../report/gate.js';
import { redactReport } from '../../report/redact.js';
import { assignSessionMeta } from '../../report/session-meta.js';
import type { FormatOptions, RunReport } from '../../types.js';
import type { CliContext } from '../context.js';
import { checkOutputPaths, resolveOutputTargets, type OutputTarget } from '../output-targets.js';
import { resolveColor } from '../parse-flags.js';
import { addInputOptions, addRuleSizeOption, loadConfiguredRules, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { writeOutput } from '../write-output.js';

interface AuditFlags extends SettingFlags {
  quiet?: boolean;
  color?: boolean;
}

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The flags of `audit`, shared with `print-config` so that it can show their effect. */
export function addAuditOptions(command: Command): Command {
  command
    .option('-r, --rules <file>', 'rule file to use instead of the bundled rules')
    .option('-f, --format <name[=file]>', `output format (repeatable; name=file writes to a file): ${Object.keys(FORMATTERS).join(', ')}`, collect)
    .option('-o, --output <file>', 'write the (single) format to a file instead of standard output')
    .option('-d, --details', 'list every finding under its session')
    .option('-q, --quiet', 'show only pitfalls, and nothing when there are none')
    .option('--fail-on <level>', 'exit 1 on pitfalls at or above: info, warning, error, never (default: warning)')
    .option('--max-pitfalls <n>', 'exit 1 when more than n pitfall findings')
    .option('--strict', 'exit 1 when a labelled pitfall is no longer found')
    .option('--redact', 'leave every transcript word out of the output')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
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
  const targets = resolveOutputTargets(settings.formats, settings.output);
  const outputs = await checkOutputPaths(targets, inputs, io.cwd);
  const ruleSet = loadConfiguredRules(effective, io, flags);
  let report = await audit({ inputs, cwd: io.cwd, ruleSet, ...readSettings(settings), outputs, failLevel: settings.failOn, readStdin: io.readStdin });
  const failing = failsGates(report, { maxPitfalls: settings.maxPitfalls, strict: settings.strict });
  report = await assignSessionMeta(report, settings.sessions, io.cwd);
  // Redacted before anything is printed: warnings name speakers, and stderr is output too.
  if (settings.redact) report = redactReport(report);
  for (const problem of report.problems) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
  for (const warning of report.warnings) io.stderr.write(`${formatProblem(`warning: ${warning.message}`, warning)}\n`);
  await writeReports(report, targets, { details: settings.details, quiet: flags.quiet === true, failing, color: flags.color }, context);
  if (report.problems.length > 0) return EXIT.failure;
  return failing ? EXIT.findings : EXIT.clean;
}

/** The settings that say how to read transcripts. */
export function readSettings(settings: Settings): Pick<Settings, 'roles' | 'maxBytes' | 'columns' | 'ignore'> {
  return { roles: settings.roles, maxBytes: settings.maxBytes, columns: settings.columns, ignore: settings.ignore };
}

async function writeReports(
  report: RunReport,
  targets: OutputTarget[],
  options: Omit<FormatOptions, 'color'> & { color: boolean | undefined },
  context: CliContext,
): Promise<void> {
  const { io } = context;
  for (const target of targets) {
    const formatter = FORMATTERS[target.format as keyof typeof FORMATTERS];
    const color = target.path === undefined && resolveColor(options.color, io.stdout, io.env);
    let text: string;
    try {
      text = formatter.format(report, { ...options, color });
    } catch (error) {
      throw new ReassureError(`the ${target.format} format failed: ${(error as Error).message}`);
    }
    if (target.path === undefined) io.stdout.write(text);
    else await writeOutput(path.resolve(io.cwd, target.path), text);
  }
}
