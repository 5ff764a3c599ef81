import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { FORMATTERS, FORMAT_NAMES, getFormatter, isFormatName } from '../../src/format/index.js';
import type { FormatOptions } from '../../src/types.js';
import { buildReport } from '../fixtures/format/report.js';

const OPTIONS: FormatOptions = { color: false, details: true, quiet: false, failing: true };

describe('format registry', () => {
  test('lists the formats, table first', () => {
    expect(FORMAT_NAMES).toEqual(['table', 'json', 'jsonl', 'sarif', 'junit', 'github', 'markdown', 'html']);
  });

  test.each(FORMAT_NAMES)('%s is registered under its own name, with a description', (name) => {
    expect(getFormatter(name)).toBe(FORMATTERS[name]);
    expect(FORMATTERS[name].name).toBe(name);
    expect(FORMATTERS[name].description).not.toBe('');
  });

  test.each(FORMAT_NAMES)('%s is deterministic and ends with a newline', (name) => {
    const first = FORMATTERS[name].format(buildReport(), OPTIONS);
    expect(FORMATTERS[name].format(buildReport(), OPTIONS)).toBe(first);
    expect(first.endsWith('\n')).toBe(true);
  });

  test.each(FORMAT_NAMES)('%s renders a run with no sessions', (name) => {
    const empty = buildReport({ sessions: [] });
    expect(typeof FORMATTERS[name].format(empty, OPTIONS)).toBe('string');
  });

  test('rejects an unknown name with the known ones', () => {
    expect(isFormatName('toString')).toBe(false);
    expect(() => getFormatter('yaml')).toThrow(ReassureError);
    expect(() => getFormatter('yaml')).toThrow(
      'unknown format "yaml" (expected one of table, json, jsonl, sarif, junit, github, markdown, html)',
    );
  });
});
