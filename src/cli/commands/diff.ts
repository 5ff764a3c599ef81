import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { describeExpectedChoice } from '../../closest-name.js';
import { compareReports, findFailingNew, findRepeatedIds, parseDiffInput, redactDiff, type DiffInput, type ReportDiff } from '../../diff/compare.js';
import { DIFF_FORMATS, formatDiffHtml, formatDiffJson, formatDiffTable, type DiffFormat } from '../../diff/format-diff.js';
import { EXIT, ReassureError, describeStdinError, formatProblem, isReadError } from '../../errors.js';
import { describeFsError } from '../../ingest/read.js';
import type { CliContext } from '../context.js';
import type { CliIO } from '../main.js';
import { checkOutputPaths } from '../output-targets.js';
import { addConfigOptions, resolveRunSettings } from '../run-settings.js';
import { writeOutput } from '../write-output.js';

interface DiffFlags {
  format?: string;
  output?: string;
  details?: boolean;
  failOnNew?: boolean;
  redact?: boolean;
  config?: string | false;
}

/** `reassure diff OLD.json NEW.json`: new, resolved and unchanged findings per session and rule. */
export function registerDiffCommand(program: Command, context: CliContext): void {
  const command = program
    .command('diff')
    .description('compare two JSON reports: new, resolved and unchanged findings per session and rule')
    .argument('<old>', 'the earlier report (audit --format json; "-": standard input)')
    .argument('<new>', 'the later report ("-": standard input)')
    .option('-f, --format <name[=file]>', `${DIFF_FORMATS.join(', ')} (name=file writes to a file; default: table, or the format -o's extension names)`)
    .option('-o, --output <file>', 'write to a file instead of standard output (.json and .html choose json and html)')
    .option('-d, --details', 'list every new and resolved finding (table)')
    .option('--fail-on-new', "exit 1 when a new pitfall at or above the new report's fail level appeared")
    .option('--redact', 'leave every transcript word out of the output (as when either report was redacted)');
  // The config file is read for `redact: true` only: the other settings are the audits'.
  addConfigOptions(command).action(async (oldFile: string, newFile: string, flags: DiffFlags) => {
    const { io } = context;
    const target = parseTarget(flags.format, flags.output);
    if (oldFile === '-' && newFile === '-') throw new ReassureError('both reports are - (standard input), which holds one: give a file for the other');
    const { redact } = resolveRunSettings({ config: flags.config, redact: flags.redact }, io).settings;
    await checkOutputPaths([target], [oldFile, newFile], io.cwd);
    const [before, after] = [await readReport(oldFile, io, redact), await readReport(newFile, io, redact)];
    for (const report of [before, after]) warnRepeatedIds(report, io.stderr);
    const compared = compareReports(before, after);
    const diff = redact ? redactDiff(compared) : compared;
    const text = formatDiff(diff, target.format, flags.details === true);
    if (target.path === undefined) io.stdout.write(text);
    else await writeOutput(path.resolve(io.cwd, target.path), text, undefined, { shown: target.path });
    context.exitCode = flags.failOnNew === true && findFailingNew(diff).length > 0 ? EXIT.findings : EXIT.clean;
  });
}

function parseTarget(spec: string | undefined, output: string | undefined): { format: DiffFormat; path?: string } {
  // Without --format, -o's extension names the format, as audit's -o does.
  const [name = '', file] = spec === undefined ? [guessFormat(output)] : spec.split(/=(.*)/s);
  if (!(DIFF_FORMATS as readonly string[]).includes(name)) throw new ReassureError(`--format: got "${name}", ${describeExpectedChoice(name, DIFF_FORMATS)}`);
  if (file !== undefined && output !== undefined) throw new ReassureError('--format name=file and --output: give the file once');
  const target = file ?? output;
  // `-` is standard output, as for every report.
  return target === undefined || target === '-' ? { format: name as DiffFormat } : { format: name as DiffFormat, path: target };
}

/** `json` for `.json`, `html` for `.html` or `.htm`, else `table`. */
function guessFormat(output: string | undefined): DiffFormat {
  const extension = /\.[^./\\]+$/.exec(output?.toLowerCase() ?? '')?.[0];
  if (extension === '.json') return 'json';
  return extension === '.html' || extension === '.htm' ? 'html' : 'table';
}

async function readReport(file: string, io: CliIO, redact: boolean): Promise<DiffInput> {
  let text: string;
  try {
    text = file === '-' ? await readStdinText(io) : await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch (error) {
    if (file !== '-') throw new ReassureError(describeFsError(error), { file });
    if (!isReadError(error)) throw error;
    throw new ReassureError(describeStdinError(error), { file });
  }
  return parseDiffInput(text, file, redact);
}

// `-` is standard input, as for audit and merge; a report is read whole to be compared.
async function readStdinText(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  if (io.readStdin !== undefined) chunks.push(Buffer.from(await io.readStdin()));
  else for await (const chunk of io.stdin ?? []) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

// Ids are the user's names for sessions, kept under --redact as in the reports themselves.
function warnRepeatedIds(report: DiffInput, stderr: { write: (text: string) => unknown }): void {
  for (const { id, count } of findRepeatedIds(report.sessions)) {
    const message = `warning: session id "${id}" is the id of ${count} sessions in this report; they pair by file, then in order of their files`;
    stderr.write(`${formatProblem(message, { file: report.file })}\n`);
  }
}

function formatDiff(diff: ReportDiff, format: DiffFormat, details: boolean): string {
  if (format === 'json') return formatDiffJson(diff);
  if (format === 'html') return formatDiffHtml(diff);
  return formatDiffTable(diff, { details });
}
