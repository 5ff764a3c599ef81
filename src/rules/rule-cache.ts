/**
 * An on-disk cache of parsed, schema-checked rule files, so that start-up skips YAML
 * parsing, the schema check and the safety check of authors' regexes. Entries are plain
 * data (the rule files' definitions, the regexes' verdicts and needs, the bundled normalisation
 * table as parsed and the rule set's phrase index with each phrase as written, never compiled
 * matchers), the same snapshot worker threads are given, keyed by the top rule file's path,
 * and checked against every file in its `extends` chain (its size, time and inode, or when
 * those changed or had only just, the SHA-256 of its text), the size and time of the rules
 * schema and the normalisation table, the tool version and the code stamp of the phrase entry
 * below: any change is a miss. Beside it, a second entry keeps the compiled phrases (each
 * one's regex source and anchor words), checked against the tool version and the modules and
 * word-forms table that compile phrases; only a miss reads it. A missing, unreadable or
 * corrupt entry is a miss too, so the folder is safe to delete. The folder is the user's own
 * (mode 0700) and is not used when another user owns it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOwnDirectory, keyOf, pruneCacheFiles, stampFile, stampSettledFile, stampShippedFile, writeCacheFile } from '../cache-directory.js';
import { sha256 } from '../lazy-crypto.js';
import { TOOL } from '../report/run-report.js';
import { parseYamlFile } from '../yaml-document.js';
import { compileRules, type CompiledRuleSet } from './compile.js';
import { DEFAULT_MAX_RULE_BYTES, RULES_SCHEMA_PATH, loadRuleFiles, type LoadResult, type LoadedRuleFile, type MergedRule, type RuleProblem } from './load.js';
import type { PhraseMemo, WrittenPhrase } from './matchers/text.js';
import type { CompiledPhrase } from './phrase.js';
import { restorePhraseIndex, storePhraseIndex, type PhraseIndex, type StoredPhraseIndex } from './text-pattern.js';
import { exportRegexNeeds, importRegexNeeds, type RegexNeeds } from './regex-needs.js';
import { exportSafetyVerdicts, importSafetyVerdicts } from './regex-safety.js';
import { WORD_FORMS_PATH } from './word-forms.js';
import { BUNDLED_NORMALISATION_PATH, readBundledNormalisationTable, useBundledNormalisationTable } from '../engine/normalise.js';
import type { RuleFileDef } from './types.js';

/** Bumped when the entry's shape or encoding changes. */
const ENTRY_VERSION = 11;

/** Rule-file paths whose entries are kept; a new entry beyond them replaces the least recently written. */
const KEPT_ENTRIES = 32;

/** One cached rule file: where it is, what it held, the hash of its text and, when it had settled, its stamp (see `stampSettledFile`). */
interface CachedFile {
  absolutePath: string;
  sha256: string;
  stamp: string;
  def: RuleFileDef;
}

/**
 * Loaded rule files as plain data (`loadRuleFiles`' result, layers pointing at files by
 * index) with the verdicts of the regex safety check on their patterns: what the cache
 * keeps, and what worker threads compile their rules from.
 */
export interface RuleFilesSnapshot {
  files: CachedFile[];
  cues: RuleFileDef['cues'];
  settings: RuleFileDef['settings'];
  /** Each merged rule's layers; its definition is theirs merged again (the files hold it), as `loadRuleFiles` merged it. */
  rules: { layers: { file: number; index: number }[] }[];
  verdicts: Record<string, string>;
  /** What each author's regex (and each matcher's alternation of them) needs of a turn's text, by source. */
  needs: Record<string, RegexNeeds>;
  /** The bundled normalisation table as parsed (rules/normalisation.yaml), so that neither a warm start nor a worker parses YAML. */
  normalisation: unknown;
  /** The rule set's phrase index and each phrase as written: a warm start and a worker neither compile nor index phrases again. */
  phraseIndex: StoredPhrases;
}

/** The phrase index a rule set compiled to, and each phrase as written -> `[phrase, id, ...cues its frames name]`. */
export interface StoredPhrases {
  index: StoredPhraseIndex;
  written: [string, number, ...string[]][];
}

/** A snapshot as stored, with what it is valid for (the top rule file's path: entries are named by a short key of it). */
interface CacheEntry extends RuleFilesSnapshot {
  version: number;
  stamp: string;
  path: string;
}

/** Compiled rules and the snapshot they were compiled from, or every problem found. */
export type CachedCompileResult = { ok: true; ruleSet: CompiledRuleSet; snapshot: RuleFilesSnapshot } | { ok: false; problems: RuleProblem[] };

export { resolveCacheDirectory } from '../cache-directory.js';

/**
 * `loadRuleSet` with the rule files read through the cache (`directory` undefined: no
 * cache): a hit compiles from the stored snapshot; a miss loads and checks the files and
 * stores what it found, with the regex verdicts the compilation reached. On a miss, compiled
 * phrases are read from and written back to their own entry; only the phrases the rule set
 * used are written, so it does not grow as phrases are edited.
 */
export function loadRuleSetCached(rulesPath: string, cwd: string, directory: string | undefined, maxBytes = DEFAULT_MAX_RULE_BYTES): CachedCompileResult {
  const absolute = path.resolve(cwd, rulesPath);
  const key = keyOf(`${ENTRY_VERSION}\0${absolute}`);
  const entryPath = directory === undefined ? undefined : path.join(directory, `rules-${key}.json`);
  const memoPath = directory === undefined ? undefined : path.join(directory, `phrases-${key}.json`);
  const phraseStamp = computePhraseStamp();
  const stamp = computeStamp(phraseStamp);
  const hit = entryPath === undefined ? undefined : readEntry(entryPath, stamp, absolute, maxBytes);
  // A hit holds its phrases compiled and indexed; the phrase entry serves misses.
  if (hit) return compileSnapshot(hit, cwd);
  const memo: PhraseMemo = { known: memoPath === undefined ? new Map() : readPhraseMemo(memoPath, phraseStamp), used: new Map(), written: new Map() };
  const loaded = loadRuleFiles(rulesPath, cwd, maxBytes);
  if (!loaded.ok) return loaded;
  const compiled = compileLoaded(loaded, memo);
  if (!compiled.ok) return compiled;
  const snapshot = toSnapshot(loaded, compiled.ruleSet.phrases, memo.written);
  const wroteEntry = directory !== undefined && entryPath !== undefined && loaded.problems.length === 0;
  if (wroteEntry) writeRulesEntry(directory, entryPath, { version: ENTRY_VERSION, stamp, path: absolute, ...snapshot });
  const changed = memo.used.size !== memo.known.size || [...memo.used.keys()].some((phrase) => !memo.known.has(phrase));
  if (directory !== undefined && memoPath !== undefined && changed) writeJson(directory, memoPath, { version: ENTRY_VERSION, stamp: phraseStamp, phrases: [...memo.used] });
  if (wroteEntry) for (const prefix of ['rules-', 'phrases-']) pruneCacheFiles(directory, prefix, KEPT_ENTRIES);
  return { ok: true, ruleSet: compiled.ruleSet, snapshot };
}

/**
 * Compiles rules from a snapshot without reading or checking the rule files again (a
 * worker thread's rules), and without compiling its phrases again; the files are read only
 * if a problem must be located in them.
 */
export function compileSnapshot(snapshot: RuleFilesSnapshot, cwd: string): CachedCompileResult {
  return compileFrom(snapshot, cwd, restorePhrases(snapshot.phraseIndex));
}

function restorePhrases(stored: StoredPhrases): PhraseMemo {
  const index = restorePhraseIndex(stored.index);
  const written = new Map(stored.written.map(([phrase, id, ...cues]) => [phrase, { source: index.sources[id] ?? '', cues, id }]));
  return { known: new Map(), used: new Map(), written, index };
}

// A phrase the index lacks (none, in a rule set that compiled) is left out and compiles again on a hit.
function storePhrases(index: PhraseIndex, written: ReadonlyMap<string, WrittenPhrase>): StoredPhrases {
  const ids = new Map(index.sources.map((source, id) => [source, id]));
  const stored: StoredPhrases['written'] = [];
  for (const [phrase, { source, cues }] of written) {
    const id = ids.get(source);
    if (id !== undefined) stored.push([phrase, id, ...cues]);
  }
  return { index: storePhraseIndex(index), written: stored };
}

function compileFrom(snapshot: RuleFilesSnapshot, cwd: string, memo: PhraseMemo): CachedCompileResult {
  importSafetyVerdicts(snapshot.verdicts);
  importRegexNeeds(snapshot.needs);
  useBundledNormalisationTable(snapshot.normalisation);
  const compiled = compileLoaded(restoreSnapshot(snapshot, cwd, (file) => readFileSync(file.absolutePath, 'utf8')), memo);
  return compiled.ok ? { ok: true, ruleSet: compiled.ruleSet, snapshot } : compiled;
}

function compileLoaded(loaded: Extract<LoadResult, { ok: true }>, memo: PhraseMemo): ReturnType<typeof compileRules> {
  return compileRules(loaded.files, loaded.cues ?? {}, loaded.settings ?? {}, loaded.rules, loaded.problems, memo);
}

// What compiles and indexes a phrase: this version, the phrase, word-form, needs, index and normalisation modules and the word-forms table.
function computePhraseStamp(): string {
  const parts = [WORD_FORMS_PATH, ...listPhraseModules()].map((part) => stampShippedFile(statOrNull(part)));
  return [TOOL.version, ...parts].join('|');
}

/**
 * The modules whose code decides how a phrase compiles and what a regex needs (as built, or as sources under
 * test); in the command line's bundle (dist/bin), which holds them in its own files, every
 * file of the bundle.
 */
function listPhraseModules(): string[] {
  const extension = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  const modules = ['./phrase', './word-forms', './matchers/text', './regex-needs', './text-pattern', '../engine/normalise'].map((name) => fileURLToPath(new URL(`${name}${extension}`, import.meta.url)));
  if (statOrNull(modules[0] ?? '') !== null) return modules;
  const folder = path.dirname(fileURLToPath(import.meta.url));
  return readdirSync(folder)
    .filter((name) => /\.c?js$/.test(name))
    .sort()
    .map((name) => path.join(folder, name));
}

function statOrNull(file: string): { size: number; mtimeMs: number; ctimeMs: number } | null {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function readPhraseMemo(memoPath: string, stamp: string): Map<string, CompiledPhrase> {
  try {
    if (!isOwnDirectory(path.dirname(memoPath))) return new Map();
    const entry = JSON.parse(readEntryText(memoPath)) as { version?: number; stamp?: string; phrases?: [string, CompiledPhrase][] };
    return entry.version === ENTRY_VERSION && entry.stamp === stamp && Array.isArray(entry.phrases) ? new Map(entry.phrases) : new Map();
  } catch {
    return new Map();
  }
}

// The regexes' needs depend on the code that works them out, which the phrase stamp covers;
// the schema and the bundled normalisation table count by size and times, as modules do.
function computeStamp(phraseStamp: string): string {
  return [phraseStamp, ...[RULES_SCHEMA_PATH, BUNDLED_NORMALISATION_PATH].map((file) => stampShippedFile(statOrNull(file)))].join('|');
}

// A file over the size limit is a miss, so the loader reports it as without the cache. A
// file whose stamp is as stored is not read; any other is checked by the hash of its text.
function readEntry(entryPath: string, stamp: string, absolute: string, maxBytes: number): RuleFilesSnapshot | undefined {
  let entry: CacheEntry;
  try {
    if (!isOwnDirectory(path.dirname(entryPath))) return undefined;
    entry = readRulesEntry(entryPath);
  } catch {
    return undefined;
  }
  if (entry.version !== ENTRY_VERSION || entry.stamp !== stamp || entry.path !== absolute) return undefined;
  for (const cached of entry.files) {
    try {
      const info = statSync(cached.absolutePath);
      if (info.size > maxBytes) return undefined;
      if (cached.stamp !== '' && cached.stamp === stampFile(info)) continue;
      const text = readFileSync(cached.absolutePath, 'utf8');
      if (Buffer.byteLength(text) > maxBytes || sha256(text) !== cached.sha256) return undefined;
    } catch {
      return undefined;
    }
  }
  return { files: entry.files, cues: entry.cues, settings: entry.settings, rules: entry.rules, verdicts: entry.verdicts, needs: entry.needs, normalisation: entry.normalisation, phraseIndex: entry.phraseIndex };
}

/** A snapshot as `loadRuleFiles` would have answered; `readText` gives a file's text when a problem must be located in it. */
function restoreSnapshot(snapshot: RuleFilesSnapshot, cwd: string, readText: (file: CachedFile) => string): Extract<LoadResult, { ok: true }> {
  const files = snapshot.files.map((cached) => restoreFile(cached, () => readText(cached), cwd));
  const rules = snapshot.rules.map((rule) => {
    const layers = rule.layers.map((layer) => ({ source: files[layer.file] as LoadedRuleFile, index: layer.index }));
    return { def: mergeLayers(layers), layers };
  });
  return { ok: true, files, cues: snapshot.cues, settings: snapshot.settings, rules, problems: [] };
}

// Each layer's entry overrides the ones before key by key; a rule of one layer is its entry.
function mergeLayers(layers: MergedRule['layers']): MergedRule['def'] {
  const defs = layers.map((layer) => layer.source.def.rules?.[layer.index] ?? { id: '' });
  return defs.length === 1 && defs[0] ? defs[0] : (Object.assign({}, ...defs) as MergedRule['def']);
}

// The YAML document is parsed again only if a problem must be located in it.
function restoreFile(cached: CachedFile, readText: () => string, cwd: string): LoadedRuleFile {
  let parsed: ReturnType<typeof parseYamlFile> | undefined;
  const parse = (): NonNullable<typeof parsed> => {
    parsed ??= parseYamlFile(readText());
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

// Taken after compiling, so that it holds the verdicts on the files' regexes.
function toSnapshot(loaded: Extract<LoadResult, { ok: true }>, phrases: PhraseIndex, written: ReadonlyMap<string, WrittenPhrase>): RuleFilesSnapshot {
  const index = new Map(loaded.files.map((file, i) => [file, i]));
  return {
    // Stat first: a file that changes after it is hashed no longer matches its stamp.
    files: loaded.files.map((file) => ({
      absolutePath: file.absolutePath,
      stamp: stampSettledFile(statSync(file.absolutePath)),
      sha256: sha256(readFileSync(file.absolutePath, 'utf8')),
      def: file.def,
    })),
    cues: loaded.cues,
    settings: loaded.settings,
    rules: loaded.rules.map((rule) => ({ layers: rule.layers.map((layer) => ({ file: index.get(layer.source) ?? 0, index: layer.index })) })),
    verdicts: exportSafetyVerdicts(),
    needs: exportRegexNeeds(),
    normalisation: readBundledNormalisationTable(),
    phraseIndex: storePhrases(phrases, written),
  };
}

// Entries are written in ASCII (other characters escaped), which reads faster as Latin-1 than UTF-8 does.
function writeJson(directory: string, entryPath: string, value: unknown): void {
  writeCacheFile(directory, entryPath, toAsciiJson(value));
}

function toAsciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The rules entry is its JSON on one line, then the phrases' regex sources as they are (UTF-8):
 * about half the entry, which as a JSON string cost a second copy and a scan for escapes.
 */
function writeRulesEntry(directory: string, entryPath: string, entry: CacheEntry): void {
  const { index } = entry.phraseIndex;
  const head = { ...entry, phraseIndex: { ...entry.phraseIndex, index: { ...index, sources: '' } } };
  writeCacheFile(directory, entryPath, Buffer.concat([Buffer.from(`${toAsciiJson(head)}\n`, 'latin1'), Buffer.from(index.sources, 'utf8')]));
}

/** A rules entry as `writeRulesEntry` wrote it; throws on any other file. */
function readRulesEntry(entryPath: string): CacheEntry {
  const bytes = readFileSync(entryPath);
  // JSON.stringify writes no line break: the first one ends the JSON.
  const end = bytes.indexOf(0x0a);
  if (end < 0) throw new Error(`${entryPath}: no phrase sources`);
  const entry = JSON.parse(bytes.toString('latin1', 0, end)) as CacheEntry;
  entry.phraseIndex.index.sources = bytes.toString('utf8', end + 1);
  return entry;
}

function readEntryText(entryPath: string): string {
  return readFileSync(entryPath, 'latin1');
}
