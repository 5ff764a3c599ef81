/**
 * The package as a user gets it: `npm pack`, install the tarball in an empty folder (its
 * dependencies come from the npm registry or npm's cache), import it from an ES module and
 * type-check a TypeScript consumer against its declarations. Needs the build (`npm test`
 * builds first).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

const CONSUMER_MJS = `
import { audit, formatReport, parseTranscript, loadRules, RuleFileError, TranscriptError } from 'reassure';
const session = parseTranscript('Client: Will it be okay?\\nTherapist: Everything will be fine, I promise.\\n', { format: 'text', path: 'chat.txt' });
const report = await audit(session, { rules: loadRules() });
let ruleError = '';
try { loadRules('missing.yaml'); } catch (error) { ruleError = error instanceof RuleFileError ? 'RuleFileError' : String(error); }
console.log(JSON.stringify({
  falseHope: report.sessions[0].counts['false-hope'],
  json: JSON.parse(formatReport(report, 'json')).schemaVersion,
  html: formatReport(report, 'html').startsWith('<!doctype html>'),
  ruleError,
  transcriptError: typeof TranscriptError,
}));
`;

const CONSUMER_TS = `
import { audit, formatReport, parseTranscript, type RunReport, type Finding, type FormatName } from 'reassure';
const format: FormatName = 'markdown';
const report: RunReport = await audit([parseTranscript('Therapist: Hello.', { format: 'text' }), 'training/'], { failOn: 'error', redact: true });
const first: Finding | undefined = report.sessions[0]?.findings[0];
export const text: string = formatReport(report, format) + String(first?.rule);
`;

const TSCONFIG = {
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, typeRoots: [join(ROOT, 'node_modules', '@types')], types: ['node'] },
  files: ['consumer.ts'],
};

// Packing, installing and type-checking take tens of seconds on a busy machine.
describe('the packed package', { timeout: 240_000 }, () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reassure-pack-'));
    const { stdout } = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: ROOT });
    const [packed] = JSON.parse(stdout) as { filename: string }[];
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', join(dir, packed?.filename ?? '')], { cwd: dir });
    await writeFile(join(dir, 'consumer.mjs'), CONSUMER_MJS);
    await writeFile(join(dir, 'consumer.ts'), CONSUMER_TS);
    await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG));
  }, 240_000);

  afterAll(async () => {
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  test('imports as an ES module and audits, formats and throws its error classes', async () => {
    const { stdout } = await run('node', ['consumer.mjs'], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ falseHope: 1, json: 1, html: true, ruleError: 'RuleFileError', transcriptError: 'function' });
  });

  test('its declarations type-check a TypeScript consumer', async () => {
    const result = await run('node', [TSC, '-p', 'tsconfig.json'], { cwd: dir }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('');
  });

  test('its command line runs', async () => {
    const { stdout } = await run('node', ['node_modules/reassure/bin/reassure.js', '--version'], { cwd: dir });
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
