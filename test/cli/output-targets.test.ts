import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { resolveOutputTargets } from '../../src/cli/output-targets.js';

/** The targets, or the error's message and file. */
function resolveOrFail(specs: string[], output?: string): unknown {
  try {
    return resolveOutputTargets(specs, output);
  } catch (error) {
    if (error instanceof ReassureError) return { message: error.message, file: error.location?.file };
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
});
