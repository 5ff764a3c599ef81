/**
 * How each input format is recognised (the extensions it claims, what its content looks
 * like), kept apart from the parsers so that choosing a format loads none of them.
 */

/** What recognises one format without its parser. */
export interface FormatSignature {
  /** File extensions (lower case, with the dot) the format claims. */
  extensions: readonly string[];
  /** For files whose extension says nothing: does the content look like this format? */
  sniff?: (text: string) => boolean;
}

export const VTT_SIGNATURE: FormatSignature = {
  extensions: ['.vtt'],
  sniff: (text) => /^\uFEFF?WEBVTT(?:[ \t\r\n]|$)/.test(text),
};

export const SRT_SIGNATURE: FormatSignature = {
  extensions: ['.srt'],
  sniff: (text) => /^\uFEFF?\s*\d+\s*\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(text),
};

export const JSON_SIGNATURE: FormatSignature = {
  extensions: ['.json'],
  sniff: (text) => /^\s*[[{]/.test(text) && isJson(text),
};

export const JSONL_SIGNATURE: FormatSignature = {
  extensions: ['.jsonl', '.ndjson'],
  sniff: (text) => {
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    return lines.length > 1 && lines.every((line) => /^\s*\{.*\}\s*$/.test(line));
  },
};

export const YAML_SIGNATURE: FormatSignature = {
  extensions: ['.yaml', '.yml'],
  sniff: (text) => /^(?:%YAML|---|session\s*:|turns\s*:|-\s+speaker\s*:)/.test(firstMeaningfulLine(text)),
};

/** The speaker and text column names a CSV/TSV header may use, as `columnKey` spells them. */
export const CSV_COLUMN_NAMES = {
  speaker: ['speaker', 'role', 'interlocutor', 'name', 'speakername', 'participant'],
  text: ['text', 'utterance', 'content', 'transcript', 'message'],
} as const;

/** A column name compared without case, spaces, `_` or `-`. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '');
}

export const CSV_SIGNATURE: FormatSignature = {
  extensions: ['.csv', '.tsv'],
  sniff: (text) => {
    const header = (text.split('\n', 1)[0] ?? '').toLowerCase();
    if (!/[,\t]/.test(header)) return false;
    if (/\b(?:speaker|role)\b/.test(header) && /\b(?:text|utterance|content|message)\b/.test(header)) return true;
    // Any header the parser reads: a cell naming the speaker and one naming the text.
    const cells = readHeaderCells(header);
    return CSV_COLUMN_NAMES.speaker.some((name) => cells.has(name)) && CSV_COLUMN_NAMES.text.some((name) => cells.has(name));
  },
};

function readHeaderCells(header: string): Set<string> {
  return new Set(header.split(/[,\t]/).map((cell) => columnKey(cell.trim().replace(/^"(.*)"$/, '$1'))));
}

export const TEXT_SIGNATURE: FormatSignature = { extensions: ['.txt'] };

/**
 * Whether the first line is a comma- or tab-separated header holding every column that
 * `--columns` names (compared as the CSV parser compares them: case, spaces, `_` and `-`
 * aside), so that text whose extension says nothing is read as the table it was said to be.
 */
export function namesColumns(text: string, columns: { speaker?: string; text?: string }): boolean {
  const header = text.split('\n', 1)[0] ?? '';
  if (!/[,\t]/.test(header)) return false;
  const cells = readHeaderCells(header);
  const named = [columns.speaker, columns.text].filter((name): name is string => name !== undefined);
  return named.length > 0 && named.every((name) => cells.has(columnKey(name)));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function firstMeaningfulLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '' && !line.startsWith('#'))?.trim() ?? '';
}
