import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CONFIG_SCHEMA_PATH, findConfigFile, loadConfigFile } from '../../src/config/load-config.js';
import { CONFIG_KEYS } from '../../src/config/settings.js';
import { FORMAT_NAMES } from '../../src/format/index.js';
import { discoverInputs } from '../../src/ingest/discover.js';

const fixtures = 'test/fixtures/config';
const cwd = process.cwd();
const messages = (file: string): string[] => {
  const result = loadConfigFile(path.join(fixtures, file), cwd);
  return result.ok ? [] : result.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
};

/** A config file's values, for comparing two spellings of one file. */
const valuesOf = (file: string) => {
  const result = loadConfigFile(path.join(fixtures, file), cwd);
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.config.values;
};

/** The problems of a config file with `text`, each as `line:column: message`. */
const problemsOf = (text: string): string[] => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-config-text-'));
  try {
    writeFileSync(path.join(dir, 'c.yaml'), text);
    const result = loadConfigFile(path.join(dir, 'c.yaml'), dir);
    return result.ok ? [] : result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), 'reassure-config-'));
  const files: Record<string, string> = {
    'a/.reassurerc.yml': 'fail-on: error\n',
    'a/b/reassure.config.yaml': 'fail-on: info\n',
    'a/b/c/d/.keep': '',
    'both/reassure.config.yml': '',
    'both/.reassurerc.yaml': '',
    'both/.reassurerc.yml': '',
    'dir-named-like-config/.reassurerc.yaml/.keep': '',
    'proj/.reassurerc.yaml': [
      'rules: team.yaml',
      'include: [sessions, "sessions/*.txt", /abs/path.txt]',
      'ignore: ["**/draft-*"]',
      'format: [json, sarif=out/run.sarif]',
      'output: out/report.txt',
      '',
    ].join('\n'),
    'proj/sub/.keep': '',
    'odd(dir)/.reassurerc.yaml': 'include: ["*.txt", plain.txt]\n',
    'odd(dir)/plain.txt': 'T: Hi.\n',
    'odd(dir)/other.txt': 'T: Hi.\n',
    'proj/sessions/one.txt': 'T: Hi.\n',
    'proj/sessions/draft-two.txt': 'T: Hi.\n',
  };
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('findConfigFile', () => {
  test.each([
    { from: 'a', found: 'a/.reassurerc.yml' },
    { from: 'a/b', found: 'a/b/reassure.config.yaml' },
    { from: 'a/b/c/d', found: 'a/b/reassure.config.yaml' },
    { from: 'both', found: 'both/.reassurerc.yaml' },
    { from: 'dir-named-like-config', found: undefined },
    { from: '.', found: undefined },
  ])('from $from: walks up to the nearest directory with a config file → $found', ({ from, found }) => {
    const result = findConfigFile(path.join(root, from));
    expect(result === undefined ? undefined : path.relative(root, result).split(path.sep).join('/')).toBe(found);
  });
});

describe('loadConfigFile', () => {
  test('reads every key into typed settings, paths made relative to the working directory', () => {
    const file = `${fixtures}/good.yaml`;
    const at = (line: number) => ({ file, line, column: 1 });
    expect(loadConfigFile(file, cwd)).toEqual({
      ok: true,
      config: {
        file,
        values: {
          rules: `${fixtures}/rules/team.yaml`,
          severity: { 'false-hope': 'error' },
          disable: ['education'],
          roles: { therapist: ['Dr. Reyes'], client: ['Sam'] },
          include: [`${fixtures}/sessions`, `${fixtures}/sessions/**/*.txt`],
          ignore: [`${fixtures}/**/draft-*.yaml`],
          formats: ['table', `sarif=${fixtures}/reports/run.sarif`],
          output: `${fixtures}/reports/out.txt`,
          failOn: 'error',
          maxPitfalls: 3,
          strict: true,
          redact: true,
          details: false,
          maxBytes: 2 * 1024 * 1024,
          columns: { speaker: 'Who', text: 'Said' },
        },
        sources: {
          rules: at(2),
          severity: at(3),
          disable: at(5),
          roles: at(6),
          include: at(9),
          ignore: at(10),
          formats: at(11),
          output: at(12),
          failOn: at(13),
          maxPitfalls: at(14),
          strict: at(15),
          redact: at(16),
          details: at(17),
          maxBytes: at(18),
          columns: at(19),
        },
      },
    });
  });

  test.each([
    {
      file: 'bad-schema.yaml',
      problems: [
        'test/fixtures/config/bad-schema.yaml:2:10: fail-on: got "warn", did you mean "warning"?',
        'test/fixtures/config/bad-schema.yaml:3:15: max-pitfalls: got -1, expected at least 0',
        'test/fixtures/config/bad-schema.yaml:4:9: strict: got "yes", expected true or false',
        'test/fixtures/config/bad-schema.yaml:6:14: roles.therapist: got a mapping, expected a string or a list',
        'test/fixtures/config/bad-schema.yaml:7:3: roles.clients: unknown key "clients" (did you mean "client"?)',
        'test/fixtures/config/bad-schema.yaml:8:16: format[1]: got "xml", expected one of table, json, jsonl, sarif, junit, github, markdown, html',
        'test/fixtures/config/bad-schema.yaml:8:21: format[2]: got "sarif=", did you mean "sarif"?',
        'test/fixtures/config/bad-schema.yaml:9:1: colour: unknown key "colour" (expected one of rules, severity, disable, roles, include, ignore, format, output, fail-on, max-pitfalls, strict, redact, details, max-file-size, columns, sessions)',
        'test/fixtures/config/bad-schema.yaml:11:15: severity.false-hope: got "critical", expected one of info, warning, error',
      ],
    },
    {
      file: 'bad-values.yaml',
      problems: [
        'test/fixtures/config/bad-values.yaml:1:16: max-file-size: got "0MB", expected a size such as 512k, 10MB or 2000000',
        'test/fixtures/config/bad-values.yaml:4:12: roles.client[0]: "sam" is also a therapist label; give each label one role',
      ],
    },
    {
      file: 'bad-yaml.yaml',
      problems: ['test/fixtures/config/bad-yaml.yaml:3:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    },
    {
      file: 'missing.yaml',
      problems: ['test/fixtures/config/missing.yaml:1:1: cannot read config file: no such file'],
    },
    // A number past the largest double was reported as "got null" (JSON's spelling of Infinity).
    {
      file: 'huge-number.yaml',
      problems: ['test/fixtures/config/huge-number.yaml:1:15: max-pitfalls: got Infinity, expected a whole number'],
    },
    // The YAML library's advice came through: "please use YAML.parseAllDocuments()".
    {
      file: 'two-docs.yaml',
      problems: ['test/fixtures/config/two-docs.yaml:3:1: invalid YAML: a second document (after `---`); the file holds one mapping'],
    },
    // A merge key was "unknown key \"<<\"". A value a merge key brings is named where it is written, for each entry that has it.
    {
      file: 'merge-keys-bad.yaml',
      problems: [
        'test/fixtures/config/merge-keys-bad.yaml:5:11: sessions[0].date: got "2026-3-2", expected to match ^\\d{4}-\\d{2}-\\d{2}$',
        'test/fixtures/config/merge-keys-bad.yaml:5:11: sessions[1].date: got "2026-3-2", expected to match ^\\d{4}-\\d{2}-\\d{2}$',
      ],
    },
    {
      file: 'merge-keys-roles.yaml',
      problems: ['test/fixtures/config/merge-keys-roles.yaml:2:17: roles.client[0]: "sam" is also a therapist label; give each label one role'],
    },
    // An alias was "got an alias". A problem in an aliased value is named where it is written, for each entry that uses it.
    {
      file: 'aliases-bad.yaml',
      problems: [
        'test/fixtures/config/aliases-bad.yaml:3:17: sessions[0].date: got "2026-3-2", expected to match ^\\d{4}-\\d{2}-\\d{2}$',
        'test/fixtures/config/aliases-bad.yaml:3:17: sessions[1].date: got "2026-3-2", expected to match ^\\d{4}-\\d{2}-\\d{2}$',
      ],
    },
    // Node's own text came through: "EISDIR: illegal operation on a directory, read".
    {
      file: '.',
      problems: ['test/fixtures/config:1:1: cannot read config file: is a directory, not a file'],
    },
  ])('$file: every problem, in file order, with its position', ({ file, problems }) => {
    expect(messages(file)).toEqual(problems);
  });

  // `therapist: Dr. Reyes` was "expected a list": one label is written as a string.
  test('a role given one label as a string reads as a one-label list', () => {
    expect(valuesOf('roles-one-label.yaml').roles).toEqual({ therapist: ['Dr. Reyes'], client: ['Sam'] });
  });

  test('a one-label client that is also a therapist label is named where it is written', () => {
    expect(messages('roles-one-label-both.yaml')).toEqual([
      'test/fixtures/config/roles-one-label-both.yaml:3:11: roles.client: "sam" is also a therapist label; give each label one role',
    ]);
  });

  test('a config with anchors and merge keys reads as the same config written out', () => {
    expect(valuesOf('merge-keys.yaml')).toEqual(valuesOf('merge-keys-written.yaml'));
    expect(valuesOf('merge-keys.yaml').sessions).toEqual([
      { files: 'test/fixtures/config/lee/march/*', therapist: 'Dr. Lee', date: '2026-03-02' },
      { files: 'test/fixtures/config/lee/april/*', therapist: 'Dr. Lee', date: '2026-04-06' },
    ]);
  });

  test('a config with anchors and aliases reads as the same config written out', () => {
    expect(valuesOf('aliases.yaml')).toEqual(valuesOf('aliases-written.yaml'));
    expect(valuesOf('aliases.yaml').sessions?.map((entry) => entry.therapist)).toEqual(['Dr. Lee', 'Dr. Lee']);
  });

  test('a problem found after the schema check, in an aliased value, is named where the value is written', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'reassure-config-alias-'));
    try {
      writeFileSync(path.join(dir, 'c.yaml'), 'roles:\n  therapist: &names [Sam]\n  client: *names\n');
      const result = loadConfigFile(path.join(dir, 'c.yaml'), dir);
      expect(result.ok ? [] : result.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
        '2:22: roles.client[0]: "Sam" is also a therapist label; give each label one role',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // `properties.constructor` is Object's: such keys passed the schema as known and were kept.
  test.each([
    { key: '__proto__', body: '{therapist: Mallory}' },
    { key: 'constructor', body: 'x' },
    { key: 'toString', body: 'x' },
  ])('a `$key` key, at the top or in a `sessions:` entry, is an unknown key', ({ key, body }) => {
    expect(problemsOf(`${key}: ${body}\nsessions:\n  - files: a.txt\n    ${key}: ${body}\n`).map((p) => p.split(' (')[0])).toEqual([
      `1:1: ${key}: unknown key "${key}"`,
      `4:5: sessions[0].${key}: unknown key "${key}"`,
    ]);
  });

  // The schema's pattern took any digits: month 13 or 30 February went into the trend charts.
  test.each([
    { date: '2026-13-45', problems: ['3:11: sessions[0].date: got "2026-13-45", expected a date on the calendar (YYYY-MM-DD)'] },
    { date: '2026-02-30', problems: ['3:11: sessions[0].date: got "2026-02-30", expected a date on the calendar (YYYY-MM-DD)'] },
    { date: '2025-02-29', problems: ['3:11: sessions[0].date: got "2025-02-29", expected a date on the calendar (YYYY-MM-DD)'] },
    { date: '2026-00-10', problems: ['3:11: sessions[0].date: got "2026-00-10", expected a date on the calendar (YYYY-MM-DD)'] },
    { date: '2024-02-29', problems: [] },
    { date: '2026-12-31', problems: [] },
  ])('a `sessions:` date $date', ({ date, problems }) => {
    expect(problemsOf(`sessions:\n  - files: a.txt\n    date: ${date}\n`)).toEqual(problems);
  });

  test('a file with nothing but comments is a valid empty config', () => {
    const file = `${fixtures}/empty.yaml`;
    expect(loadConfigFile(file, cwd)).toEqual({ ok: true, config: { file, values: {}, sources: {} } });
  });

  test.each([
    {
      config: 'proj/.reassurerc.yaml',
      from: 'proj',
      values: {
        rules: 'team.yaml',
        include: ['sessions', 'sessions/*.txt', '/abs/path.txt'],
        ignore: ['**/draft-*'],
        formats: ['json', 'sarif=out/run.sarif'],
        output: 'out/report.txt',
      },
    },
    {
      config: 'proj/.reassurerc.yaml',
      from: 'proj/sub',
      values: {
        rules: '../team.yaml',
        include: ['../sessions', '../sessions/*.txt', '/abs/path.txt'],
        ignore: ['../**/draft-*'],
        formats: ['json', 'sarif=../out/run.sarif'],
        output: '../out/report.txt',
      },
    },
    {
      config: 'proj/.reassurerc.yaml',
      from: '.',
      values: {
        rules: 'proj/team.yaml',
        include: ['proj/sessions', 'proj/sessions/*.txt', '/abs/path.txt'],
        ignore: ['proj/**/draft-*'],
        formats: ['json', 'sarif=proj/out/run.sarif'],
        output: 'proj/out/report.txt',
      },
    },
    {
      config: 'odd(dir)/.reassurerc.yaml',
      from: '.',
      values: { include: ['odd\\(dir\\)/*.txt', 'odd(dir)/plain.txt'] },
    },
  ])('$config from $from: paths and globs keep meaning what they meant next to the config file', ({ config, from, values }) => {
    const result = loadConfigFile(path.join(root, config), path.join(root, from));
    expect(result.ok && result.config.values).toEqual(values);
  });
});

describe('rebased paths with the real discovery', () => {
  const missing = [{ file: '/abs/path.txt', message: 'no such file or directory' }];
  test.each([
    { config: 'proj/.reassurerc.yaml', from: 'proj/sub', files: ['proj/sessions/one.txt'], problems: missing },
    { config: 'proj/.reassurerc.yaml', from: '.', files: ['proj/sessions/one.txt'], problems: missing },
    { config: 'odd(dir)/.reassurerc.yaml', from: '.', files: ['odd(dir)/other.txt', 'odd(dir)/plain.txt'], problems: [] },
  ])('$config from $from: include and ignore find $files', async ({ config, from, files, problems }) => {
    const result = loadConfigFile(path.join(root, config), path.join(root, from));
    if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
    const { include = [], ignore = [] } = result.config.values;
    const found = await discoverInputs(include, { cwd: path.join(root, from), ignore });
    expect({ files: found.files.map((file) => path.relative(root, file)), problems: found.problems }).toEqual({ files, problems });
  });
});

describe('the JSON Schema and the loader agree', () => {
  const schema = JSON.parse(readFileSync(CONFIG_SCHEMA_PATH, 'utf8')) as { properties: Record<string, unknown> };
  // JSON Schema's `date` format (RFC 3339 full-date), as editors check it: a day on the calendar.
  const isFullDate = (text: string): boolean => {
    const [year = 0, month = 0, day = 0] = text.split('-').map(Number);
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && days !== undefined && day >= 1 && day <= days;
  };
  const validate = new Ajv({ allErrors: true, strict: false, formats: { date: isFullDate } }).compile(schema);
  const schemaAccepts = (file: string): boolean => validate(parse(readFileSync(path.join(fixtures, file), 'utf8')) ?? {});

  test.each([
    ['good.yaml', true],
    ['empty.yaml', true],
    ['bad-schema.yaml', false],
    ['roles-one-label.yaml', true],
    // The schema gave a sessions date digits only: 30 February passed it, and the loader refused it.
    ['sessions-leap-day.yaml', true],
    ['sessions-off-calendar.yaml', false],
  ])('%s: schema accepts = %s, and so does the loader', (file, accepted) => {
    expect({ schema: schemaAccepts(file), loader: loadConfigFile(path.join(fixtures, file), cwd).ok }).toEqual({ schema: accepted, loader: accepted });
  });

  test('a file the schema accepts may still fail checks beyond it (sizes, a label in two roles)', () => {
    expect({ schema: schemaAccepts('bad-values.yaml'), loader: loadConfigFile(path.join(fixtures, 'bad-values.yaml'), cwd).ok }).toEqual({
      schema: true,
      loader: false,
    });
  });

  test('the schema has one property per setting, in print-config order', () => {
    expect(Object.keys(schema.properties)).toEqual(Object.values(CONFIG_KEYS));
  });

  test('the schema lists exactly the registered format names', () => {
    const format = schema.properties.format as { items: { anyOf: [{ enum: string[] }, { pattern: string }] } };
    expect({ names: format.items.anyOf[0].enum, pattern: format.items.anyOf[1].pattern }).toEqual({
      names: FORMAT_NAMES,
      pattern: `^(${FORMAT_NAMES.join('|')})=.+$`,
    });
  });
});
