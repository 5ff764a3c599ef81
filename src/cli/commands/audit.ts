import path from 'node:path';
import type { Command } from 'commander';
import { audit } from '../../audit.js';
import { EXIT, ReassureError, formatProblem } from '../../errors.js';
import { failsGates } from '../../report/gate.js';
import { redactReport } from '../../report/redact.js';
import type { FormatOptions, RunReport } from '../../types.js';
import type { CliContext } from '../context.js';
import { addInputOptions, resolveInputOptions, type InputFlags } from '../input-options.js';
import { FORMATTERS } from '../../format/index.js';
import { resolveOutputTargets, type OutputTarget } from '../output-targets.js';
import { parseFailLevel, parseCount, resolveColor } from '../parse-flags.js';
import { loadRulesOrFail } from '../rule-set.js';
import { writeOutputAtomic } from '../write-output.js';

interface AuditFlags extends InputFlags {
  rules?: string;
  format?: string[];
  output?: string;
  details?: boolean;
  quiet?: boolean;
  failOn: string;
  maxPitfalls?: string;
  strict?: boolean;
  redact?: boolean;
  color?: boolean;
}

/** `reassure audit <paths...>`: the main job. */
export function registerAuditCommand(program: Command, context: CliContext): void {
  const command = program
    .command('audit')
    .description('audit transcripts and print the techniques and pitfalls found per session')
    .argument('<paths...>', 'transcript files, directories or globs ("-" reads standard input)')
    .option('-r, --rules <file>', 'rule file to use instead of the bundled rules')
    .option('-f, --format <name[=file]>', `output format (repeatable; name=file writes to a file): ${Object.keys(FORMATTERS).join(', ')}`, collect)
    .option('-o, --output <file>', 'write the (single) format to a file instead of standard output')
    .option('-d, --details', 'list every finding under its session')
    .option('-q, --quiet', 'show only pitfalls, and nothing when there are none')
    .option('--fail-on <level>', 'exit 1 on findings at or above: info, warning, error, never', 'warning')
    .option('--max-pitfalls <n>', 'exit 1 when more than n pitfall findings')
    .option('--strict', 'exit 1 when a labelled pitfall is no longer found')
    .option('--redact', 'leave every transcript word out of the output')
    .option('--color', 'force colour')
    .option('--no-color', 'no colour');
  addInputOptions(command);
  command.action(async (paths: string[], flags: AuditFlags) => {
    context.exitCode = await runAudit(paths, flags, context);
  });
}

async function runAudit(paths: string[], flags: AuditFlags, context: CliContext): Promise<number> {
  const { io } = context;
  const failLevel = parseFailLevel(flags.failOn);
  const maxPitfalls = flags.maxPitfalls === undefined ? undefined : parseCount(flags.maxPitfalls, '--max-pitfalls');
  const targets = resolveOutputTargets(flags.format ?? [], flags.output);
  const ruleSet = loadRulesOrFail(flags.rules, io);
  const inputs = resolveInputOptions(flags);
  let report = await audit({ inputs: paths, cwd: io.cwd, ruleSet, failLevel, ...inputs, readStdin: io.readStdin });
  for (const problem of report.problems) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
  for (const warning of report.warnings) io.stderr.write(`${formatProblem(`warning: ${warning.message}`, warning)}\n`);
  const failing = failsGates(report, { maxPitfalls, strict: flags.strict });
  if (flags.redact === true) report = redactReport(report);
  await writeReports(report, targets, { details: flags.details === true, quiet: flags.quiet === true, failing, color: flags.color }, context);
  if (report.problems.length > 0) return EXIT.failure;
  return failing ? EXIT.findings : EXIT.clean;
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
    else await writeOutputAtomic(path.resolve(io.cwd, target.path), text);
  }
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
