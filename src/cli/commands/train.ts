import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { readInputs } from '../../audit.js';
import { EXIT, ReassureError } from '../../errors.js';
import { buildModel } from '../../model/build-model.js';
import { collectLabelledTurns } from '../../model/dataset.js';
import { formatCrossValidation } from '../../model/format-cv.js';
import { isModelFileText, serializeModel } from '../../model/model-file.js';
import type { CompiledRuleSet } from '../../rules/compile.js';
import type { CliContext } from '../context.js';
import { writeInputMessages } from '../input-messages.js';
import { parseNumberFlag } from '../parse-flags.js';
import { addInputOptions, loadConfiguredRules, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { writeOutput } from '../write-output.js';
import { resolveReadSettings } from './audit.js';

interface TrainFlags extends Omit<SettingFlags, 'output' | 'format'> {
  output: string;
  folds?: string;
  dataLicence?: string;
}

/** `reassure train <paths...> -o FILE`: fit one classifier per id on labelled transcripts. */
export function registerTrainCommand(program: Command, context: CliContext): void {
  const command = program
    .command('train')
    .description('train a model (one linear classifier per rule id) on labelled transcripts, for the "model" matcher')
    .argument('<paths...>', 'labelled transcript files, directories or globs')
    .requiredOption('-o, --output <file>', 'where to write the model (JSON)')
    .option('-r, --rules <file>', "base rule set whose findings are features (default: the config file's rules, else the bundled rules)")
    .option('--folds <k>', 'first measure the model, the rules and both on k held-out folds by transcript')
    .option('--data-licence <text>', "the training data's licence, recorded in the model file");
  addInputOptions(command);
  command.action(async (paths: string[], flags: TrainFlags) => {
    const { io } = context;
    if (flags.output === '-') throw new ReassureError('--output: got "-", expected a file (the model is not written to standard output, which has the summary)');
    const folds = flags.folds === undefined ? undefined : parseNumberFlag(flags.folds, '--folds', { whole: true, min: 2, expected: 'a whole number of folds, 2 or more' });
    const effective = resolveRunSettings({ ...flags, output: undefined }, io);
    const ruleSet = loadConfiguredRules(effective, io);
    const output = path.resolve(io.cwd, flags.output);
    await checkOutputFile(output, flags.output);
    // The model of an earlier run, in the folder it was trained on, is not a transcript.
    const read = await readInputs({ inputs: paths, cwd: io.cwd, ...(await resolveReadSettings(effective.settings, io.cwd)), outputs: [output], readStdin: io.readStdin });
    writeInputMessages(io, read, effective.settings.redact);
    if (read.problems.length > 0) throw new ReassureError('train: some inputs could not be read; no model was written');
    // Each fold trains the model once: folds beyond the transcripts held out nothing, and a huge number never ended.
    const most = Math.max(2, read.transcripts.length);
    if (folds !== undefined && folds > most) {
      const count = read.transcripts.length;
      throw new ReassureError(`--folds: got "${flags.folds}", expected 2 to ${most} (a fold holds out at least one of the ${count} transcript${count === 1 ? '' : 's'} read)`);
    }
    const ids = ruleSet.reported.filter((rule) => rule.match.length > 0).map((rule) => rule.id);
    const turns = collectLabelledTurns(read.transcripts, ruleSet);
    if (!turns.some((turn) => turn.labels.some((label) => ids.includes(label)))) {
      throw new ReassureError('train: no therapist turn is labelled with a rule id of the rule set; nothing to learn from');
    }
    // Progress goes to a terminal only, so logs and pipes stay byte-identical between runs.
    const progress = io.stderr.isTTY === true ? (message: string) => io.stderr.write(`\r\x1b[K${message}`) : undefined;
    const model = buildModel(turns, {
      ids,
      rules: { name: effective.settings.rules, sha256: hashRuleFiles(ruleSet, io.cwd) },
      dataLicence: flags.dataLicence,
      folds,
      progress,
    });
    if (progress) io.stderr.write('\r\x1b[K');
    const text = serializeModel(model);
    await writeOutput(output, text, undefined, { what: 'the model', shown: flags.output });
    if (model.provenance.crossValidation) io.stdout.write(formatCrossValidation(model.provenance.crossValidation));
    const weights = Object.values(model.classifiers).reduce((sum, c) => sum + Object.keys(c.weights).length, 0);
    io.stdout.write(
      `wrote ${flags.output}: ${Object.keys(model.classifiers).length} classifiers, ${weights} weights, ${Math.ceil(text.length / 1024)} KB, from ${turns.length} therapist turns\n`,
    );
    context.exitCode = EXIT.clean;
  });
}

// A model may be written over an earlier model; any other file (a coded transcript beside it, a typo) is kept.
async function checkOutputFile(file: string, shownAs: string): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text !== undefined && !isModelFileText(text)) {
    throw new ReassureError('exists and is not a reassure model; nothing was written (remove it or write the model to another file)', { file: shownAs });
  }
}

// The rule files' contents, base first: a model records exactly which rules made its features.
function hashRuleFiles(ruleSet: CompiledRuleSet, cwd: string): string {
  const hash = createHash('sha256');
  for (const file of ruleSet.files) hash.update(readFileSync(path.resolve(cwd, file)));
  return hash.digest('hex');
}
