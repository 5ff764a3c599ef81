import type { Command } from 'commander';
import { readInputs } from '../../audit.js';
import { describeGuess } from '../../closest-name.js';
import { EXIT, ReassureError, formatProblem } from '../../errors.js';
import { attributeRuleEntries } from '../../eval/by-phrase.js';
import { BOOTSTRAP, bootstrapChange, bootstrapEvaluation, subtractSheets, toScoreSheet } from '../../eval/bootstrap.js';
import { describeOtherTurn, evaluateRules, type Evaluation } from '../../eval/evaluate.js';
import { parseFoldChoice, selectFold, type FoldChoice } from '../../eval/folds.js';
import {
  findRowsBelowGates,
  formatComparisonText,
  formatEvaluationJson,
  formatEvaluationText,
  quote,
  redactEvaluation,
  type BaselineComparison,
  type EvalListing,
} from '../../eval/format-eval.js';
import { listUnreportedIds, type CompiledRuleSet } from '../../rules/compile.js';
import type { CliContext } from '../context.js';
import { pluralize } from '../../format/describe.js';
import type { Transcript } from '../../types.js';
import { writeInputMessages } from '../input-messages.js';
import { parseNumberFlag } from '../parse-flags.js';
import { RULE_FILE_HELP, addInputOptions, collect, addRuleSizeOption, loadConfiguredRuleSource, loadConfiguredRules, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { resolveReadSettings } from './audit.js';

interface EvalFlags extends Omit<SettingFlags, 'format'> {
  format: string;
  details?: boolean;
  minF1?: string;
  minPrecision?: string;
  fold?: string;
  exceptFold?: string;
  misses?: string[];
  falseAlarms?: string[];
  byPhrase?: string[];
  intervals?: boolean;
  baseline?: string;
}

/** `reassure eval <paths...>`: measure the rules against labelled transcripts. */
export function registerEvalCommand(program: Command, context: CliContext): void {
  const command = program
    .command('eval')
    .description('measure the rules against labelled transcripts: precision, recall, F1 and kappa per rule')
    .argument('<paths...>', 'labelled transcript files, directories or globs')
    .option('-r, --rules <file>', RULE_FILE_HELP)
    .option('-f, --format <name>', 'table or json', 'table')
    .option('-d, --details', 'list every false positive and false negative')
    .option('--min-f1 <x>', 'exit 1 when a rule scores an F1 below x')
    .option('--min-precision <x>', 'exit 1 when a rule scores a precision below x')
    .option('--fold <k/n>', 'measure only fold k of n (a split by a hash of the session id, k from 0)')
    .option('--except-fold <k/n>', 'measure every fold of n but fold k')
    .option('--misses <id>', "list the labelled turns rule id does not find, each with the client's turn before (repeatable)", collect)
    .option('--false-alarms <id>', "list the turns rule id finds that carry no such label, each with the client's turn before (repeatable)", collect)
    .option('--by-phrase <id>', "score each phrase, regex and cue entry of rule id on the turns it fired on: precision, and what removing it would cost", collect)
    .option('--intervals', `95% bootstrap intervals for every score, resampling sessions (${BOOTSTRAP.replicates} resamples, fixed seed)`)
    .option('--baseline <rules>', "compare with another rule file ('default': the bundled rules) on the same transcripts: each F1's change")
    .option('--redact', 'leave every transcript word out of the listed turns');
  addInputOptions(addRuleSizeOption(command));
  command.action(async (paths: string[], flags: EvalFlags) => {
    const { io } = context;
    if (flags.format !== 'table' && flags.format !== 'json') throw new ReassureError(`--format: got "${flags.format}", expected table or json`);
    const gates = { minF1: parseScore(flags.minF1, '--min-f1'), minPrecision: parseScore(flags.minPrecision, '--min-precision') };
    const fold = readFoldFlags(flags);
    const effective = resolveRunSettings({ ...flags, format: undefined }, io);
    const { ruleSet, source } = loadConfiguredRuleSource(effective, io, flags);
    // Both rule sets are checked before any transcript is read.
    const baseline = flags.baseline === undefined ? undefined : { name: flags.baseline, ruleSet: loadConfiguredRules({ ...effective, settings: { ...effective.settings, rules: flags.baseline } }, io, flags) };
    const listing = readListingFlags(flags, ruleSet);
    const byPhrase = readByPhraseFlag(flags.byPhrase, ruleSet);
    const read = await readInputs({ inputs: paths, cwd: io.cwd, ...(await resolveReadSettings(effective.settings, io.cwd)), readStdin: io.readStdin });
    writeInputMessages(io, read, effective.settings.redact);
    const transcripts = fold ? selectFold(read.transcripts, fold.choice, fold.except) : read.transcripts;
    const measured = evaluateRules(transcripts, ruleSet);
    const evaluation = effective.settings.redact ? redactEvaluation(measured) : measured;
    // Rule text and counts only: nothing of the transcripts to redact.
    if (byPhrase !== undefined) listing.byPhrase = attributeRuleEntries(transcripts, ruleSet, byPhrase, source.snapshot.cues ?? {});
    const intervals = flags.intervals === true ? bootstrapEvaluation(measured) : undefined;
    const comparison = baseline && compareWithBaseline(baseline.name, measured, evaluateRules(transcripts, baseline.ruleSet), flags.intervals === true);
    for (const { label, on, ...where } of evaluation.misplacedLabels) {
      const place =
        on === 'session'
          ? `the session, and rule ${label} has no session measure; only its turns are measured`
          : `${describeOtherTurn(on)}; only therapist turns are measured`;
      io.stderr.write(`${formatProblem(`warning: label ${quote(label)} is on ${place}`, where)}\n`);
    }
    const ids = ruleSet.reported.map((rule) => rule.id);
    const switchedOff = listUnreportedIds(ruleSet);
    for (const unknown of evaluation.unknownLabels) {
      io.stderr.write(`${formatProblem(`warning: label ${quote(unknown.label)} ${describeUnknownLabel(unknown.label, ids, switchedOff)}`, unknown)}\n`);
    }
    if (carriesNoLabel(evaluation)) {
      io.stderr.write('warning: no turn or session of these transcripts carries a label, so every finding counts as a false alarm; eval measures the rules against labels (labels: [id, ...] on a therapist turn)\n');
    } else {
      const unlabelled = findUnlabelled(transcripts);
      if (unlabelled[0] !== undefined) io.stderr.write(`${formatProblem(describeUnlabelled(unlabelled.length, transcripts.length, unlabelled[0].path))}\n`);
    }
    if (flags.format === 'json') io.stdout.write(formatEvaluationJson(evaluation, listing, intervals, comparison));
    else io.stdout.write(formatEvaluationText(evaluation, listing, intervals) + (comparison ? formatComparisonText(evaluation, comparison) : ''));
    const below = findRowsBelowGates(evaluation, gates);
    for (const { row, reason } of below) io.stderr.write(`below the gate: ${row.rule} (${row.scope}): ${reason}\n`);
    if (read.problems.length > 0) context.exitCode = EXIT.failure;
    else context.exitCode = below.length > 0 ? EXIT.findings : EXIT.clean;
  });
}

// A label of a rule that is switched off was said to name no rule, though the rule set has it.
function describeUnknownLabel(label: string, reportedIds: string[], switchedOffIds: ReadonlySet<string>): string {
  if (switchedOffIds.has(label)) {
    return 'names a rule that is switched off (`enabled: false` in a rule file, or `disable:` in the config file), so it is not measured';
  }
  return `names no rule of the rule set${describeGuess(label, reportedIds)}`;
}

// Read therapist turns, and not one label anywhere: the transcripts are not labelled ones.
function carriesNoLabel(evaluation: Evaluation): boolean {
  return evaluation.therapistTurns > 0 && evaluation.unknownLabels.length === 0 && evaluation.misplacedLabels.length === 0 && evaluation.rows.every((row) => row.gold === 0);
}

// Transcripts with therapist turns and no `labels` anywhere (not even `labels: []`, coded with none).
function findUnlabelled(transcripts: readonly Transcript[]): Transcript[] {
  return transcripts.filter(
    (t) => t.turns.some((turn) => turn.role === 'therapist') && t.labels === undefined && t.turns.every((turn) => turn.labels === undefined),
  );
}

// Some transcripts of a labelled set carried none, and their findings all counted as false alarms without a word.
function describeUnlabelled(count: number, total: number, first: string): string {
  const these = count === 1 ? 'it' : 'them';
  return (
    `warning: ${count} of ${pluralize(total, 'transcript')} ${count === 1 ? 'carries' : 'carry'} no label (the first: ${first}), so every finding in ${these} counts as a false alarm; ` +
    'label their therapist turns (labels: [id, ...]), or write labels: [] on a session coded with none'
  );
}

// The change from the baseline in every score, with its paired intervals when asked.
function compareWithBaseline(name: string, current: Evaluation, baseline: Evaluation, withIntervals: boolean): BaselineComparison {
  return {
    name,
    baseline: { rows: baseline.rows, averages: baseline.averages },
    change: subtractSheets(toScoreSheet(current), toScoreSheet(baseline), current.rows, baseline.rows),
    ...(withIntervals ? { intervals: bootstrapChange(current, baseline) } : {}),
  };
}

/** `--fold` / `--except-fold`, checked: at most one, as k/n. */
export function readFoldFlags(flags: { fold?: string; exceptFold?: string }): { choice: FoldChoice; except: boolean } | undefined {
  if (flags.fold !== undefined && flags.exceptFold !== undefined) throw new ReassureError('--fold and --except-fold: choose one');
  const value = flags.fold ?? flags.exceptFold;
  if (value === undefined) return undefined;
  const choice = parseFoldChoice(value);
  const flag = flags.fold !== undefined ? '--fold' : '--except-fold';
  if (!choice) {
    const what = flags.fold !== undefined ? 'the fold to take' : 'the fold to leave out';
    throw new ReassureError(`${flag}: got "${value}", expected k/n: ${what} (k, counting from 0) of how many folds (n, from 2 to 999), such as 0/5 for the first of five`);
  }
  return { choice, except: flags.exceptFold !== undefined };
}

function readListingFlags(flags: EvalFlags, ruleSet: CompiledRuleSet): EvalListing {
  return {
    details: flags.details === true,
    ...(flags.misses !== undefined ? { misses: checkTurnRules(flags.misses, '--misses', ruleSet) } : {}),
    ...(flags.falseAlarms !== undefined ? { falseAlarms: checkTurnRules(flags.falseAlarms, '--false-alarms', ruleSet) } : {}),
  };
}

/** The rule ids of a repeatable listing flag, checked, each once, in the order given. */
function checkTurnRules(values: readonly string[], flag: string, ruleSet: CompiledRuleSet): string[] {
  return [...new Set(values.map((value) => checkTurnRule(value, flag, ruleSet)))];
}

// One attribution table per run: its JSON is a single object, so a second id is refused.
function readByPhraseFlag(values: readonly string[] | undefined, ruleSet: CompiledRuleSet): string | undefined {
  const ids = [...new Set(values ?? [])];
  if (ids.length > 1) throw new ReassureError(`--by-phrase: got ${ids.join(' and ')}, expected one rule id (run eval once for each)`);
  return ids[0] === undefined ? undefined : checkTurnRule(ids[0], '--by-phrase', ruleSet);
}

// A listed rule must have turn matchers: misses, false alarms and phrases' findings are turns.
function checkTurnRule(value: string, flag: string, ruleSet: CompiledRuleSet): string {
  const turnRules = ruleSet.reported.filter((rule) => rule.match.length > 0).map((rule) => rule.id);
  if (turnRules.includes(value)) return value;
  throw new ReassureError(`${flag}: got "${value}", expected the id of a turn rule (${turnRules.join(', ')})`);
}

/** A score from 0 to 1 given to a flag, checked. */
export function parseScore(value: string, flag: string): number;
export function parseScore(value: string | undefined, flag: string): number | undefined;
export function parseScore(value: string | undefined, flag: string): number | undefined {
  return value === undefined ? undefined : parseNumberFlag(value, flag, { max: 1, expected: 'a number from 0 to 1, such as 0.7' });
}
