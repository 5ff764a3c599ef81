/** Exit codes of the command line, one place. */
export const EXIT = { clean: 0, findings: 1, failure: 2 } as const;

/** Where a known problem is, for a `file:line:col: message` line. */
export interface ProblemLocation {
  file?: string;
  line?: number;
  column?: number;
}

/**
 * A known problem (bad usage, bad rule file, unreadable input): printed as one line,
 * never with a stack trace, and mapped to exit code 2.
 */
export class ReassureError extends Error {
  readonly exitCode: number;
  readonly location: ProblemLocation;

  constructor(message: string, location: ProblemLocation = {}, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'ReassureError';
    this.location = location;
    this.exitCode = exitCode;
  }
}

/** A few words for each file-system error a reader meets, in place of Node's message with its absolute path. */
export const FS_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory, not a file',
  ENOTDIR: 'no such file or directory (a parent path is a file)',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  // Node's code for a path holding a NUL, which a YAML or JSON string can ("\0").
  ERR_INVALID_ARG_VALUE: 'a file name cannot hold a NUL character',
};

/** Why a rule or config file could not be read (a named file, so a missing one is "no such file"). */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (typeof code === 'string') return FS_REASONS[code] ?? code;
  return error instanceof Error ? error.message : String(error);
}

/** Whether an error is one a read can meet (Node's, with a code such as EISDIR), not a bug. */
export function isReadError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string';
}

/** Why standard input could not be read (a directory given as `< dir`), in one line. */
export function describeStdinError(error: unknown): string {
  return `cannot read standard input: ${describeReadError(error)}`;
}

/**
 * A YAML parse error in one line, for `file:line:col: invalid YAML: …`; the library's
 * advice to call its own API (`parseAllDocuments`) is put in the user's terms.
 */
export function describeYamlError(error: unknown): string {
  if ((error as { code?: unknown } | null)?.code === 'MULTIPLE_DOCS') return 'a second document (after `---`); the file holds one mapping';
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}

/** YAML error codes whose messages never quote the file (the others may name an alias, a tag or a token). */
const YAML_CODES_WITHOUT_QUOTES = new Set(['BAD_INDENT', 'BLOCK_AS_IMPLICIT_KEY', 'BLOCK_IN_FLOW', 'MISSING_CHAR', 'MULTILINE_IMPLICIT_KEY', 'MULTIPLE_ANCHORS', 'MULTIPLE_DOCS', 'MULTIPLE_TAGS', 'TAB_AS_INDENT', 'KEY_OVER_1024_CHARS', 'ALIAS_PROPS', 'IMPOSSIBLE', 'RESOURCE_EXHAUSTION']);

/**
 * `describeYamlError` for `--redact`: the same line when the library's message for that
 * error code quotes nothing of the file, else the code alone (`BAD_ALIAS`), since an alias
 * name (`*lee`) or a token may be a transcript word.
 */
export function describeYamlErrorRedacted(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && YAML_CODES_WITHOUT_QUOTES.has(code)) return describeYamlError(error);
  const left = "the parser's message left out by --redact, as it may quote the file";
  return typeof code === 'string' ? `${code} (${left})` : left;
}

/**
 * Formats a location and message as `file:line:col: message`, leaving out what is unknown,
 * on one line: control characters a key, label or file name brought in are escaped
 * (`\n`, `\u001b`), so no problem takes two lines or speaks to the terminal.
 */
export function formatProblem(message: string, location: ProblemLocation = {}): string {
  const parts: string[] = [];
  if (location.file !== undefined) parts.push(location.file);
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.line !== undefined && location.column !== undefined) parts.push(String(location.column));
  return escapeControlCharacters(parts.length > 0 ? `${parts.join(':')}: ${message}` : message);
}

const CONTROL_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r' };

/** C0 (but the tab), DEL and C1 controls escaped as JSON would (`\n`, `\u001b`): text for one terminal line. */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- these are the characters looked for.
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (char) => CONTROL_ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A problem with its position, as library errors list them. */
export interface LocatedProblem extends ProblemLocation {
  message: string;
}

/** A rule file that cannot be used: every problem found in it (and the files it extends), with positions. */
export class RuleFileError extends ReassureError {
  readonly problems: LocatedProblem[];

  constructor(problems: LocatedProblem[]) {
    const count = problems.length;
    super(`${count} problem${count === 1 ? '' : 's'} in the rule file${problems[0] ? `; the first: ${formatProblem(problems[0].message, problems[0])}` : ''}`, {
      file: problems[0]?.file,
    });
    this.name = 'RuleFileError';
    this.problems = problems;
  }
}

/** Transcript text that cannot be read as the format asked for (or as any, when sniffed). */
export class TranscriptError extends ReassureError {
  constructor(message: string, location: ProblemLocation = {}) {
    super(message, location);
    this.name = 'TranscriptError';
  }
}
