import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Document, LineCounter } from 'yaml';
import { formatSize } from '../config/parse-size.js';
import { describeReadError, describeYamlError } from '../errors.js';
import { getInMerged, parseYamlFile, readDocumentValue } from '../yaml-document.js';
import { checkDocumentAgainstSchema, type JsonSchema } from './schema-check.js';
import type { RuleDef, RuleFileDef } from './types.js';

/** The installed package's root folder (holding rules/, schema/). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled rule set, used when no `--rules` is given and by `extends: default`. */
export const DEFAULT_RULES_PATH = path.join(PACKAGE_ROOT, 'rules', 'default', 'index.yaml');
/** The JSON Schema for rule files, shipped with the package. */
export const RULES_SCHEMA_PATH = path.join(PACKAGE_ROOT, 'schema', 'rules.schema.json');

const MAX_EXTENDS_DEPTH = 8;
/** Keys an included file may not set: they belong to the file that includes it. */
const INDEX_ONLY_KEYS = ['extends', 'include', 'settings'] as const;

/**
 * Rule files larger than this (2 MiB) are refused before they are parsed, unless the
 * caller sets another limit: the bundled rules are a tenth of it, and a 5 MB file took
 * minutes to compile and match.
 */
export const DEFAULT_MAX_RULE_BYTES = 2 * 1024 * 1024;

/** A problem in a rule file, with its position. */
export interface RuleProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** One parsed rule file: its definition and what is needed to point into it. */
export interface LoadedRuleFile {
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  /** The file that includes this one (`include:`), with its own rule ids merged as one file. */
  includedBy?: LoadedRuleFile;
  absolutePath: string;
  def: RuleFileDef;
  document: Document;
  lineCounter: LineCounter;
}

/** A rule after `extends` merging: the layers (base first) it was built from. */
export interface MergedRule {
  def: RuleDef;
  layers: { source: LoadedRuleFile; index: number }[];
}

/** All rule files of a chain merged into one, or every problem found. */
export type LoadResult =
  | {
      ok: true;
      files: LoadedRuleFile[];
      cues: RuleFileDef['cues'];
      settings: RuleFileDef['settings'];
      rules: MergedRule[];
      /** Problems found while merging (duplicate ids); compiling adds its own and reports all. */
      problems: RuleProblem[];
    }
  | { ok: false; problems: RuleProblem[] };

let cachedSchema: JsonSchema | undefined;

/** The rule-file JSON Schema, read once. */
export function readRulesSchema(): JsonSchema {
  cachedSchema ??= JSON.parse(readFileSync(RULES_SCHEMA_PATH, 'utf8')) as JsonSchema;
  return cachedSchema;
}

/** Loads a rule file and the chain it extends, checking each against the schema and the size limit. */
export function loadRuleFiles(rulesPath: string, cwd: string, maxBytes = DEFAULT_MAX_RULE_BYTES): LoadResult {
  const chain: LoadedRuleFile[] = [];
  const problems: RuleProblem[] = [];
  let next: string | undefined = path.resolve(cwd, rulesPath);
  let from: { file: LoadedRuleFile; offset: number } | undefined;
  // Files along `extends`; included files do not count towards the limit.
  let depth = 0;
  while (next !== undefined) {
    if (chain.some((loaded) => loaded.absolutePath === next)) {
      problems.push(problemAt(from, `extends: "${displayPath(next, cwd)}" would extend in a loop`));
      break;
    }
    if (depth >= MAX_EXTENDS_DEPTH) {
      problems.push(problemAt(from, `extends: "${displayPath(next, cwd)}": more than ${MAX_EXTENDS_DEPTH} rule files would extend one another (the most a chain may have)`));
      break;
    }
    depth += 1;
    const loaded = parseRuleFile(next, cwd, problems, from, maxBytes);
    if (!loaded) break;
    chain.push(...loadIncluded(loaded, cwd, problems, maxBytes).reverse(), loaded);
    const parent = loaded.def.extends;
    from = { file: loaded, offset: getInMerged(loaded.document, ['extends']) ? offsetOfKey(loaded, ['extends']) : 0 };
    next = parent === undefined ? undefined : resolveExtends(parent, loaded.absolutePath);
  }
  if (problems.length > 0) return { ok: false, problems };
  const files = chain.reverse();
  return { ok: true, files, problems, ...mergeRuleFiles(files, problems) };
}

// The files an index names under `include:`, in order, each checked like a rule file that
// sets only `cues` and `rules`.
function loadIncluded(index: LoadedRuleFile, cwd: string, problems: RuleProblem[], maxBytes: number): LoadedRuleFile[] {
  const included: LoadedRuleFile[] = [];
  // Each file once: its rules would be "defined twice" in a file that defines them once.
  const positions = new Map<string, number>([[index.absolutePath, -1]]);
  (index.def.include ?? []).forEach((target, position) => {
    const from = { file: index, offset: offsetOfKey(index, ['include', position]) };
    const absolutePath = path.resolve(path.dirname(index.absolutePath), target);
    const first = positions.get(absolutePath);
    if (first !== undefined) {
      const shown = displayPath(absolutePath, cwd);
      problems.push(problemAt(from, `include[${position}]: ${shown} ${first === -1 ? 'would include itself' : `is included twice (first at include[${first}])`}`));
      return;
    }
    positions.set(absolutePath, position);
    const loaded = parseRuleFile(absolutePath, cwd, problems, from, maxBytes, 'include');
    if (!loaded) return;
    for (const key of INDEX_ONLY_KEYS) {
      if (loaded.def[key] !== undefined) problems.push(locateIn(loaded, [key], `${key}: not allowed in an included file (only cues and rules; set it in ${index.file})`));
    }
    included.push({ ...loaded, includedBy: index });
  });
  return included;
}

function resolveExtends(target: string, fromFile: string): string {
  return target === 'default' ? DEFAULT_RULES_PATH : path.resolve(path.dirname(fromFile), target);
}

function parseRuleFile(
  absolutePath: string,
  cwd: string,
  problems: RuleProblem[],
  from: { file: LoadedRuleFile; offset: number } | undefined,
  maxBytes: number,
  via: 'extends' | 'include' = 'extends',
): LoadedRuleFile | undefined {
  const file = displayPath(absolutePath, cwd);
  let text: string;
  try {
    const size = statSync(absolutePath).size;
    if (size > maxBytes) {
      const message = `rule file is too large (${formatSize(size)}, limit ${formatSize(maxBytes)}; raise it with --max-rules-size)`;
      problems.push(from ? problemAt(from, `${via}: ${file}: ${message}`) : { file, line: 1, column: 1, message });
      return undefined;
    }
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    const reason = describeReadError(error);
    problems.push(from ? problemAt(from, `${via}: cannot read ${file}: ${reason}`) : { file, line: 1, column: 1, message: `cannot read rule file: ${reason}` });
    return undefined;
  }
  const { document, lineCounter } = parseYamlFile(text);
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({ file, ...position(error.pos[0]), message: `invalid YAML: ${describeYamlError(error)}` });
    }
    return undefined;
  }
  const read = readDocumentValue(document);
  if (!read.ok) {
    problems.push({ file, ...position(read.offset), message: read.message });
    return undefined;
  }
  const schemaProblems = checkDocumentAgainstSchema(document, readRulesSchema());
  for (const problem of schemaProblems) problems.push({ file, ...position(problem.offset), message: problem.message });
  if (schemaProblems.length > 0) return undefined;
  return { file, absolutePath, def: read.value as RuleFileDef, document, lineCounter };
}

function mergeRuleFiles(files: LoadedRuleFile[], problems: RuleProblem[]): Pick<Extract<LoadResult, { ok: true }>, 'cues' | 'settings' | 'rules'> {
  const cues: NonNullable<RuleFileDef['cues']> = {};
  let settings: RuleFileDef['settings'] = {};
  const rules = new Map<string, MergedRule>();
  // Rule ids and cue names already defined in the current file and the files it includes.
  let seen = new Map<string, RuleProblem>();
  for (const source of files) {
    if (source.includedBy === undefined) seen = new Map();
    checkIncludedCues(source, seen, problems);
    Object.assign(cues, source.def.cues ?? {});
    settings = { ...settings, ...(source.def.settings ?? {}) };
    (source.def.rules ?? []).forEach((def, index) => {
      const here = locateIn(source, ['rules', index, 'id'], `rules[${index}].id`);
      const first = seen.get(`rule ${def.id}`);
      if (first) {
        const where = first.file === source.file ? 'in this file' : `(also at ${first.file}:${first.line}:${first.column})`;
        problems.push({ ...here, message: `${here.message}: duplicate rule id "${def.id}" ${where}` });
        return;
      }
      seen.set(`rule ${def.id}`, here);
      const existing = rules.get(def.id);
      // An entry whose id a base file already defines overrides it key by key.
      if (existing) {
        rules.set(def.id, { def: { ...existing.def, ...def }, layers: [...existing.layers, { source, index }] });
      } else {
        rules.set(def.id, { def, layers: [{ source, index }] });
      }
    });
  }
  return { cues, settings, rules: [...rules.values()] };
}

// A cue defined twice among an index and its included files is an error naming both places
// (across `extends`, a later file redefines a cue on purpose).
function checkIncludedCues(source: LoadedRuleFile, seen: Map<string, RuleProblem>, problems: RuleProblem[]): void {
  for (const name of Object.keys(source.def.cues ?? {})) {
    const here = locateIn(source, ['cues', name], `cues.${name}`);
    const first = seen.get(`cue ${name}`);
    if (first) problems.push({ ...here, message: `${here.message}: cue "${name}" is defined twice (also at ${first.file}:${first.line}:${first.column})` });
    else seen.set(`cue ${name}`, here);
  }
}

/** The position of a rule's key, in the file whose layer last set it. */
export function locateRuleKey(rule: MergedRule, keyPath: (string | number)[], message: string): RuleProblem {
  const [key] = keyPath;
  const layer = [...rule.layers].reverse().find((l) => key === undefined || (key in (l.source.def.rules?.[l.index] ?? {}))) ?? rule.layers[0];
  if (!layer) return { file: '', line: 1, column: 1, message };
  return locateIn(layer.source, ['rules', layer.index, ...keyPath], message);
}

/**
 * The position of a path in a loaded file (the nearest existing ancestor when it is
 * missing); a key a merge key brings is where it is written, in the mapping merged.
 */
export function locateIn(source: LoadedRuleFile, keyPath: (string | number)[], message: string): RuleProblem {
  const { line, col } = source.lineCounter.linePos(offsetOfKey(source, keyPath));
  return { file: source.file, line, column: col, message };
}

function offsetOfKey(source: LoadedRuleFile, keyPath: (string | number)[]): number {
  for (let length = keyPath.length; length >= 0; length--) {
    const node = getInMerged(source.document, keyPath.slice(0, length));
    if (node?.range) return node.range[0];
  }
  return 0;
}

function problemAt(from: { file: LoadedRuleFile; offset: number } | undefined, message: string): RuleProblem {
  if (!from) return { file: '', line: 1, column: 1, message };
  const { line, col } = from.file.lineCounter.linePos(from.offset);
  return { file: from.file.file, line, column: col, message };
}

function displayPath(absolutePath: string, cwd: string): string {
  const relative = path.relative(cwd, absolutePath);
  return (relative === '' ? absolutePath : relative).split(path.sep).join('/');
}
