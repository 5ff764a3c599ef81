import type { Command } from 'commander';
import { ReassureError } from '../errors.js';
import { DEFAULT_MAX_BYTES } from '../ingest/read.js';
import type { RoleOptions } from '../ingest/speakers.js';
import { parseSize } from './parse-flags.js';

/** Flags every command that reads transcripts shares. */
export interface InputFlags {
  therapist?: string[];
  client?: string[];
  maxFileSize?: string;
  columns?: string;
  ignore?: string[];
}

/** What the flags resolve to, ready for `readInputs`/`audit`. */
export interface InputSettings {
  roles: RoleOptions;
  maxBytes: number;
  columns?: { speaker?: string; text?: string };
  ignore: string[];
}

/** Adds the transcript-reading flags to a command. */
export function addInputOptions(command: Command): Command {
  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];
  return command
    .option('-t, --therapist <name>', "the therapist's speaker label (repeatable)", collect)
    .option('-c, --client <name>', "the client's speaker label (repeatable)", collect)
    .option('--ignore <glob>', 'leave out files matching a glob (repeatable)', collect)
    .option('--max-file-size <size>', 'skip (and report) larger files, e.g. 20MB (default: 10MB)')
    .option('--columns <map>', 'CSV/TSV column names, e.g. speaker=Who,text=Said');
}

/** Resolves the shared flags. */
export function resolveInputOptions(flags: InputFlags): InputSettings {
  return {
    roles: { therapist: flags.therapist ?? [], client: flags.client ?? [] },
    maxBytes: flags.maxFileSize === undefined ? DEFAULT_MAX_BYTES : parseSize(flags.maxFileSize, '--max-file-size'),
    columns: flags.columns === undefined ? undefined : parseColumns(flags.columns),
    ignore: flags.ignore ?? [],
  };
}

function parseColumns(value: string): { speaker?: string; text?: string } {
  const columns: { speaker?: string; text?: string } = {};
  for (const pair of value.split(',')) {
    const [key, name] = pair.split('=').map((part) => part.trim());
    if ((key !== 'speaker' && key !== 'text') || !name) {
      throw new ReassureError(`--columns: got "${pair}", expected speaker=NAME or text=NAME`);
    }
    columns[key] = name;
  }
  return columns;
}
