import type { Command } from 'commander';
import { readInputs } from '../../audit.js';
import { describeGuess } from '../../closest-name.js';
import { EXIT, ReassureError } from '../../errors.js';
import { selectFold } from '../../eval/folds.js';
import { formatSuggestionsJson, formatSuggestionsText } from '../../eval/format-suggest.js';
import { suggestFrames } from '../../eval/suggest.js';
import type { Transcript } from '../../types.js';
import type { CliContext } from '../context.js';
import { writeInputMessages } from '../input-messages.js';
import { parseCount } from '../parse-flags.js';
import { RULE_FILE_HELP, addInputOptions, loadConfiguredRules, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { resolveReadSettings } from './audit.js';
import { parseScore, readFoldFlags } from './eval.js';

interface SuggestFlags extends Omit<SettingFlags, 'format'> {
  format: string;
  top: string;
  minSupport: string;
  minPrecision: string;
  fold?: string;
  exceptFold?: string;
}

/** The longest frame `rules suggest` counts, in words. */
const MAX_FRAME_WORDS = 4;

/** `reassure rules suggest <id> <paths...>`: frames that would find the labelled turns a rule misses. */
export function registerRulesSuggestCommand(rules: Command, context: CliContext): void {
  const command = rules
    .command('suggest')
    .description("rank word frames (1-4 words) of the labelled turns a rule misses by the rule's F1 with each added")
    .argument('<id>', 'rule id (or a label the rule set has no rule for yet)')
    .argument('[paths...]', 'labelled transcript files, directories or globs')
    .usage('[options] <id> <paths...>')
    .option('-r, --rules <file>', RULE_FILE_HELP)
    .option('-f, --format <name>', 'table or json', 'table')
    .option('--top <n>', 'how many frames to print', '20')
    .option('--min-support <n>', 'leave out frames found in fewer missed turns', '2')
    .option('--min-precision <x>', 'leave out frames whose added turns would be right less often than x', '0.5')
    .option('--fold <k/n>', 'read only fold k of n (a split by a hash of the session id, k from 0)')
    .option('--except-fold <k/n>', 'read every fold of n but fold k');
  addInputOptions(command);
  command.action(async (id: string, paths: string[], flags: SuggestFlags) => {
    const { io } = context;
    // Given only a folder, commander took it for the id and asked for 'paths' the user had given.
    if (paths.length === 0) {
      throw new ReassureError(`rules suggest: got only "${id}"; name the rule id, then the labelled transcripts: reassure rules suggest ID <paths...>`);
    }
    if (flags.format !== 'table' && flags.format !== 'json') throw new ReassureError(`--format: got "${flags.format}", expected table or json`);
    const options = {
      top: parseCount(flags.top, '--top'),
      minSupport: parseCount(flags.minSupport, '--min-support'),
      minPrecision: parseScore(flags.minPrecision, '--min-precision'),
      maxWords: MAX_FRAME_WORDS,
    };
    const fold = readFoldFlags(flags);
    const effective = resolveRunSettings({ ...flags, format: undefined }, io);
    const ruleSet = loadConfiguredRules(effective, io);
    const read = await readInputs({ inputs: paths, cwd: io.cwd, ...(await resolveReadSettings(effective.settings, io.cwd)), readStdin: io.readStdin });
    writeInputMessages(io, read, effective.settings.redact);
    const transcripts = fold ? selectFold(read.transcripts, fold.choice, fold.except) : read.transcripts;
    const known = ruleSet.reported.some((rule) => rule.id === id && rule.match.length > 0);
    if (!known && !hasTurnLabel(transcripts, id)) {
      const ids = ruleSet.reported.filter((rule) => rule.match.length > 0).map((rule) => rule.id);
      throw new ReassureError(`rules suggest: got "${id}"${describeGuess(id, ids)}, expected the id of a turn rule (${ids.join(', ')}) or a label of a therapist turn`);
    }
    const result = suggestFrames(transcripts, ruleSet, id, options);
    io.stdout.write(flags.format === 'json' ? formatSuggestionsJson(result) : formatSuggestionsText(result, options));
    context.exitCode = read.problems.length > 0 ? EXIT.failure : EXIT.clean;
  });
}

function hasTurnLabel(transcripts: Transcript[], id: string): boolean {
  return transcripts.some((transcript) => transcript.turns.some((turn) => turn.role === 'therapist' && turn.labels?.includes(id) === true));
}
