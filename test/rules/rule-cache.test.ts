import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { BUNDLED_NORMALISATION_PATH } from '../../src/engine/normalise.js';
import { compileSnapshot, loadRuleSetCached, resolveCacheDirectory } from '../../src/rules/rule-cache.js';
import { summarizeRules } from '../../src/rules/compile.js';
import { loadRuleFiles } from '../../src/rules/load.js';

let dir = '';
let cache = '';
let rules = '';

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'reassure-cache-'));
  cache = path.join(dir, 'cache');
  rules = path.join(dir, 'team.yaml');
  copyFileSync('test/fixtures/rules/good-extends.yaml', rules);
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The rule summaries a load gives, or its problems. */
function summarize(directory: string | undefined): unknown {
  const result = loadRuleSetCached(rules, dir, directory);
  return result.ok ? summarizeRules(result.ruleSet) : result.problems;
}

/** The rules entry in the cache folder. */
function entryPath(): string {
  const [name] = readdirSync(cache).filter((entry) => entry.startsWith('rules-'));
  return path.join(cache, name ?? '');
}

/** The rules entry as it was written: its JSON line, with the phrase sources that follow it put back in the phrase index. */
function readEntry(file: string): { verdicts: Record<string, string>; files: { stamp: string }[]; phrases?: unknown; phraseIndex: { index: { sources: string } }; normalisation: unknown } {
  const text = readFileSync(file, 'utf8');
  const end = text.indexOf('\n');
  const entry = JSON.parse(text.slice(0, end)) as ReturnType<typeof readEntry>;
  expect(entry.phraseIndex.index.sources).toBe('');
  entry.phraseIndex.index.sources = text.slice(end + 1);
  return entry;
}

/** Marks the rules entry's copy of a description, so that a load tells whether it came from there. */
function markEntry(): void {
  writeFileSync(entryPath(), readFileSync(entryPath(), 'utf8').replaceAll('Calls the client', 'From the cache: calls the client'));
}

function answeredFromEntry(): boolean {
  return (summarize(cache) as { description: string }[]).some((rule) => rule.description.startsWith('From the cache'));
}

describe('rule cache', () => {
  test('phrase sources outside ASCII are read back from the entry as written', () => {
    writeFileSync(rules, readFileSync(rules, 'utf8').replace(`minimising: ["{it's|it is} only {a|}"]`, `minimising: ["{it's|it is} only {a|}", "only 5\u20ac", "a snowman \u2603"]`));
    const sources = (): string[] => {
      const result = loadRuleSetCached(rules, dir, cache);
      if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
      return result.ruleSet.phrases.sources;
    };
    const fresh = sources();
    markEntry();
    expect({ again: sources(), fromEntry: answeredFromEntry(), outsideAscii: fresh.filter((source) => /[^\0-\x7f]/.test(source)).length }).toEqual({
      again: fresh,
      fromEntry: true,
      outsideAscii: 2,
    });
  });

  test('compiled phrases are kept beside the entry for a miss, read back as written, and a corrupt one is a miss', () => {
    const sources = (): string[] => {
      const result = loadRuleSetCached(rules, dir, cache);
      if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
      return result.ruleSet.phrases.sources;
    };
    const fresh = sources();
    const [memo] = readdirSync(cache).filter((name) => name.startsWith('phrases-'));
    if (memo === undefined) throw new Error('no phrase entry written');
    const memoPath = path.join(cache, memo);
    const entry = JSON.parse(readFileSync(memoPath, 'utf8')) as { phrases: [string, { source: string }][] };
    // Two phrases may compile to one source, which the index keeps once.
    expect([...new Set(entry.phrases.map(([, phrase]) => phrase.source))]).toEqual(fresh);
    // A hit reads its phrases from the rules entry; the phrase entry serves a miss (here: a changed rule file).
    const missRules = (): void => writeFileSync(rules, `${readFileSync(rules, 'utf8')}\n`);
    writeFileSync(memoPath, JSON.stringify({ ...entry, phrases: entry.phrases.map(([text, phrase]) => [text, { ...phrase, source: `${phrase.source}(?:marked)?` }]) }));
    missRules();
    expect(sources().every((source) => source.endsWith('(?:marked)?'))).toBe(true);
    writeFileSync(memoPath, '{ not json');
    missRules();
    expect(sources()).toEqual(fresh);
  });

  test('entries are written in ASCII and read back with the characters they escape', () => {
    writeFileSync(rules, readFileSync(rules, 'utf8').replace(`["{it's|it is} only {a|}"]`, `["{it's|it is} only {a|}", "ça ne fait rien"]`).replace("Calls the client's", "Calls the client’s"));
    const fresh = summarize(undefined);
    expect(summarize(cache)).toEqual(fresh);
    const entries = readdirSync(cache).map((name) => readFileSync(path.join(cache, name), 'utf8'));
    expect([entries.length, entries.filter((text) => /^[\0-\x7f]*$/.test(text)).length, summarize(cache)]).toEqual([2, 2, fresh]);
  });

  test('a second load is answered from one private entry and gives the same rules', () => {
    const fresh = summarize(undefined);
    expect(summarize(cache)).toEqual(fresh);
    const entries = readdirSync(cache).filter((name) => name.startsWith('rules-'));
    expect(entries).toHaveLength(1);
    const entry = path.join(cache, entries[0] ?? '');
    writeFileSync(entry, readFileSync(entry, 'utf8').replaceAll('Calls the client', 'From the cache: calls the client'));
    expect([summarize(cache), statSync(cache).mode & 0o777, statSync(entry).mode & 0o777]).toEqual([
      (fresh as { description: string }[]).map((rule) => (rule.description === "Calls the client's problem small." ? { ...rule, description: "From the cache: calls the client's problem small." } : rule)),
      0o700,
      0o600,
    ]);
  });

  test('the entry keeps the regex safety verdicts and the normalisation table, and its snapshot compiles to the same rules without the files', () => {
    const fresh = loadRuleSetCached(rules, dir, cache);
    if (!fresh.ok) throw new Error('the fixture does not load');
    const entryName = readdirSync(cache).find((name) => name.startsWith('rules-')) ?? '';
    const entry = readEntry(path.join(cache, entryName));
    const moved = path.join(dir, 'moved.yaml');
    renameSync(rules, moved);
    const fromSnapshot = compileSnapshot(fresh.snapshot, dir);
    expect({
      verdicts: Object.keys(entry.verdicts).length > 0 && Object.values(entry.verdicts).every((verdict) => verdict === ''),
      snapshot: fresh.snapshot.verdicts,
      rules: fromSnapshot.ok ? summarizeRules(fromSnapshot.ruleSet) : fromSnapshot.problems,
      // The entry keeps the phrase index, and workers are handed it with the snapshot.
      storedIndex: entry.phraseIndex,
      // The compiled phrases by normalised text are the phrase entry's, not the rules entry's.
      storedPhrases: entry.phrases,
      // A warm start and a worker read the bundled table from here, not from its YAML.
      normalisation: entry.normalisation,
    }).toEqual({
      verdicts: true,
      snapshot: entry.verdicts,
      rules: summarizeRules(fresh.ruleSet),
      storedIndex: fresh.snapshot.phraseIndex,
      storedPhrases: undefined,
      normalisation: parse(readFileSync(BUNDLED_NORMALISATION_PATH, 'utf8')),
    });
  });

  // The entry keeps each phrase normalised and indexed, so the code that does either is part of its stamp.
  // The schema and the bundled normalisation table count by their size and time, as those modules do.
  test.each(['src/engine/normalise.ts', 'src/rules/text-pattern.ts', 'schema/rules.schema.json', 'rules/normalisation.yaml'])('a change to %s is a miss', (file) => {
    summarize(cache);
    markEntry();
    const before = statSync(file);
    try {
      utimesSync(file, before.atime, new Date(before.mtimeMs + 1000));
      expect(answeredFromEntry()).toBe(false);
    } finally {
      utimesSync(file, before.atime, before.mtime);
    }
  });

  test('a settled rule file is known by its size, time and inode; touched, by its text; changed, it is a miss', () => {
    const daysAgo = (days: number): Date => new Date(Date.now() - days * 86_400_000);
    utimesSync(rules, daysAgo(2), daysAgo(2));
    summarize(cache);
    const stamps = (): string[] => readEntry(entryPath()).files.map((file) => file.stamp);
    const settled = stamps().every((stamp) => /^\d+:[\d.]+:[\d.]+:\d+$/.test(stamp));
    markEntry();
    utimesSync(rules, daysAgo(1), daysAgo(1));
    const touched = answeredFromEntry();
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('name: Minimising', 'name: Minimizing'));
    utimesSync(rules, daysAgo(1), daysAgo(1));
    const changed = (summarize(cache) as { id: string; name: string }[]).find((rule) => rule.id === 'minimising')?.name;
    expect({ settled, touched, changed }).toEqual({ settled: true, touched: true, changed: 'Minimizing' });
  });

  test('a rule file rewritten in place at its old size and set back to its old date (as installers and `cp -p` do) is a miss', () => {
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(rules, old, old);
    summarize(cache);
    const before = statSync(rules);
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('name: Minimising', 'name: Minimizing'));
    utimesSync(rules, old, old);
    const after = statSync(rules);
    const name = (summarize(cache) as { id: string; name: string }[]).find((rule) => rule.id === 'minimising')?.name;
    expect({ same: [after.size, after.mtimeMs, after.ino], name }).toEqual({ same: [before.size, before.mtimeMs, before.ino], name: 'Minimizing' });
  });

  test('an entry made for another path is a miss', () => {
    summarize(cache);
    markEntry();
    writeFileSync(entryPath(), readFileSync(entryPath(), 'utf8').replace(`"path":${JSON.stringify(rules)}`, `"path":${JSON.stringify(`${rules}.other`)}`));
    expect(answeredFromEntry()).toBe(false);
  });

  test('a changed rule file is a miss', () => {
    summarize(cache);
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('name: Minimising', 'name: Making it small'));
    expect((summarize(cache) as { id: string; name: string }[]).find((rule) => rule.id === 'minimising')?.name).toBe('Making it small');
  });

  test('a corrupt or deleted entry is a miss', () => {
    const fresh = summarize(undefined);
    summarize(cache);
    for (const entry of readdirSync(cache)) writeFileSync(path.join(cache, entry), '{not json');
    expect(summarize(cache)).toEqual(fresh);
    rmSync(cache, { recursive: true });
    expect(summarize(cache)).toEqual(fresh);
  });

  test('rule files at many paths leave the 32 most recently written entries of each kind', () => {
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const old = new Date(Date.UTC(2020, 0, 1));
    for (let i = 0; i < 40; i++) {
      for (const kind of ['rules', 'phrases']) {
        const file = path.join(cache, `${kind}-stale${String(i).padStart(2, '0')}.json`);
        writeFileSync(file, '{}');
        utimesSync(file, old, new Date(old.getTime() + i * 1000));
      }
    }
    summarize(cache);
    const names = readdirSync(cache);
    const kept = (kind: string): string[] => names.filter((name) => name.startsWith(`${kind}-`)).sort();
    expect([kept('rules').length, kept('phrases').length]).toEqual([32, 32]);
    // The new entries are the most recent, so the nine oldest stale ones of each kind went.
    expect(kept('rules').filter((name) => !name.includes('stale'))).toHaveLength(1);
    expect(kept('rules').filter((name) => name.includes('stale'))[0]).toBe('rules-stale09.json');
  });

  test('problems found after the cache still point into the file', () => {
    writeFileSync(rules, readFileSync(rules, 'utf8').replace('cue: minimising', 'cue: no-such-cue'));
    const fresh = summarize(undefined);
    summarize(cache);
    expect(summarize(cache)).toEqual(fresh);
    expect(loadRuleFiles(rules, dir).ok).toBe(true);
  });

  test.each([
    [{ XDG_CACHE_HOME: '/x' }, 'linux', '/x/reassure'],
    [{ HOME: '/home/a' }, 'linux', '/home/a/.cache/reassure'],
    // A relative one would put the cache in whatever folder the run starts in (an audited one: its .json entries read as transcripts).
    [{ XDG_CACHE_HOME: 'cache', HOME: '/home/a' }, 'linux', '/home/a/.cache/reassure'],
    [{ XDG_CACHE_HOME: 'cache' }, 'linux', undefined],
    [{ HOME: '/Users/a' }, 'darwin', '/Users/a/Library/Caches/reassure'],
    [{}, 'linux', undefined],
  ] as const)('cache folder for %j on %s', (env, platform, expected) => {
    expect(resolveCacheDirectory(env, platform)).toBe(expected);
  });
});
