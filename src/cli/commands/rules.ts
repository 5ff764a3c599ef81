import type { Command } from 'commander';
import { describeExpected } from '../../closest-name.js';
import { EXIT, ReassureError } from '../../errors.js';
import { locateConfigEntry } from '../../config/load-config.js';
import type { EffectiveConfig } from '../../config/effective-config.js';
import { measureColumns, padDisplayEnd } from '../../format/display-width.js';
import { listRulesUsing, type CompiledRule, type CompiledRuleSet } from '../../rules/compile.js';
import { describeExample, runRuleExamples } from '../../rules/examples.js';
import { describeMatcherDef, explainWithKind } from '../../rules/matchers/index.js';
import type { CliContext } from '../context.js';
import { RULE_FILE_HELP, addConfigOptions, loadConfiguredRules, resolveRunSettings } from '../run-settings.js';
import { registerRulesSuggestCommand } from './rules-suggest.js';

/** The flags of `rules list|test|explain`: which rules, as `audit` picks them. */
interface RuleFlags {
  rules?: string;
  config?: string | false;
}

/** `reassure rules list|test|explain`: look into a rule set. */
export function registerRulesCommand(program: Command, context: CliContext): void {
  // Each subcommand listed by its usage line: from its arguments alone, `suggest` read
  // `<id> [paths...]` here and `<id> <paths...>` in its own help.
  const rules = program
    .command('rules')
    .description('list, test and explain rules')
    .configureHelp({ subcommandTerm: (command) => `${command.name()} ${command.usage()}` });
  // The rules audit would use: the named file, else the config's rules with its severity and disable.
  const loadRules = (flags: RuleFlags): CompiledRuleSet => loadConfiguredRules(resolveRunSettings(flags, context.io), context.io);
  addConfigOptions(
    rules
      .command('list')
      .description('print the rules: id, kind, severity, scope, name')
      .option('-r, --rules <file>', RULE_FILE_HELP),
  ).action((flags: RuleFlags) => {
    context.io.stdout.write(listRules(loadRules(flags)));
  });
  addConfigOptions(
    rules
      .command('test')
      .description("run every rule's examples; exit 1 on any failure")
      .argument('[file]', RULE_FILE_HELP)
      .option('-r, --rules <file>', 'the same rule file, given as the other commands take it'),
  ).action((file: string | undefined, flags: RuleFlags) => {
    const ruleSet = loadRules({ ...flags, rules: pickRuleFile(file, flags.rules) });
    const run = runRuleExamples(ruleSet);
    for (const failure of run.failures) {
      context.io.stdout.write(`FAIL ${failure.rule} ${failure.expected} #${failure.index}: ${describeExample(failure.example)}\n`);
    }
    const passed = run.examples - run.failures.length;
    context.io.stdout.write(`${ruleSet.reported.length} rules: ${passed} passed, ${run.failures.length} failed\n`);
    context.exitCode = run.failures.length > 0 ? EXIT.findings : EXIT.clean;
  });
  addConfigOptions(
    rules
      .command('explain')
      .description("print a rule's description, rationale, cues and examples")
      .argument('<id>', 'rule id')
      .option('-r, --rules <file>', RULE_FILE_HELP),
  ).action((id: string, flags: RuleFlags) => {
    const effective = resolveRunSettings(flags, context.io);
    const ruleSet = loadConfiguredRules(effective, context.io);
    // Helper rules (switched off, used by others) can be explained too.
    const rule = ruleSet.evaluation.find((candidate) => candidate.id === id);
    if (!rule) throw new ReassureError(describeUnknownRule(id, ruleSet));
    context.io.stdout.write(explainRule(rule, rule.reported ? undefined : describeKeptRule(rule.id, ruleSet, effective, context.io.cwd)));
  });
  registerRulesSuggestCommand(rules, context);
}

/** The rule file of `rules test`: its operand, or `--rules` as every other command takes it. */
function pickRuleFile(operand: string | undefined, flag: string | undefined): string | undefined {
  if (operand !== undefined && flag !== undefined && operand !== flag) {
    throw new ReassureError(`rules test: got the rule file ${operand} and --rules ${flag}; give one`);
  }
  return operand ?? flag;
}

/**
 * `no rule "ID"`, with the id it most likely meant, else every id (reported rules first); a
 * rule the rule file or config switched off is named as such, not as missing.
 */
function describeUnknownRule(id: string, ruleSet: CompiledRuleSet): string {
  if (ruleSet.switchedOff.includes(id)) {
    return `rules explain: rule "${id}" is switched off (\`enabled: false\` in a rule file, or \`disable:\` in the config file); switch it on to explain it`;
  }
  const ids = [...new Set([...ruleSet.reported, ...ruleSet.evaluation].map((rule) => rule.id))];
  return `rules explain: no rule "${id}" (${describeExpected(id, ids)})`;
}

/**
 * Why a rule that is not reported is still evaluated: who switched it off (the config's
 * `disable:` entry, by file and line, or its rule file) and which rules use it.
 */
function describeKeptRule(id: string, ruleSet: CompiledRuleSet, effective: EffectiveConfig, cwd: string): string {
  const index = effective.settings.disable.indexOf(id);
  const { file, line } = effective.origin.disable;
  const entry = index < 0 || file === undefined ? undefined : (locateConfigEntry(file, cwd, ['disable', index]) ?? { file, line: line ?? 1 });
  const off = entry === undefined ? 'switched off in its rule file' : `switched off by disable: in ${entry.file}:${entry.line}`;
  const users = listRulesUsing(ruleSet.evaluation, id);
  return `${off}; still evaluated because ${users.join(', ')} ${users.length === 1 ? 'uses' : 'use'} it; not reported`;
}

/** One line per reported rule, in columns, then the rules switched off. */
export function listRules(ruleSet: CompiledRuleSet): string {
  const rows = ruleSet.reported.map((rule) => [rule.id, rule.kind, rule.severity, rule.session && rule.match.length === 0 ? 'session' : rule.session ? 'turn+session' : 'turn', rule.name]);
  const header = ['ID', 'KIND', 'SEVERITY', 'SCOPE', 'NAME'];
  const widths = measureColumns([header, ...rows]);
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : padDisplayEnd(cell, widths[i] ?? 0))).join('  ');
  const off = ruleSet.switchedOff.length === 0 ? [] : ['', `switched off: ${ruleSet.switchedOff.join(', ')}`];
  return [line(header), ...rows.map(line), ...off].join('\n') + '\n';
}

/** A readable account of one rule; `kept` says why a rule that is not reported is evaluated. */
export function explainRule(rule: CompiledRule, kept?: string): string {
  const def = rule.def;
  const lines = [
    `${rule.id} — ${rule.name}`,
    `kind: ${rule.kind}   severity: ${rule.severity}${kept === undefined ? '' : `   (${kept})`}`,
    '',
    rule.description,
    '',
    `Why it matters: ${rule.rationale}`,
  ];
  const section = (title: string, items: string[]): void => {
    if (items.length === 0) return;
    lines.push('', `${title}:`, ...items.map((item) => `  - ${item}`));
  };
  section('Matches', (def.match ?? []).map(describeMatcherDef));
  for (const matcher of rule.match) {
    const more = explainWithKind(matcher);
    if (more) section(more.title, more.items);
  }
  section(
    'Unless',
    (def.unless ?? []).map((guard) => {
      if (guard.negated !== undefined) return `negated (a negation within ${guard.negated === true ? 'a few' : String(guard.negated)} words before)`;
      if (guard.hedged) return 'hedged (a hedge in the same sentence)';
      if (guard.question) return 'inside a question';
      if (guard.quoted) return 'inside quoted or reported speech';
      const where = guard.before !== undefined ? ` within ${guard.before} words before` : guard.after !== undefined ? ` within ${guard.after} words after` : ' in the same sentence';
      return `${describeMatcherDef(guard)}${where}`;
    }),
  );
  const context = def.context;
  if (context) {
    section('Context', [
      ...(context.client ? [`a client turn among the last ${context.client.within ?? 1} matches: ${context.client.any.map(describeMatcherDef).join('; ')}`] : []),
      ...(context['not-client'] ? [`no client turn among the last ${context['not-client'].within ?? 1} matches: ${context['not-client'].any.map(describeMatcherDef).join('; ')}`] : []),
      ...(context.has ? [`the same turn also has: ${context.has.map(describeMatcherDef).join('; ')}`] : []),
      ...(context.lacks ? [`the same turn has none of: ${context.lacks.map(describeMatcherDef).join('; ')}`] : []),
      ...(context.repeat ? [`fires from the ${ordinal(context.repeat)} time in a session`] : []),
      ...(context.overlap
        ? [`shares ${[context.overlap.min !== undefined ? `at least ${context.overlap.min}` : '', context.overlap.max !== undefined ? `at most ${context.overlap.max}` : ''].filter(Boolean).join(' and ')} content words with the last ${context.overlap.within ?? 1} client turn(s)`]
        : []),
    ]);
  }
  const session = def.session;
  if (session) {
    const bounds = (m: { min?: number; max?: number }, asShare: boolean): string => {
      const show = (value: number): string => (asShare ? `${Math.round(value * 100)}%` : String(value));
      const parts = [...(m.min !== undefined ? [`at least ${show(m.min)}`] : []), ...(m.max !== undefined ? [`at most ${show(m.max)}`] : [])];
      return parts.join(' and ');
    };
    section(`Session (${session.require === 'all' ? 'all of' : 'any of'})`, [
      ...(session.count ? [`${bounds(session.count, false)} turns with ${session.count.of.join(' or ')}`] : []),
      ...(session.share ? [`${bounds(session.share, true)} of therapist turns with ${session.share.of.join(' or ')}`] : []),
      ...(session.sequence ? [`at least ${session.sequence.min} requests answered: ${session.sequence.request.map(describeMatcherDef).join('; ')} → ${session.sequence.answer.map(describeMatcherDef).join('; ')}`] : []),
    ]);
  }
  section('Cues used', rule.cues);
  section('Examples that match', rule.examples.hit.map(describeExample));
  section("Examples that don't", rule.examples.miss.map(describeExample));
  return lines.join('\n') + '\n';
}

function ordinal(n: number): string {
  const suffix = n % 10 === 2 && n % 100 !== 12 ? 'nd' : n % 10 === 3 && n % 100 !== 13 ? 'rd' : n % 10 === 1 && n % 100 !== 11 ? 'st' : 'th';
  return `${n}${suffix}`;
}
