import { describe, expect, test } from 'vitest';
import { FORMAT_NAMES, loadAllFormatters } from '../../src/format/index.js';
import { redactReport } from '../../src/report/redact.js';
import type { FormatOptions } from '../../src/types.js';
import { buildReport, collectTranscriptTexts } from '../fixtures/format/report.js';

const FORMATTERS = await loadAllFormatters();

const VARIANTS: FormatOptions[] = [
  { color: false, details: true, quiet: false, failing: true },
  { color: true, details: true, quiet: true, failing: true },
];

/** Every distinct word of four or more letters in the fixture's transcript texts and speakers. */
const WORDS = [...new Set(collectTranscriptTexts(buildReport()).flatMap((text) => text.match(/\p{L}{4,}/gu) ?? []))];

describe('redacted reports', () => {
  test('the fixture has distinctive transcript words to look for', () => {
    expect(WORDS).toEqual(expect.arrayContaining(['Glimmerwick', 'Quillfeather', 'Marisol', 'zeppelin']));
    expect(WORDS.length).toBeGreaterThan(40);
  });

  test.each(FORMAT_NAMES)('%s output contains no transcript word', (name) => {
    const report = redactReport(buildReport());
    for (const options of VARIANTS) {
      const output = FORMATTERS[name].format(report, options);
      const leaked = WORDS.filter((word) => new RegExp(`(?<!\\p{L})${word}(?!\\p{L})`, 'iu').test(output));
      expect(leaked).toEqual([]);
    }
  });

  test.each(FORMAT_NAMES)('%s output without redaction does contain transcript words (the check can fail)', (name) => {
    const output = FORMATTERS[name].format(buildReport(), VARIANTS[0] as FormatOptions);
    const found = WORDS.filter((word) => output.includes(word));
    expect(found.length).toBeGreaterThan(0);
  });
});
