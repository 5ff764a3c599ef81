import { describe, expect, test } from 'vitest';
import {
  formatEffectiveConfig,
  formatEffectiveConfigJson,
  resolveEffectiveConfig,
  type SettingOrigin,
} from '../../src/config/effective-config.js';
import type { LoadedConfig } from '../../src/config/load-config.js';
import { createDefaultSettings, SETTING_KEYS, type Settings, type SettingKey } from '../../src/config/settings.js';

const file = '.reassurerc.yaml';
const at = (line: number) => ({ file, line, column: 1 });

/** A config as the loader returns it (paths already relative to the working directory). */
const config: LoadedConfig = {
  file,
  values: {
    rules: 'rules/team.yaml',
    severity: { 'false-hope': 'error', invalidation: 'info' },
    disable: ['education'],
    roles: { therapist: ['Dr. Reyes'], client: ['Sam'] },
    include: ['sessions'],
    ignore: ['sessions/drafts/**'],
    formats: ['sarif=ci.sarif'],
    failOn: 'error',
    strict: true,
    columns: { speaker: 'Who', text: 'Said' },
  },
  sources: {
    rules: at(2),
    severity: at(3),
    disable: at(6),
    roles: at(7),
    include: at(10),
    ignore: at(11),
    formats: at(12),
    failOn: at(13),
    strict: at(14),
    columns: at(15),
  },
};

const fromConfig = (line: number): SettingOrigin => ({ from: ['config'], file, line });
const merged = (line: number): SettingOrigin => ({ from: ['config', 'command line'], file, line });
const commandLine: SettingOrigin = { from: ['command line'] };
const byDefault: SettingOrigin = { from: ['default'] };

describe('resolveEffectiveConfig', () => {
  test.each<{ name: string; cli: Partial<Settings>; key: SettingKey; value: unknown; origin: SettingOrigin }>([
    { name: 'default when neither sets it', cli: {}, key: 'details', value: false, origin: byDefault },
    { name: 'config over default', cli: {}, key: 'failOn', value: 'error', origin: fromConfig(13) },
    { name: 'command line over config', cli: { failOn: 'never' }, key: 'failOn', value: 'never', origin: commandLine },
    { name: 'command line over default', cli: { maxPitfalls: 0 }, key: 'maxPitfalls', value: 0, origin: commandLine },
    { name: 'false on the command line is given', cli: { strict: false }, key: 'strict', value: false, origin: commandLine },
    { name: 'command-line rules replace the config file', cli: { rules: 'mine.yaml' }, key: 'rules', value: 'mine.yaml', origin: commandLine },
    { name: 'paths on the command line replace include', cli: { include: ['today.txt'] }, key: 'include', value: ['today.txt'], origin: commandLine },
    { name: 'formats on the command line replace the config', cli: { formats: ['json'] }, key: 'formats', value: ['json'], origin: commandLine },
    {
      name: 'ignore globs add up',
      cli: { ignore: ['*.bak', 'sessions/drafts/**'] },
      key: 'ignore',
      value: ['sessions/drafts/**', '*.bak'],
      origin: merged(11),
    },
    {
      name: 'roles add up',
      cli: { roles: { therapist: ['Dr. Okafor'], client: ['Alex'] } },
      key: 'roles',
      value: { therapist: ['Dr. Reyes', 'Dr. Okafor'], client: ['Sam', 'Alex'] },
      origin: merged(7),
    },
    {
      name: 'a label the command line gives a role leaves the config’s other role',
      cli: { roles: { therapist: ['sam'], client: [] } },
      key: 'roles',
      value: { therapist: ['Dr. Reyes', 'sam'], client: [] },
      origin: merged(7),
    },
    {
      name: 'severity overrides combine per rule, the command line winning',
      cli: { severity: { invalidation: 'error' } },
      key: 'severity',
      value: { 'false-hope': 'error', invalidation: 'error' },
      origin: merged(3),
    },
    { name: 'disabled rules add up', cli: { disable: ['empathy'] }, key: 'disable', value: ['education', 'empathy'], origin: merged(6) },
    {
      name: 'columns combine per column',
      cli: { columns: { text: 'Utterance' } },
      key: 'columns',
      value: { speaker: 'Who', text: 'Utterance' },
      origin: merged(15),
    },
    {
      name: 'empty repeatable flags count as not given',
      cli: { roles: { therapist: [], client: [] } },
      key: 'roles',
      value: { therapist: ['Dr. Reyes'], client: ['Sam'] },
      origin: fromConfig(7),
    },
    { name: 'an empty list on the command line is not given', cli: { formats: [] }, key: 'formats', value: ['sarif=ci.sarif'], origin: fromConfig(12) },
  ])('$name', ({ cli, key, value, origin }) => {
    const result = resolveEffectiveConfig(cli, config, createDefaultSettings());
    expect({ value: result.settings[key], origin: result.origin[key] }).toEqual({ value, origin });
  });

  test('without a config file or flags: the defaults, each from "default"', () => {
    const defaults = createDefaultSettings();
    expect(resolveEffectiveConfig({}, undefined, defaults)).toEqual({
      settings: defaults,
      origin: Object.fromEntries(SETTING_KEYS.map((key) => [key, byDefault])),
      file: undefined,
    });
  });
});

describe('formatEffectiveConfig', () => {
  const result = resolveEffectiveConfig(
    { failOn: 'never', roles: { therapist: ['Sam'], client: [] }, maxBytes: 1024 },
    config,
    createDefaultSettings(),
  );

  test('one aligned line per setting: its config-file key, value and where it came from', () => {
    expect(formatEffectiveConfig(result)).toBe(
      [
        'config file: .reassurerc.yaml',
        '',
        'rules          rules/team.yaml                            .reassurerc.yaml:2',
        'severity       false-hope: error; invalidation: info      .reassurerc.yaml:3',
        'disable        education                                  .reassurerc.yaml:6',
        'roles          therapist: Dr. Reyes, Sam; client: (none)  .reassurerc.yaml:7 + command line',
        'include        sessions                                   .reassurerc.yaml:10',
        'ignore         sessions/drafts/**                         .reassurerc.yaml:11',
        'format         sarif=ci.sarif                             .reassurerc.yaml:12',
        'output         (none)                                     default',
        'fail-on        never                                      command line',
        'max-pitfalls   (none)                                     default',
        'strict         true                                       .reassurerc.yaml:14',
        'redact         false                                      default',
        'details        false                                      default',
        'max-file-size  1KB (1024 bytes)                           command line',
        'columns        speaker: Who; text: Said                   .reassurerc.yaml:15',
        'sessions       (none)                                     default',
        '',
      ].join('\n'),
    );
  });

  // A speaker label in CJK takes two columns a character.
  test('a value in CJK keeps the origin column in line', () => {
    const lines = formatEffectiveConfig(resolveEffectiveConfig({ roles: { therapist: ['田中先生'], client: [] } }, undefined, createDefaultSettings())).split('\n');
    expect([lines[2], lines[5]]).toEqual([
      'rules          default                              default',
      'roles          therapist: 田中先生; client: (none)  command line',
    ]);
  });

  // print-config showed `10485760` where the config said `max-file-size: 10MB`.
  test('max-file-size as the config writes it, with its bytes; bytes alone when no unit fits', () => {
    const line = (maxBytes: number): string | undefined =>
      formatEffectiveConfig(resolveEffectiveConfig({ maxBytes }, undefined, createDefaultSettings())).split('\n').find((text) => text.startsWith('max-file-size'));
    expect([1.5 * 1024 * 1024, 512 * 1024, 2_000_000, 300].map(line)).toEqual([
      'max-file-size  1.5MB (1572864 bytes)              command line',
      'max-file-size  512KB (524288 bytes)               command line',
      'max-file-size  2000000 bytes                      command line',
      'max-file-size  300 bytes                          command line',
    ]);
  });

  test('without a config file or flags: every default, and no file', () => {
    expect(formatEffectiveConfig(resolveEffectiveConfig({}, undefined, createDefaultSettings()))).toBe(
      [
        'config file: (none)',
        '',
        'rules          default                            default',
        'severity       (none)                             default',
        'disable        (none)                             default',
        'roles          therapist: (none); client: (none)  default',
        'include        (none)                             default',
        'ignore         (none)                             default',
        'format         (none)                             default',
        'output         (none)                             default',
        'fail-on        warning                            default',
        'max-pitfalls   (none)                             default',
        'strict         false                              default',
        'redact         false                              default',
        'details        false                              default',
        'max-file-size  10MB (10485760 bytes)              default',
        'columns        (none)                             default',
        'sessions       (none)                             default',
        '',
      ].join('\n'),
    );
  });

  test('as JSON: the file, then per config-file key in schema order the value (null when unset) and its origin', () => {
    const entry = (value: unknown, origin: SettingOrigin) => ({ value, ...origin });
    expect(formatEffectiveConfigJson(result)).toBe(
      `${JSON.stringify(
        {
          file: '.reassurerc.yaml',
          settings: {
            rules: entry('rules/team.yaml', fromConfig(2)),
            severity: entry({ 'false-hope': 'error', invalidation: 'info' }, fromConfig(3)),
            disable: entry(['education'], fromConfig(6)),
            roles: entry({ therapist: ['Dr. Reyes', 'Sam'], client: [] }, merged(7)),
            include: entry(['sessions'], fromConfig(10)),
            ignore: entry(['sessions/drafts/**'], fromConfig(11)),
            format: entry(['sarif=ci.sarif'], fromConfig(12)),
            output: entry(null, byDefault),
            'fail-on': entry('never', commandLine),
            'max-pitfalls': entry(null, byDefault),
            strict: entry(true, fromConfig(14)),
            redact: entry(false, byDefault),
            details: entry(false, byDefault),
            'max-file-size': entry(1024, commandLine),
            columns: entry({ speaker: 'Who', text: 'Said' }, fromConfig(15)),
            sessions: entry([], byDefault),
          },
        },
        null,
        2,
      )}\n`,
    );
  });
});
