import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { FLAG_SOURCES, resolveOutputTargets, type TargetSources } from '../../src/cli/output-targets.js';

/** The targets, or the error's message and file (and line, when there is one). */
function resolveOrFail(specs: string[], output?: string, sources?: TargetSources): unknown {
  try {
    return resolveOutputTargets(specs, output, sources);
  } catch (error) {
    if (error instanceof ReassureError) return { message: error.message, file: error.location.file, ...(error.location.line === undefined ? {} : { line: error.location.line }) };
    throw error;
  }
}

describe('resolveOutputTargets', () => {
  test.each([
    { specs: [], output: undefined, expected: [{ format: 'table' }] },
    { specs: [], output: 'r.sarif', expected: [{ format: 'sarif', path: 'r.sarif' }] },
    { specs: ['json'], output: 'out', expected: [{ format: 'json', path: 'out' }] },
    { specs: ['table', 'sarif=r/x.sarif'], output: undefined, expected: [{ format: 'table' }, { format: 'sarif', path: 'r/x.sarif' }] },
    { specs: ['json=-'], output: undefined, expected: [{ format: 'json' }] },
    // These wrote a table: `.junit` and `.sarif.json` asked for a format the guess did not know.
    { specs: [], output: 'r.junit', expected: [{ format: 'junit', path: 'r.junit' }] },
    { specs: [], output: 'r.markdown', expected: [{ format: 'markdown', path: 'r.markdown' }] },
    { specs: [], output: 'out/Results.SARIF.json', expected: [{ format: 'sarif', path: 'out/Results.SARIF.json' }] },
    { specs: [], output: 'r.log', expected: [{ format: 'table', path: 'r.log' }] },
  ])('$specs with -o $output', ({ specs, output, expected }) => {
    expect(resolveOrFail(specs, output)).toEqual(expected);
  });

  // `-o reports/` wrote a file named `reports`, where the user meant a folder.
  test.each([
    { specs: [], output: 'reports/', file: 'reports/' },
    { specs: ['json'], output: 'out/json/', file: 'out/json/' },
    { specs: ['sarif=reports/'], output: undefined, file: 'reports/' },
  ])('a path ending in a slash ($specs, -o $output) names a folder: refused before the run', ({ specs, output, file }) => {
    expect(resolveOrFail(specs, output)).toEqual({ message: 'names a folder (it ends with "/"); give the report a file name, such as reports/reassure.json', file });
  });

  const config = (line: number) => ({ kind: 'config' as const, name: line === 1 ? 'format' : 'output', locate: () => ({ file: 'c.yaml', line }) });
  test.each([
    { name: 'flags', specs: ['table', 'json'], output: undefined, sources: FLAG_SOURCES, expected: { message: '--format: only one format can go to standard output; give the others a file (--format name=file)', file: undefined } },
    { name: 'flags', specs: ['table', 'json'], output: 'r.txt', sources: FLAG_SOURCES, expected: { message: '--output: several formats have no file; write them as --format name=file', file: undefined } },
    { name: 'flags', specs: ['yaml'], output: undefined, sources: FLAG_SOURCES, expected: { message: '--format: got "yaml", expected one of table, json, jsonl, sarif, junit, github, markdown, html', file: undefined } },
    { name: 'flags', specs: ['json='], output: undefined, sources: FLAG_SOURCES, expected: { message: '--format: "json=" names no file after "="', file: undefined } },
    {
      name: 'config keys',
      specs: ['table', 'json'],
      output: undefined,
      sources: { formats: config(1), output: config(2) },
      expected: { message: 'format: only one format can go to standard output; give the others a file (name=file)', file: 'c.yaml', line: 1 },
    },
    {
      name: 'config keys',
      specs: ['table', 'json'],
      output: 'r.txt',
      sources: { formats: config(1), output: config(2) },
      expected: { message: 'output: several formats have no file; write them as name=file', file: 'c.yaml', line: 2 },
    },
    {
      name: 'a typed output, configured formats',
      specs: ['table', 'json'],
      output: 'r.txt',
      sources: { formats: config(1), output: FLAG_SOURCES.output },
      expected: { message: '--output: several formats have no file; write them as name=file under format in c.yaml', file: undefined },
    },
    {
      name: 'typed formats, a configured output',
      specs: ['table', 'json'],
      output: 'r.txt',
      sources: { formats: FLAG_SOURCES.formats, output: config(2) },
      expected: { message: 'output: several formats have no file; write them as --format name=file', file: 'c.yaml', line: 2 },
    },
  ])('a problem is named at its source: $name, $specs with output $output', ({ specs, output, sources, expected }) => {
    expect(resolveOrFail(specs, output, sources)).toEqual(expected);
  });
});
