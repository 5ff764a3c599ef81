import { resolve } from 'node:path';
import { describeExpectedChoice } from '../closest-name.js';
import { ReassureError, type ProblemLocation } from '../errors.js';
import { FORMAT_NAMES, isFormatName } from '../format/index.js';
import { identifyFile } from '../ingest/discover.js';

/** One output of a run: a format, written to a file or (no path) to standard output. */
export interface OutputTarget {
  format: string;
  path?: string;
}

/** Where a run's format list or output path was written, so that a problem names it as the user wrote it. */
export interface TargetSource {
  /** A flag (`--format`) or a config file key (`format`). */
  kind: 'flag' | 'config';
  name: string;
  /** Finds the key's place in the config file, read only when a problem is named there; none for a flag. */
  locate?: () => ProblemLocation;
}

/** The sources of the format list and of the output path. */
export interface TargetSources {
  formats: TargetSource;
  output: TargetSource;
}

/** Both given on the command line (or not at all). */
export const FLAG_SOURCES: TargetSources = {
  formats: { kind: 'flag', name: '--format' },
  output: { kind: 'flag', name: '--output' },
};

const FORMAT_BY_EXTENSION: Record<string, string> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.sarif': 'sarif',
  '.xml': 'junit',
  '.md': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.txt': 'table',
};

/**
 * Turns `--format name[=file]` (repeatable) and `--output file` into targets. `--output`
 * goes with the one format given without a file, or is guessed from its extension. The
 * file `-` is standard output. A problem is named at the flag or config key in `sources`.
 */
export function resolveOutputTargets(specs: string[], output: string | undefined, sources: TargetSources = FLAG_SOURCES): OutputTarget[] {
  const targets = specs.map((spec) => parseFormatSpec(spec, sources.formats));
  if (output !== undefined) {
    const toStdout = targets.filter((target) => target.path === undefined);
    if (toStdout.length > 1) {
      throw new ReassureError(`${sources.output.name}: several formats have no file; write them as ${describeFileSpec(sources.formats, sources.output)}`, sources.output.locate?.());
    }
    const [single] = toStdout;
    if (single) single.path = output;
    else targets.push({ format: guessFormat(output), path: output });
  }
  if (targets.length === 0) targets.push({ format: 'table' });
  for (const target of targets) if (target.path === '-') delete target.path;
  // Written as given, `reports/` became a file named `reports`.
  const folder = targets.find((target) => target.path !== undefined && /[\\/]$/.test(target.path));
  if (folder?.path !== undefined) {
    throw new ReassureError('names a folder (it ends with "/"); give the report a file name, such as reports/reassure.json', { file: folder.path });
  }
  if (targets.filter((target) => target.path === undefined).length > 1) {
    const { formats } = sources;
    throw new ReassureError(`${formats.name}: only one format can go to standard output; give the others a file (${describeFileSpec(formats, formats)})`, formats.locate?.());
  }
  return targets;
}

function parseFormatSpec(spec: string, source: TargetSource): OutputTarget {
  const equals = spec.indexOf('=');
  const format = (equals === -1 ? spec : spec.slice(0, equals)).trim();
  const path = equals === -1 ? undefined : spec.slice(equals + 1).trim();
  if (!isFormatName(format)) {
    throw new ReassureError(`${source.name}: got "${format}", ${describeExpectedChoice(format, FORMAT_NAMES)}`, source.locate?.());
  }
  if (path === '') throw new ReassureError(`${source.name}: "${spec}" names no file after "="`, source.locate?.());
  return path === undefined ? { format } : { format, path };
}

// How to give a format its own file, where the formats were written; the config file is named
// when the problem is reported at a flag (a typed `-o` against the config's formats).
function describeFileSpec(formats: TargetSource, reportedAt: TargetSource): string {
  if (formats.kind === 'flag') return `${formats.name} name=file`;
  if (reportedAt.kind === 'config') return 'name=file';
  return `name=file under ${formats.name} in ${formats.locate?.().file ?? 'the config file'}`;
}

/**
 * The format an output file's name asks for: a known extension, an extension that is a
 * format's name (`.junit`, `.markdown`, `.github`), or `.sarif.json`; else `table`.
 */
function guessFormat(file: string): string {
  const name = file.toLowerCase();
  if (name.endsWith('.sarif.json')) return 'sarif';
  const extension = /\.[^./\\]+$/.exec(name)?.[0] ?? '';
  const named = extension.slice(1);
  return FORMAT_BY_EXTENSION[extension] ?? (isFormatName(named) ? named : 'table');
}

/**
 * Refuses outputs that would destroy a report or a transcript: one file named for two
 * formats, or an output that is one of the files named as inputs. Paths are compared by
 * what they lead to (through links), relative to `cwd`. Returns the absolute output paths.
 */
export async function checkOutputPaths(targets: readonly OutputTarget[], inputs: readonly string[], cwd: string): Promise<string[]> {
  const outputs = new Map<string, OutputTarget>();
  for (const target of targets) {
    if (target.path === undefined) continue;
    const identity = await identifyFile(resolve(cwd, target.path));
    const earlier = outputs.get(identity);
    if (earlier !== undefined) {
      throw new ReassureError(`named as the output of both ${earlier.format} and ${target.format}; give each format its own file`, { file: target.path });
    }
    outputs.set(identity, target);
  }
  for (const input of inputs) {
    if (input === '-') continue;
    const output = outputs.get(await identifyFile(resolve(cwd, input)));
    if (output !== undefined) {
      throw new ReassureError(`is both an input and the ${output.format} output; write the report to another file`, { file: input });
    }
  }
  return targets.flatMap((target) => (target.path === undefined ? [] : [resolve(cwd, target.path)]));
}
