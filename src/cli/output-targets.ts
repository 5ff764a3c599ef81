import { resolve } from 'node:path';
import { ReassureError } from '../errors.js';
import { FORMAT_NAMES, isFormatName } from '../format/index.js';
import { identifyFile } from '../ingest/discover.js';

/** One output of a run: a format, written to a file or (no path) to standard output. */
export interface OutputTarget {
  format: string;
  path?: string;
}

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
 * file `-` is standard output.
 */
export function resolveOutputTargets(specs: string[], output: string | undefined): OutputTarget[] {
  const targets = specs.map(parseFormatSpec);
  if (output !== undefined) {
    const toStdout = targets.filter((target) => target.path === undefined);
    if (toStdout.length > 1) throw new ReassureError('--output: several formats have no file; write them as --format name=file');
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
    throw new ReassureError('--format: only one format can go to standard output; give the others a file (--format name=file)');
  }
  return targets;
}

function parseFormatSpec(spec: string): OutputTarget {
  const equals = spec.indexOf('=');
  const format = (equals === -1 ? spec : spec.slice(0, equals)).trim();
  const path = equals === -1 ? undefined : spec.slice(equals + 1).trim();
  if (!isFormatName(format)) {
    throw new ReassureError(`--format: got "${format}", expected one of ${FORMAT_NAMES.join(', ')}`);
  }
  if (path === '') throw new ReassureError(`--format: "${spec}" names no file after "="`);
  return path === undefined ? { format } : { format, path };
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
