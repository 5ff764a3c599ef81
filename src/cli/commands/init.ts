import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { ReassureError } from '../../errors.js';
import { DEFAULT_ANSWERS, listNextCommands, renderInitFiles, type InitAnswers } from '../../init/templates.js';
import type { CliContext } from '../context.js';
import type { CliIO } from '../main.js';
import { writeOutputsTogether } from '../write-output.js';

interface InitFlags {
  force?: boolean;
  yes?: boolean;
}

/** `reassure init [folder]`: a config, a rule file, a labelled sample and a CI workflow. */
export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command('init')
    .description('start a project: .reassurerc.yaml, a rule file, a labelled sample transcript and a GitHub Actions workflow')
    .argument('[folder]', 'where to write them', '.')
    .option('--force', 'overwrite files that exist')
    .option('-y, --yes', 'take the defaults without asking')
    .action(async (folder: string, flags: InitFlags) => {
      const { io } = context;
      const root = path.resolve(io.cwd, folder);
      const answers = flags.yes === true || io.prompt === undefined ? DEFAULT_ANSWERS : await askAnswers(io.prompt);
      const files = renderInitFiles(answers);
      const existing = (await Promise.all(files.map(async (file) => ((await exists(path.join(root, file.path))) ? file.path : undefined)))).filter(
        (file): file is string => file !== undefined,
      );
      if (existing.length > 0 && flags.force !== true) {
        throw new ReassureError(`init: ${existing.join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written (--force overwrites)`);
      }
      const outputs = files.map((file) => ({ path: path.join(root, file.path), text: file.text, shown: path.join(folder, file.path) }));
      await writeOutputsTogether(outputs, 'the file');
      writeNextSteps(io, files.map((file) => file.path), folder);
    });
}

// Questions only on a terminal; an empty answer takes the default, no answer (Ctrl+D, Ctrl+C) stops.
async function askAnswers(ask: NonNullable<CliIO['prompt']>): Promise<InitAnswers> {
  const prompt = async (question: string): Promise<string> => {
    const answer = await ask(question);
    if (answer === undefined) throw new ReassureError('init: no answer (input ended or interrupted); nothing was written');
    return answer;
  };
  const folder = (await prompt(`Folder for your transcripts (${DEFAULT_ANSWERS.transcripts}): `)).trim().replace(/\/+$/, '');
  if (folder !== '' && (path.isAbsolute(folder) || folder.split(/[\\/]/).includes('..'))) {
    throw new ReassureError(`init: got "${folder}", expected a folder inside this one`);
  }
  const therapist = (await prompt("The therapist's speaker label, if your transcripts use names (none): ")).trim();
  return { transcripts: folder === '' ? DEFAULT_ANSWERS.transcripts : folder, ...(therapist === '' ? {} : { therapist }) };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function writeNextSteps(io: CliIO, written: string[], folder: string): void {
  const cd = folder === '.' ? [] : [`cd ${folder}`];
  io.stdout.write(`Wrote ${written.join(', ')}.\n\nNext:\n${[...cd, ...listNextCommands()].map((command) => `  ${command}`).join('\n')}\n`);
}
