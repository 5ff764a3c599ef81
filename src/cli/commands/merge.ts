import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { ReassureError, describeStdinError, isReadError } from '../../errors.js';
import { describeFsError, toDisplayPath } from '../../ingest/read.js';
import { splitLines } from '../../ingest/read-lines.js';
import { readReportParts, type ReportPart } from '../../report/read-report.js';
import { summarizeRules } from '../../rules/compile.js';
import type { InputProblem, RuleSummary } from '../../types.js';
import type { CliContext } from '../context.js';
import type { CliIO } from '../main.js';
import { startProgress, wantsProgress } from '../progress.js';
import { startReportRun } from '../report-run.js';
import { addCacheOption, addConfigOptions, addRuleSizeOption, loadConfiguredRules, resolveRunSettings, resolveRunTargets } from '../run-settings.js';
import { addReportOptions } from './audit.js';

interface MergeFlags {
  maxRulesSize?: string;
  quiet?: boolean;
  color?: boolean;
  cache?: boolean;
}

/**
 * `reassure merge [reports...]`: partial `json` or `jsonl` reports (files, or `-` and by
 * default standard input) into one report in any format, with the totals and exit code a
 * single run over the same transcripts gives. Sessions keep the order they are given in.
 */
export function registerMergeCommand(program: Command, context: CliContext): void {
  const command = program
    .command('merge')
    .description('combine partial json or jsonl reports (of audits over parts of the transcripts) into one report')
    .argument('[reports...]', 'report files ("-" or none: standard input)');
  // Only the flags of a report: merge reads no transcript, so audit's input flags would do nothing.
  addCacheOption(addConfigOptions(addRuleSizeOption(addReportOptions(command)))).action(async (reports: string[], flags: MergeFlags) => {
    // With no report named on a terminal, merge sat waiting for input nobody knew it wanted.
    if (reports.length === 0 && context.io.stdinIsTTY === true) {
      throw new ReassureError('merge: name the reports to merge (reassure merge part-1.jsonl part-2.jsonl), or pipe them in (cat part-*.jsonl | reassure merge); "-" reads the terminal');
    }
    context.exitCode = await runMerge(reports.length === 0 ? ['-'] : reports, flags, context);
  });
}

async function runMerge(reports: string[], flags: MergeFlags, context: CliContext): Promise<number> {
  const { io } = context;
  const effective = resolveRunSettings(flags, io);
  const { settings } = effective;
  const targets = resolveRunTargets(effective, io.cwd);
  const rules = summarizeRules(loadConfiguredRules(effective, io, { maxRulesSize: flags.maxRulesSize, cache: flags.cache !== false }));
  const quiet = flags.quiet === true;
  const progress = startProgress(io.stderr, wantsProgress(io.stderr, io.env, quiet));
  const run = await startReportRun(targets, { rules, failLevel: settings.failOn, redact: settings.redact }, { details: settings.details, quiet, strict: settings.strict, color: flags.color }, io, progress);
  const therapists = createTherapistSources();
  try {
    for (const report of reports) {
      const file = report === '-' ? '-' : toDisplayPath(path.resolve(io.cwd, report), io.cwd);
      let parts = 0;
      for await (const part of readReportParts(splitLines(openReport(report, file, io)), file, settings.redact)) {
        parts += 1;
        checkRules(part, rules, { file, line: part.line });
        therapists.note(part, file);
        // A redacted part cannot be un-redacted; its sessions are passed on as they are.
        await run.add({ ...part, warnings: part.warnings.filter((warning) => !isShardWarning(warning)), fromFile: false });
      }
      // Nothing piped in was merged without a word, where audit says so.
      if (file === '-' && parts === 0) await run.add({ sessions: [], problems: [], warnings: [EMPTY_STDIN_WARNING], fromFile: false });
    }
  } finally {
    progress.stop();
  }
  if (therapists.mayClash()) {
    io.stderr.write(
      'warning: sessions with therapists come from reports redacted before the merge, and each audit numbers its therapists from 1: "therapist 1" of two audits may be two people, mixed in the trends; merge reports made without --redact, with merge --redact\n',
    );
  }
  return run.end({ maxPitfalls: settings.maxPitfalls, strict: settings.strict });
}

/**
 * Which merged sources carry therapists, and whether one that does was redacted: each audit
 * with `--redact` numbers its therapists from 1, so `therapist 1` of two audits may be two
 * people. A whole `json` report is one audit; a `jsonl` input may join the lines of several.
 */
function createTherapistSources(): { note: (part: ReportPart, file: string) => void; mayClash: () => boolean } {
  const sources = new Map<string, { redacted: boolean; jsonl: boolean }>();
  let documents = 0;
  return {
    note: (part, file) => {
      const jsonl = part.line !== undefined;
      const key = jsonl ? `${file}\u0000jsonl` : `${file}\u0000${documents++}`;
      if (!part.sessions.some((session) => session.therapist !== undefined)) return;
      const seen = sources.get(key);
      sources.set(key, { redacted: (seen?.redacted ?? false) || part.redacted, jsonl });
    },
    mayClash: () => [...sources.values()].some((source) => source.redacted && (source.jsonl || sources.size > 1)),
  };
}

async function* openReport(report: string, file: string, io: CliIO): AsyncGenerator<string | Uint8Array> {
  if (report === '-') {
    try {
      if (io.stdin) yield* io.stdin;
      else yield (await io.readStdin?.()) ?? '';
    } catch (error) {
      if (!isReadError(error)) throw error;
      throw new ReassureError(describeStdinError(error), { file });
    }
    return;
  }
  try {
    yield* createReadStream(path.resolve(io.cwd, report)) as AsyncIterable<Uint8Array>;
  } catch (error) {
    throw new ReassureError(describeFsError(error), { file });
  }
}

const EMPTY_STDIN_WARNING: InputProblem = { file: '-', message: 'standard input is empty: no report to merge', kind: 'empty-input' };

/**
 * A part's warning that is not one of the merged run: repeated session ids are found again
 * over every part (a part's own would be written twice), and a mapper given nothing (an
 * empty Spark partition) is no warning about the whole input.
 */
function isShardWarning(warning: InputProblem): boolean {
  return warning.kind === 'duplicate-session-id' || warning.kind === 'empty-input';
}

function checkRules(part: ReportPart, rules: RuleSummary[], where: { file: string; line?: number }): void {
  if (part.ruleIds === undefined) return;
  const expected = rules.map((rule) => rule.id);
  const got = [...part.ruleIds];
  if (got.length !== expected.length || got.some((id) => !expected.includes(id))) {
    const list = (ids: string[]): string => (ids.length === 0 ? 'none' : ids.join(', '));
    throw new ReassureError(`made with other rules (got ${list(got)}, expected ${list(expected)}; merge with the audit's --rules and --config)`, where);
  }
}
