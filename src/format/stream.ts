/**
 * Streaming a report: formats that can write a session as soon as it is summarised do so
 * (`Formatter.stream`); the others get the whole report at the end, exactly as before.
 */
import type { FormatOptions, Formatter, ReportHead, ReportTail, ReportWriter, RunReport, SessionReport } from '../types.js';

/** The writer for one format: its own streaming writer, or one that buffers the sessions. */
export function openReportWriter(formatter: Formatter, head: ReportHead, options: FormatOptions): ReportWriter {
  return formatter.stream?.(head, options) ?? bufferReport(formatter, head, options);
}

function bufferReport(formatter: Formatter, head: ReportHead, options: FormatOptions): ReportWriter {
  const sessions: SessionReport[] = [];
  return {
    start: () => '',
    session: (session) => {
      sessions.push(session);
      return '';
    },
    end: (tail, failing) => formatter.format(joinReport(head, sessions, tail), { ...options, failing }),
  };
}

/** A whole report from its parts. */
export function joinReport(head: ReportHead, sessions: SessionReport[], tail: ReportTail): RunReport {
  return {
    schemaVersion: head.schemaVersion,
    tool: head.tool,
    rules: head.rules,
    sessions,
    totals: tail.totals,
    problems: tail.problems,
    warnings: tail.warnings,
    failLevel: head.failLevel,
    redacted: head.redacted,
  };
}

/** The tail of a run that has not ended yet, for rendering what comes before the sessions. */
export function emptyTail(): ReportTail {
  return { totals: { sessions: 0, turns: 0, therapistTurns: 0, findings: 0, techniques: 0, pitfalls: 0, counts: {} }, problems: [], warnings: [] };
}

/** A JSON document with one array written item by item. */
export interface JsonArrayStream<D> {
  /** The document up to the array's opening bracket. */
  start: () => string;
  item: (value: unknown) => string;
  /** The array's end and the rest of the document, which may differ from the one `start` saw after the array. */
  end: (document: D) => string;
}

const PLACEHOLDER = '\u0000reassure-items\u0000';

/**
 * Writes `JSON.stringify(document, null, 2)` in pieces, byte for byte the same, where
 * `place(items)` puts the streamed array into the document: `start` and `end` render the
 * document around a placeholder item, and each item is indented to the placeholder's depth.
 */
export function streamJsonArray<D>(place: (document: D, items: unknown[]) => unknown, head: D): JsonArrayStream<D> {
  let count = 0;
  let indent = '';
  return {
    start: () => {
      const { before, depth } = splitAtPlaceholder(place(head, [PLACEHOLDER]));
      indent = depth;
      return before.slice(0, before.lastIndexOf('['));
    },
    item: (value) => {
      const text = JSON.stringify(value, null, 2).split('\n').join(`\n${indent}`);
      return `${count++ === 0 ? '[\n' : ',\n'}${indent}${text}`;
    },
    end: (document) => {
      const { after } = splitAtPlaceholder(place(document, [PLACEHOLDER]));
      return `${count === 0 ? `[${after.slice(after.indexOf(']'))}` : after}\n`;
    },
  };
}

function splitAtPlaceholder(document: unknown): { before: string; after: string; depth: string } {
  const text = JSON.stringify(document, null, 2);
  const marker = JSON.stringify(PLACEHOLDER);
  const at = text.indexOf(marker);
  const before = text.slice(0, at);
  return { before, after: text.slice(at + marker.length), depth: before.slice(before.lastIndexOf('\n') + 1) };
}
