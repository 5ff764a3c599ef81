import { describe, expect, test } from 'vitest';
import { FORMAT_NAMES, loadAllFormatters } from '../../src/format/index.js';
import { openReportWriter } from '../../src/format/stream.js';
import type { FormatOptions, RunReport } from '../../src/types.js';
import { buildReport } from '../fixtures/format/report.js';

const FORMATTERS = await loadAllFormatters();

const OPTIONS: FormatOptions = { color: false, details: true, quiet: false, failing: true };

/** A report written a session at a time, as a run streams it. */
function streamReport(name: (typeof FORMAT_NAMES)[number], report: RunReport, options: FormatOptions = OPTIONS): string {
  const { sessions, totals, problems, warnings, ...head } = report;
  const writer = openReportWriter(FORMATTERS[name], head, { ...options, failing: false });
  return [writer.start(), ...sessions.map((session) => writer.session(session)), writer.end({ totals, problems, warnings }, options.failing)].join('');
}

describe('streamed reports', () => {
  test.each(FORMAT_NAMES)('%s streamed is byte for byte the whole-report text', (name) => {
    const report = buildReport();
    expect(streamReport(name, report)).toBe(FORMATTERS[name].format(report, OPTIONS));
  });

  test.each(FORMAT_NAMES)('%s streamed with no sessions is the whole-report text', (name) => {
    const report = buildReport({ sessions: [] });
    expect(streamReport(name, report)).toBe(FORMATTERS[name].format(report, OPTIONS));
  });

  test.each(FORMAT_NAMES)('%s streamed under --strict is the whole-report text', (name) => {
    const report = buildReport();
    const strict = { ...OPTIONS, strict: true };
    expect(streamReport(name, report, strict)).toBe(FORMATTERS[name].format(report, strict));
  });

  test('json, jsonl and sarif write each session as it arrives', () => {
    expect(FORMAT_NAMES.filter((name) => FORMATTERS[name].stream !== undefined)).toEqual(['json', 'jsonl', 'sarif']);
  });
});
