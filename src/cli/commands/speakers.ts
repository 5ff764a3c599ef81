import type { Command } from 'commander';
import { readInputs } from '../../audit.js';
import { EXIT, ReassureError, escapeControlCharacters, formatProblem } from '../../errors.js';
import { displayWidth, padDisplayEnd } from '../../format/display-width.js';
import { summarizeSpeakers } from '../../report/summarize.js';
import type { SpeakerSummary, Transcript } from '../../types.js';
import type { CliContext } from '../context.js';
import { addInputOptions, resolveRunSettings, type SettingFlags } from '../run-settings.js';
import { resolveReadSettings } from './audit.js';

interface SpeakersFlags extends Omit<SettingFlags, 'format'> {
  format: string;
}

/** `reassure speakers <paths...>`: the speakers of each session and the role each was given. */
export function registerSpeakersCommand(program: Command, context: CliContext): void {
  const command = program
    .command('speakers')
    .description('list the speakers found per session, with their turn counts and roles')
    .argument('<paths...>', 'transcript files, directories or globs ("-" reads standard input)')
    .option('-f, --format <name>', 'table or json', 'table');
  addInputOptions(command);
  command.action(async (paths: string[], flags: SpeakersFlags) => {
    const { io } = context;
    if (flags.format !== 'table' && flags.format !== 'json') throw new ReassureError(`--format: got "${flags.format}", expected table or json`);
    const read = await readInputs({ inputs: paths, cwd: io.cwd, ...(await resolveReadSettings(resolveRunSettings({ ...flags, format: undefined }, io).settings, io.cwd)), readStdin: io.readStdin });
    for (const problem of read.problems) io.stderr.write(`${formatProblem(problem.message, problem)}\n`);
    const sessions = read.transcripts.map((transcript) => ({ transcript, speakers: summarizeSpeakers(transcript) }));
    io.stdout.write(flags.format === 'json' ? formatSpeakersJson(sessions) : formatSpeakersText(sessions));
    context.exitCode = read.problems.length > 0 ? EXIT.failure : EXIT.clean;
  });
}

type SessionSpeakers = { transcript: Transcript; speakers: SpeakerSummary[] };

/** A block per session: its speakers, aligned, and a note when none is the therapist. */
export function formatSpeakersText(sessions: SessionSpeakers[]): string {
  const blocks = sessions.map(({ transcript, speakers }) => {
    // Names and ids as one terminal line each: a newline or an escape in them is written escaped.
    const names = speakers.map((s) => escapeControlCharacters(s.speaker));
    const width = Math.max(0, ...names.map((name) => displayWidth(name)));
    const lines = [`${escapeControlCharacters(transcript.path)}  (session ${escapeControlCharacters(transcript.id)})`];
    speakers.forEach((s, i) => lines.push(`  ${padDisplayEnd(names[i] ?? '', width)}  ${s.role.padEnd(9)}  ${s.turns} turn${s.turns === 1 ? '' : 's'}`));
    if (!speakers.some((s) => s.role === 'therapist')) lines.push('  no speaker was taken as the therapist: name one with --therapist NAME');
    return lines.join('\n');
  });
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}

function formatSpeakersJson(sessions: SessionSpeakers[]): string {
  const body = sessions.map(({ transcript, speakers }) => ({ id: transcript.id, file: transcript.path, speakers }));
  return `${JSON.stringify({ sessions: body }, null, 2)}\n`;
}
