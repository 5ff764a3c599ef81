import { describe, expect, test } from 'vitest';
import { SARIF_SCHEMA, formatSarif, toArtifactLocation } from '../../src/format/sarif.js';
import { redactReport } from '../../src/report/redact.js';
import { expectGolden } from '../helpers/golden.js';
import { buildOddNamesReport, buildReport } from '../fixtures/format/report.js';

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; startColumn: number; endColumn?: number };
    };
  }[];
  suppressions?: { kind: string; justification: string }[];
}

interface SarifLog {
  $schema: string;
  version: string;
  runs: { tool: { driver: { name: string; version: string; rules: { id: string }[] } }; results: SarifResult[] }[];
}

function parse(text: string): SarifLog {
  return JSON.parse(text) as SarifLog;
}

describe('formatSarif', () => {
  test('matches golden sarif', async () => {
    await expectGolden(formatSarif(buildReport()), 'format/report.sarif');
  });

  test.each([
    ['plain', buildReport()],
    ['redacted', redactReport(buildReport())],
  ])('has every field SARIF 2.1.0 requires (%s)', (_name, report) => {
    const log = parse(formatSarif(report));
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run?.tool.driver.name).toBe('reassure');
    const ruleIds = run?.tool.driver.rules.map((rule) => rule.id) ?? [];
    expect(run?.results.length).toBe(11);
    for (const result of run?.results ?? []) {
      expect(result.message.text).not.toBe('');
      expect(ruleIds[result.ruleIndex]).toBe(result.ruleId);
      expect(['note', 'warning', 'error']).toContain(result.level);
      for (const { physicalLocation } of result.locations) {
        expect(physicalLocation.region.startLine).toBeGreaterThan(0);
        expect(physicalLocation.region.startColumn).toBeGreaterThan(0);
        expect(physicalLocation.artifactLocation.uriBaseId).toBe('%SRCROOT%');
        expect(physicalLocation.artifactLocation.uri).not.toMatch(/^\/|\\|^[a-z]+:/i);
      }
    }
  });

  // A run that could not read a file exited 2 while its SARIF log looked like a clean run.
  test('an invocation says whether every input was read, with a notification per problem and warning', () => {
    const [run] = (JSON.parse(formatSarif(buildReport())) as { runs: { invocations: unknown[] }[] }).runs;
    expect(run?.invocations).toEqual([
      {
        executionSuccessful: false,
        toolExecutionNotifications: [
          {
            level: 'error',
            message: { text: 'not audited: expected a mapping with `turns`' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'samples/broken.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 3 } } }],
          },
          {
            level: 'warning',
            message: { text: 'warning: no client turns found' },
            locations: [{ physicalLocation: { artifactLocation: { uri: 'samples/closing-03.yaml', uriBaseId: '%SRCROOT%' } } }],
          },
        ],
      },
    ]);
    expect(formatSarif(buildReport({ problems: [], warnings: [] }))).toContain('"executionSuccessful": true,\n          "toolExecutionNotifications": []');
    expect(formatSarif(redactReport(buildReport()))).toContain('"text": "not audited (message left out by --redact)"');
  });

  test('maps levels: techniques note, pitfalls by severity', () => {
    const results = parse(formatSarif(buildReport())).runs[0]?.results ?? [];
    expect(results.map((result) => [result.ruleId, result.level])).toEqual([
      ['empathy', 'note'],
      ['normalizing', 'note'],
      ['false-hope', 'error'],
      ['invalidation', 'warning'],
      ['invalidation', 'warning'],
      ['over-reliance', 'warning'],
      ['support-encouragement', 'note'],
      ['invalidation', 'warning'],
      ['education', 'note'],
      ['positive-self-talk', 'note'],
      ['empathy', 'note'],
    ]);
  });

  test('suppresses expected and ignored findings in source, with a justification', () => {
    const results = parse(formatSarif(buildReport())).runs[0]?.results ?? [];
    expect(results.filter((r) => r.suppressions !== undefined).map((r) => r.suppressions)).toEqual([
      [{ kind: 'inSource', justification: 'labelled as an intended example' }],
      [{ kind: 'inSource', justification: 'quoting a relative on purpose' }],
    ]);
  });

  test('gives an end column for one-line matches only', () => {
    const results = parse(formatSarif(buildReport())).runs[0]?.results ?? [];
    const regions = results.map((r) => r.locations[0]?.physicalLocation.region);
    expect(regions[2]).toEqual({ startLine: 13, startColumn: 1, endColumn: 26 });
    const session = results.find((r) => r.ruleId === 'over-reliance')?.locations[0]?.physicalLocation.region;
    expect(session).toEqual({ startLine: 6, startColumn: 1 });
  });

  test('says only rule and position when redacted', () => {
    const results = parse(formatSarif(redactReport(buildReport()))).runs[0]?.results ?? [];
    expect(results[2]?.message.text).toBe('Creating false hope, turn 6, line 13, column 1');
  });

  // --strict failed the run on a labelled pitfall no longer found while the SARIF log showed nothing for it.
  test('under strict, a labelled pitfall no longer found is an error result at its turn, with no transcript text', () => {
    const report = buildReport({ failLevel: 'never' });
    const missed = (log: SarifLog): SarifResult[] => (log.runs[0]?.results ?? []).filter((result) => result.message.text.includes('no longer find'));
    expect(missed(parse(formatSarif(report)))).toEqual([]);
    const rules = parse(formatSarif(report)).runs[0]?.tool.driver.rules.map((rule) => rule.id) ?? [];
    for (const shown of [report, redactReport(report)]) {
      expect(missed(parse(formatSarif(shown, { strict: true })))).toEqual([
        {
          ruleId: 'false-hope',
          ruleIndex: rules.indexOf('false-hope'),
          level: 'error',
          message: { text: 'turn 12 is labelled false-hope, which the rules no longer find' },
          locations: [{ physicalLocation: { artifactLocation: { uri: 'samples/intake-01.yaml', uriBaseId: '%SRCROOT%' }, region: { startLine: 25 } } }],
          properties: { session: 'intake-01', turn: 12, missed: true },
        },
      ]);
    }
  });

  test.each([
    ['samples/a.yaml', 'samples/a.yaml'],
    ['samples\\win\\b.txt', 'samples/win/b.txt'],
    ['follow up/#2.txt', 'follow%20up/%232.txt'],
  ])('writes %s as the relative URI %s', (file, uri) => {
    expect(toArtifactLocation(file)).toEqual({ uri, uriBaseId: '%SRCROOT%' });
  });

  // SARIF is JSON: a newline or an escape in a file name stays inside its string.
  test('a file name with control characters stays escaped inside its string', () => {
    const output = formatSarif(buildOddNamesReport());
    expect({ raw: output.includes('\u001b') || output.includes('new\nline'), parses: typeof JSON.parse(output) }).toEqual({ raw: false, parses: 'object' });
  });
});
