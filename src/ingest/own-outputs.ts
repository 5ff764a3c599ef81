/**
 * reassure's own outputs in JSON (a report or a line of a JSON Lines one, which carry
 * `schemaVersion` and `tool`, and a model file), told apart from transcripts: left in an audited folder by an earlier run, they
 * were refused as transcripts "missing `turns:`", which did not say what the file was.
 */

/** What the parsed JSON value is when reassure wrote it (`a reassure report`), else `undefined`. */
export function recogniseOwnOutput(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  if (typeof value.schemaVersion === 'number' && isRecord(value.tool) && value.tool.name === 'reassure') return 'a reassure report';
  if (value.format === 'reassure-model') return 'a reassure model file';
  return undefined;
}

/** The problem message for one of reassure's own outputs found among the transcripts. */
export function describeOwnOutput(what: string): string {
  return `${what}, not a transcript: move it out of the audited folders, or leave it out with --ignore`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
