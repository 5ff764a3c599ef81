/**
 * YAML documents as reassure reads them: merge keys (`<<: *base`, YAML 1.1) merged, aliases
 * (`*base`) read, and every value still at the node where it is written. The YAML library
 * merges and resolves aliases in `toJS` but keeps the `<<` pair and the alias as written
 * among the nodes; walking the nodes for positions (the schema check, problem locations,
 * transcripts) sees a mapping's keys as `toJS` does through `listMergedPairs`, and an
 * alias's value through `resolveAlias`.
 */
import type { Alias, Document, LineCounter, Node, YAMLMap } from 'yaml';
import { describeYamlError, describeYamlErrorRedacted } from './errors.js';
import { requireYaml } from './lazy-yaml.js';

/** More alias expansions than this in one document (merge keys count) is treated as an alias bomb. */
export const MAX_YAML_ALIASES = 100;

/** One key of a mapping as merged: its key and value nodes, where they are written. */
export interface MergedPair {
  key: Node | null;
  value: Node | null;
  /** Brought by a merge key, not written in the mapping itself. */
  merged: boolean;
}

/**
 * Parses a rule or config file: merge keys read, duplicate keys left for the schema check
 * (which names each with its position), errors without the library's source excerpt. A
 * lone carriage return (old Mac line ends) is a line break, as YAML says and the library
 * does not read it; one character for one, so every offset stays where it was.
 */
export function parseYamlFile(text: string): { document: Document; lineCounter: LineCounter } {
  const { LineCounter: Lines, parseDocument } = requireYaml();
  const lineCounter = new Lines();
  const lines = text.replace(/\r(?!\n)/g, '\n');
  return { document: parseDocument(lines, { lineCounter, prettyErrors: false, uniqueKeys: false, merge: true }), lineCounter };
}

/**
 * A document's value, or the first reason it has none, at an offset: a merge key whose
 * value is not a mapping (or a list of them), an alias bomb, or an alias inside the value
 * it names. Run before walking the nodes: a merge key's sources, and an alias's value, are
 * walked again wherever they are used.
 */
export function readDocumentValue(document: Document): { ok: true; value: unknown } | { ok: false; offset: number; message: string; redactedMessage?: string } {
  try {
    let aliased = false;
    const value: unknown = document.toJS({ maxAliasCount: MAX_YAML_ALIASES, onAnchor: (_value, count) => (aliased ||= count > 0) });
    // Looked for only in a document with aliases: most have none, and the search walks every node.
    const loop = aliased ? findAliasLoop(document) : undefined;
    if (loop !== undefined) {
      const describe = (alias: string): string => `an alias (${alias}) inside the value it names, which would repeat it forever`;
      return { ok: false, offset: loop.range?.[0] ?? 0, message: describe(`\`*${loop.source}\``), redactedMessage: describe('its name left out by --redact') };
    }
    return { ok: true, value };
  } catch (error) {
    // Looked for only now: reading the value finds them anyway, and most files have none.
    const badMerge = findBadMergeValue(document);
    if (badMerge !== undefined) {
      return { ok: false, offset: badMerge.offset, message: `a YAML merge key (\`<<\`) takes a mapping or a list of mappings (got ${badMerge.got})` };
    }
    const offset = document.contents?.range?.[0] ?? 0;
    if (error instanceof ReferenceError && error.message.startsWith('Excessive alias count')) {
      return { ok: false, offset, message: `too many alias expansions (more than ${MAX_YAML_ALIASES}; an alias bomb?)` };
    }
    return { ok: false, offset, message: `invalid YAML: ${describeYamlError(error)}`, redactedMessage: `invalid YAML: ${describeYamlErrorRedacted(error)}` };
  }
}

/** Whether a pair's key is a merge key: a plain `<<` in a document parsed with `merge: true` (a quoted one is a key like any other). */
export function isMergeKey(key: unknown): boolean {
  const value: unknown = requireYaml().isScalar(key) ? key.value : undefined;
  return typeof value === 'symbol' && value.description === '<<';
}

/**
 * A mapping's keys as `toJS` reads them with merge keys: its own keys, then each key a
 * merge key brings that is not there yet (an earlier source wins over a later one), each
 * with the nodes where it is written. Sources that are not mappings are skipped
 * (`readDocumentValue` refuses them).
 */
export function listMergedPairs(map: YAMLMap, document: Document): MergedPair[] {
  return mergePairs(map, document, new Set());
}

// `open`: the mappings being merged into, outermost first.
function mergePairs(map: YAMLMap, document: Document, open: ReadonlySet<YAMLMap>): MergedPair[] {
  const own = map.items.filter((pair) => !isMergeKey(pair.key)).map((pair) => ({ key: pair.key as Node | null, value: pair.value as Node | null, merged: false }));
  if (own.length === map.items.length) return own;
  const taken = new Set(own.map((pair) => keyName(pair.key)));
  const merged: MergedPair[] = [];
  const inside = new Set([...open, map]);
  for (const pair of map.items) {
    if (!isMergeKey(pair.key)) continue;
    // A mapping that merges one it lies in would merge forever; toJS refuses it as too many aliases.
    for (const source of listMergeSources(pair.value, document).filter((candidate) => !inside.has(candidate))) {
      for (const brought of mergePairs(source, document, inside)) {
        const name = keyName(brought.key);
        if (taken.has(name)) continue;
        taken.add(name);
        merged.push({ ...brought, merged: true });
      }
    }
  }
  return [...own, ...merged];
}

/**
 * The node at a path of keys and indexes, looking through merge keys and aliases (a value
 * an alias names is where it is written); `undefined` where there is none.
 */
export function getInMerged(document: Document, keyPath: readonly (string | number)[]): Node | undefined {
  const { isMap, isSeq } = requireYaml();
  let node: unknown = resolveAlias(document.contents, document);
  for (const key of keyPath) {
    if (isMap(node)) node = listMergedPairs(node, document).find((pair) => keyName(pair.key) === String(key))?.value;
    else if (isSeq(node) && typeof key === 'number') node = node.items[key];
    else return undefined;
    node = resolveAlias(node, document);
  }
  return (node as Node | null | undefined) ?? undefined;
}

// The mappings a merge key's value names: a mapping, an alias of one, or a list (or an alias of a list) of those.
function listMergeSources(value: unknown, document: Document): YAMLMap[] {
  const { isMap, isSeq } = requireYaml();
  const resolved = resolveAlias(value, document);
  const items: unknown[] = isSeq(resolved) ? resolved.items : [resolved];
  return items.map((item) => resolveAlias(item, document)).filter((item): item is YAMLMap => isMap(item));
}

// The first merge key's value (or item of one) that is not a mapping, with its offset and what it is.
function findBadMergeValue(document: Document): { offset: number; got: string } | undefined {
  const { isMap, isSeq, visit } = requireYaml();
  let bad: { offset: number; got: string } | undefined;
  visit(document, {
    Pair(_key, pair) {
      if (!isMergeKey(pair.key)) return undefined;
      const resolved = resolveAlias(pair.value, document);
      const items: unknown[] = isSeq(resolved) ? resolved.items : [resolved];
      const index = items.findIndex((candidate) => !isMap(resolveAlias(candidate, document)));
      if (index === -1) return undefined;
      const item = items[index];
      // An item written in the list is shown where it is; an alias, or a value that is not a list, where the merge key's value is.
      const at = (isSeq(pair.value) ? item : pair.value) as Node | null | undefined;
      bad = { offset: at?.range?.[0] ?? (pair.key as Node).range?.[0] ?? 0, got: describeNode(resolveAlias(item, document)) };
      return visit.BREAK;
    },
  });
  return bad;
}

// The first alias that lies inside the node it names (`a: &a [*a]`): the library reads it as
// a value holding itself, which a walk of the nodes would follow forever.
function findAliasLoop(document: Document): Alias | undefined {
  const { visit } = requireYaml();
  let loop: Alias | undefined;
  visit(document, {
    Alias(_key, alias, ancestors) {
      if (!ancestors.includes(resolveAlias(alias, document) as Node)) return undefined;
      loop = alias;
      return visit.BREAK;
    },
  });
  return loop;
}

/**
 * An alias's anchored node (the last anchor of its name before it, as the library resolves
 * it); any other node as it is. The anchors are listed once per document.
 */
export function resolveAlias(node: unknown, document: Document): unknown {
  const { isAlias, visit } = requireYaml();
  if (!isAlias(node)) return node;
  let anchored = ANCHORED.get(document);
  if (anchored === undefined) {
    const list: Node[] = [];
    visit(document, {
      Node(_key, candidate) {
        if (isAlias(candidate) || candidate.anchor !== undefined) list.push(candidate);
      },
    });
    ANCHORED.set(document, list);
    anchored = list;
  }
  let found: Node | undefined;
  for (const candidate of anchored) {
    if (candidate === node) break;
    if (!isAlias(candidate) && candidate.anchor === node.source) found = candidate;
  }
  return found;
}

/** Per document, its anchored nodes and aliases in document order. */
const ANCHORED = new WeakMap<Document, Node[]>();

function keyName(key: Node | null): string {
  return String(requireYaml().isScalar(key) ? key.value : key);
}

function describeNode(node: unknown): string {
  const { isScalar, isSeq } = requireYaml();
  if (isSeq(node)) return 'a list';
  const value: unknown = isScalar(node) ? node.value : node;
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
