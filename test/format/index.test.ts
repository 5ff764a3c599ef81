import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { FORMATTERS, FORMAT_NAMES, isFormatName, loadAllFormatters, loadFormatter } from '../../src/format/index.js';
import type { FormatOptions } from '../../src/types.js';
import { buildReport } from '../fixtures/format/report.js';

const OPTIONS: FormatOptions = { color: false, details: true, quiet: false, failing: true };
const LOADED = await loadAllFormatters();

describe('format registry', () => {
  test('lists the formats, table first', () => {
    expect(FORMAT_NAMES).toEqual(['table', 'json', 'jsonl', 'sarif', 'junit', 'github', 'markdown', 'html']);
  });

  test.each(FORMAT_NAMES)('%s is registered under its own name, with a description', async (name) => {
    expect(await loadFormatter(name)).toBe(await FORMATTERS[name]());
    expect(LOADED[name].name).toBe(name);
    expect(LOADED[name].description).not.toBe('');
  });

  test.each(FORMAT_NAMES)('%s is deterministic and ends with a newline', (name) => {
    const first = LOADED[name].format(buildReport(), OPTIONS);
    expect(LOADED[name].format(buildReport(), OPTIONS)).toBe(first);
    expect(first.endsWith('\n')).toBe(true);
  });

  test.each(FORMAT_NAMES)('%s renders a run with no sessions', (name) => {
    const empty = buildReport({ sessions: [] });
    expect(typeof LOADED[name].format(empty, OPTIONS)).toBe('string');
  });

  test('rejects an unknown name with the known ones', () => {
    expect(isFormatName('toString')).toBe(false);
    expect(() => loadFormatter('yaml')).toThrow(ReassureError);
    expect(() => loadFormatter('yaml')).toThrow(
      'unknown format "yaml" (expected one of table, json, jsonl, sarif, junit, github, markdown, html)',
    );
  });
});
