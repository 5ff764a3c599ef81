import type { Command } from 'commander';
import { readInputs } from '../../audit.js';
import { EXIT, ReassureError, formatProblem } from '../../errors.js';
import { bootstrapAgreement, findUncomparedLabels, measureAgreement, pairSessions, rebasePathIds } from '../../eval/agree.js';
import { BOOTSTRAP } from '../../eval/bootstrap.js';
import { formatAgreementJson, formatAgreementText, redactAgreement } from '../../eval/format-agree.js';
import type { CliContext } from '../context.js';
import { writeInputMessages } from '../input-messages.js';
import { addInputOptions, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { resolveReadSettings } from './audit.js';

interface AgreeFlags extends Omit<SettingFlags, 'format'> {
  format: string;
  details?: boolean;
  intervals?: boolean;
}

/** `reassure agree FIRST SECOND`: how two coders' labels of the same sessions agree, per id. */
export function registerAgreeCommand(program: Command, context: CliContext): void {
  const command = program
    .command('agree')
    .description("compare two coders' labels of the same sessions: per id, how often both gave it, agreement and Cohen's kappa")
    .argument('<first>', "the first coder's labelled transcripts: a file, directory or glob")
    .argument('<second>', "the second coder's labelled copies of the same sessions (paired by session id)")
    .option('-f, --format <name>', 'table or json', 'table')
    .option('-d, --details', 'list every turn one coder labelled with an id and the other did not')
    .option('--intervals', `95% bootstrap intervals for agreement and kappa, resampling sessions (${BOOTSTRAP.replicates} resamples, fixed seed)`)
    .option('--redact', 'leave every transcript word out of the listed turns');
  addInputOptions(command);
  command.action(async (first: string, second: string, flags: AgreeFlags) => {
    const { io } = context;
    if (flags.format !== 'table' && flags.format !== 'json') throw new ReassureError(`--format: got "${flags.format}", expected table or json`);
    const { settings } = resolveRunSettings({ ...flags, format: undefined }, io);
    const readWith = await resolveReadSettings(settings, io.cwd);
    const read = async (input: string) => readInputs({ inputs: [input], cwd: io.cwd, ...readWith, readStdin: io.readStdin });
    const [a, b] = [await read(first), await read(second)];
    const problems = [...a.problems, ...b.problems];
    const pairing = pairSessions(rebasePathIds(a.transcripts), rebasePathIds(b.transcripts));
    for (const side of [a, b]) writeInputMessages(io, side, settings.redact);
    for (const warning of findUncomparedLabels([...a.transcripts, ...b.transcripts])) io.stderr.write(`${formatProblem(warning.message, warning)}\n`);
    for (const problem of pairing.mismatched) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
    for (const { transcript, side } of pairing.unpaired) {
      io.stderr.write(`${formatProblem(`warning: session "${transcript.id}" is only in the ${side} set; left out`, { file: transcript.path, line: transcript.line })}\n`);
    }
    if (pairing.pairs.length === 0) throw new ReassureError(`no session is in both ${first} and ${second} (sessions are paired by id)`);
    const measured = measureAgreement(pairing.pairs);
    const agreement = settings.redact ? redactAgreement(measured) : measured;
    const intervals = flags.intervals === true ? bootstrapAgreement(measured) : undefined;
    const names = { first, second };
    const details = flags.details === true;
    io.stdout.write(flags.format === 'json' ? formatAgreementJson(agreement, names, intervals, details) : formatAgreementText(agreement, names, intervals, details));
    context.exitCode = problems.length + pairing.mismatched.length > 0 ? EXIT.failure : EXIT.clean;
  });
}
