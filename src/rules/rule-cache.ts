/**
 * An on-disk cache of parsed, schema-checked rule files, so that start-up skips YAML
 * parsing and the schema check. Entries are plain data (the merged definitions, never
 * compiled matchers), keyed by the top rule file's path, and checked against a SHA-256 of
 * the content of every file in its `extends` chain, the rules schema and the tool version:
 * any change is a miss. A missing, unreadable or corrupt entry is a miss too, so the folder
 * is safe to delete. The folder is the user's own (mode 0700) and is not used when another
 * user owns it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { TOOL } from '../report/run-report.js';
import { fileURLToPath } from 'node:url';
import { compileRules, type CompileResult } from './compile.js';
import type { CompiledPhrase } from './phrase.js';
import { WORD_FORMS_PATH } from './word-forms.js';
import { DEFAULT_MAX_RULE_BYTES, RULES_SCHEMA_PATH, loadRuleFiles, type LoadResult, type LoadedRuleFile, type MergedRule } from './load.js';
import type { RuleFileDef } from './types.js';

/** Bumped when the entry's shape changes. */
const ENTRY_VERSION = 1;

/** One cached rule file: where it is, what it held, and the hash of its text. */
interface CachedFile {
  absolutePath: string;
  sha256: string;
  def: RuleFileDef;
}

/** A cached load: `loadRuleFiles`' result as plain data, layers pointing at files by index. */
interface CacheEntry {
  version: number;
  stamp: string;
  files: CachedFile[];
  cues: RuleFileDef['cues'];
  settings: RuleFileDef['settings'];
  rules: { def: MergedRule['def']; layers: { file: number; index: number }[] }[];
}

/**
 * The per-user cache folder: `$XDG_CACHE_HOME/reassure`, `~/Library/Caches/reassure` on
 * macOS, `%LOCALAPPDATA%\reassure\Cache` on Windows, `~/.cache/reassure` elsewhere;
 * `undefined` when the environment names no home.
 */
export function resolveCacheDirectory(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.XDG_CACHE_HOME) return path.join(env.XDG_CACHE_HOME, 'reassure');
  if (platform === 'win32') return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, 'reassure', 'Cache') : undefined;
  const home = env.HOME ?? (platform === 'darwin' ? homedir() : undefined);
  if (!home) return undefined;
  return platform === 'darwin' ? path.join(home, 'Library', 'Caches', 'reassure') : path.join(home, '.cache', 'reassure');
}

/**
 * `loadRuleSet` with the rule files read through the cache (`directory` undefined: no
 * cache), and the compiled phrases too: each phrase's regex source and anchor words, by
 * its normalised text, in a second entry checked against the tool version and the size and
 * time of the modules and the word-forms table that compile them. Only the phrases the
 * rule set used are written back, so the entry does not grow as phrases are edited.
 */
export function loadRuleSetCached(rulesPath: string, cwd: string, directory: string | undefined, maxBytes = DEFAULT_MAX_RULE_BYTES): CompileResult {
  const loaded = loadRuleFilesCached(rulesPath, cwd, directory, maxBytes);
  if (!loaded.ok) return loaded;
  if (directory === undefined) return compileRules(loaded.files, loaded.cues ?? {}, loaded.settings ?? {}, loaded.rules, loaded.problems);
  const absolute = path.resolve(cwd, rulesPath);
  const memoPath = path.join(directory, `phrases-${hash(`${ENTRY_VERSION}\0${absolute}`).slice(0, 32)}.json`);
  const stamp = computePhraseStamp();
  const known = readPhraseMemo(memoPath, stamp);
  const memo = { known, used: new Map<string, CompiledPhrase>() };
  const result = compileRules(loaded.files, loaded.cues ?? {}, loaded.settings ?? {}, loaded.rules, loaded.problems, memo);
  const changed = memo.used.size !== known.size || [...memo.used.keys()].some((key) => !known.has(key));
  if (result.ok && changed) writeJson(directory, memoPath, { version: ENTRY_VERSION, stamp, phrases: [...memo.used] });
  return result;
}

// What compiles a phrase: this version, the phrase and word-form modules and the word-forms table.
function computePhraseStamp(): string {
  const parts = [TOOL.version, WORD_FORMS_PATH, ...PHRASE_MODULES.map((module) => fileURLToPath(new URL(module, import.meta.url)))].map((part) => {
    if (part === TOOL.version) return part;
    const info = statSyncOrNull(part);
    return info ? `${info.size}:${info.mtimeMs}` : 'missing';
  });
  return hash(parts.join('\0'));
}

/** The modules whose code decides how a phrase compiles (as built, or as sources under test). */
const PHRASE_MODULES = ['./phrase', './word-forms'].map((name) => (import.meta.url.endsWith('.ts') ? `${name}.ts` : `${name}.js`));

function statSyncOrNull(file: string): { size: number; mtimeMs: number } | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function readPhraseMemo(memoPath: string, stamp: string): Map<string, CompiledPhrase> {
  try {
    if (!isOwnDirectory(path.dirname(memoPath))) return new Map();
    const entry = JSON.parse(readFileSync(memoPath, 'utf8')) as { version?: number; stamp?: string; phrases?: [string, CompiledPhrase][] };
    return entry.version === ENTRY_VERSION && entry.stamp === stamp && Array.isArray(entry.phrases) ? new Map(entry.phrases) : new Map();
  } catch {
    return new Map();
  }
}

/** `loadRuleFiles`, answered from the cache when every file involved is unchanged. */
export function loadRuleFilesCached(rulesPath: string, cwd: string, directory: string | undefined, maxBytes = DEFAULT_MAX_RULE_BYTES): LoadResult {
  if (directory === undefined) return loadRuleFiles(rulesPath, cwd, maxBytes);
  const absolute = path.resolve(cwd, rulesPath);
  const entryPath = path.join(directory, `rules-${hash(`${ENTRY_VERSION}\0${absolute}`).slice(0, 32)}.json`);
  const stamp = computeStamp();
  const hit = readEntry(entryPath, stamp, cwd, maxBytes);
  if (hit) return hit;
  const loaded = loadRuleFiles(rulesPath, cwd, maxBytes);
  if (loaded.ok && loaded.problems.length === 0) writeJson(directory, entryPath, toEntry(loaded, stamp));
  return loaded;
}

function computeStamp(): string {
  return hash(`${TOOL.version}\0${readFileSync(RULES_SCHEMA_PATH, 'utf8')}`);
}

// A file over the size limit is a miss, so the loader reports it as without the cache.
function readEntry(entryPath: string, stamp: string, cwd: string, maxBytes: number): LoadResult | undefined {
  let entry: CacheEntry;
  try {
    if (!isOwnDirectory(path.dirname(entryPath))) return undefined;
    entry = JSON.parse(readFileSync(entryPath, 'utf8')) as CacheEntry;
  } catch {
    return undefined;
  }
  if (entry.version !== ENTRY_VERSION || entry.stamp !== stamp) return undefined;
  const files: LoadedRuleFile[] = [];
  for (const cached of entry.files) {
    let text: string;
    try {
      text = readFileSync(cached.absolutePath, 'utf8');
    } catch {
      return undefined;
    }
    if (Buffer.byteLength(text) > maxBytes || hash(text) !== cached.sha256) return undefined;
    files.push(restoreFile(cached, text, cwd));
  }
  const rules = entry.rules.map((rule) => ({
    def: rule.def,
    layers: rule.layers.map((layer) => ({ source: files[layer.file] as LoadedRuleFile, index: layer.index })),
  }));
  return { ok: true, files, cues: entry.cues, settings: entry.settings, rules, problems: [] };
}

// The YAML document is parsed again only if a problem must be located in it.
function restoreFile(cached: CachedFile, text: string, cwd: string): LoadedRuleFile {
  let parsed: { document: LoadedRuleFile['document']; lineCounter: LineCounter } | undefined;
  const parse = (): NonNullable<typeof parsed> => {
    const lineCounter = new LineCounter();
    parsed ??= { document: parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false }), lineCounter };
    return parsed;
  };
  const relative = path.relative(cwd, cached.absolutePath);
  return {
    file: (relative === '' ? cached.absolutePath : relative).split(path.sep).join('/'),
    absolutePath: cached.absolutePath,
    def: cached.def,
    get document() {
      return parse().document;
    },
    get lineCounter() {
      return parse().lineCounter;
    },
  };
}

function toEntry(loaded: Extract<LoadResult, { ok: true }>, stamp: string): CacheEntry {
  const index = new Map(loaded.files.map((file, i) => [file, i]));
  return {
    version: ENTRY_VERSION,
    stamp,
    files: loaded.files.map((file) => ({ absolutePath: file.absolutePath, sha256: hash(readFileSync(file.absolutePath, 'utf8')), def: file.def })),
    cues: loaded.cues,
    settings: loaded.settings,
    rules: loaded.rules.map((rule) => ({ def: rule.def, layers: rule.layers.map((layer) => ({ file: index.get(layer.source) ?? 0, index: layer.index })) })),
  };
}

// A cache that cannot be written is no cache: the run goes on without it.
function writeJson(directory: string, entryPath: string, value: unknown): void {
  const temporary = `${entryPath}.${randomUUID()}.tmp`;
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
    if (!isOwnDirectory(directory)) return;
    writeFileSync(temporary, JSON.stringify(value), { mode: 0o600, flag: 'wx' });
    renameSync(temporary, entryPath);
  } catch {
    rmSync(temporary, { force: true });
  }
}

function isOwnDirectory(directory: string): boolean {
  const info = statSync(directory);
  return info.isDirectory() && (process.getuid === undefined || info.uid === process.getuid());
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
