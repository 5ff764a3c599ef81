import type { Document, Node as YamlNode } from 'yaml';
import { requireYaml } from '../lazy-yaml.js';
import { listMergedPairs, resolveAlias } from '../yaml-document.js';
import { describeExpected, describeExpectedChoice } from '../closest-name.js';
import { appendFieldPath } from '../field-path.js';

/**
 * The subset of JSON Schema (draft-07) that our shipped schemas use. Checking YAML nodes
 * against the schema itself (rather than a hand-written twin) keeps the loader and the
 * editor's schema in agreement, and keeps the source position of every problem.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  maxProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  $ref?: string;
  $defs?: Record<string, JsonSchema>;
  description?: string;
}

/** A schema violation at a node: `path` is the field (`rules[2].severity`), `offset` its start. */
export interface SchemaProblem {
  path: string;
  offset: number;
  message: string;
}

/** What every step of a check needs: the whole schema (for `$ref`) and the document (for merge keys). */
interface CheckContext {
  root: JsonSchema;
  document: Document;
}

/**
 * Checks a document's contents against a schema; returns every problem found. A mapping's
 * keys are read through its merge keys (`<<: *base`) and an alias as the value it names,
 * each at the node where it is written.
 */
export function checkDocumentAgainstSchema(document: Document, schema: JsonSchema): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  checkNode((document.contents as YamlNode | null) ?? null, schema, { root: schema, document }, '', problems);
  return problems;
}

function checkNode(written: YamlNode | null, schema: JsonSchema, context: CheckContext, path: string, out: SchemaProblem[]): void {
  const { root } = context;
  // An alias is checked as the value it names, where that is written.
  const node = (resolveAlias(written, context.document) as YamlNode | null | undefined) ?? null;
  const resolved = resolveRef(schema, root);
  const offset = node?.range?.[0] ?? 0;
  const value = plainValue(node);
  const field = path === '' ? 'file' : path;

  if (resolved.anyOf) {
    checkAnyOf(node, resolved.anyOf, context, path, out);
    return;
  }
  if (resolved.const !== undefined && value !== resolved.const) {
    out.push({ path, offset, message: `${field}: got ${describe(node)}, expected ${JSON.stringify(resolved.const)}` });
    return;
  }
  if (resolved.enum && !resolved.enum.includes(value)) {
    const choices = resolved.enum.map((v) => String(v));
    const expected = typeof value === 'string' ? describeExpectedChoice(value, choices) : `expected one of ${choices.join(', ')}`;
    out.push({ path, offset, message: `${field}: got ${describe(node)}, ${expected}` });
    return;
  }
  if (resolved.type !== undefined && !matchesType(node, resolved.type)) {
    const expected = Array.isArray(resolved.type) ? resolved.type.join(' or ') : resolved.type;
    out.push({ path, offset, message: `${field}: got ${describe(node)}, expected ${article(expected)}` });
    return;
  }
  if (requireYaml().isMap(node)) checkMap(node, resolved, context, path, out);
  else if (requireYaml().isSeq(node)) checkSeq(node, resolved, context, path, out);
  else checkScalar(node, value, resolved, path, offset, out);
}

function checkMap(node: YamlNode, schema: JsonSchema, context: CheckContext, path: string, out: SchemaProblem[]): void {
  if (!requireYaml().isMap(node)) return;
  const offset = node.range?.[0] ?? 0;
  const seen = new Set<string>();
  // A key a merge key brings is never one the mapping has: only written keys can repeat.
  for (const pair of listMergedPairs(node, context.document)) {
    const keyNode = pair.key;
    const key = String(plainValue(keyNode));
    const keyOffset = keyNode?.range?.[0] ?? offset;
    const childPath = appendFieldPath(path, key);
    if (seen.has(key)) {
      out.push({ path: childPath, offset: keyOffset, message: `${childPath}: duplicate key "${key}"` });
      continue;
    }
    seen.add(key);
    // Own properties only: `constructor` or `__proto__` must not find Object's.
    const propertySchema = schema.properties !== undefined && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const value = pair.value ?? null;
    if (propertySchema) {
      checkNode(value, propertySchema, context, childPath, out);
    } else if (typeof schema.additionalProperties === 'object') {
      checkNode(value, schema.additionalProperties, context, childPath, out);
    } else if (schema.additionalProperties === false) {
      const allowed = describeExpected(key, Object.keys(schema.properties ?? {}));
      out.push({ path: childPath, offset: keyOffset, message: `${childPath}: unknown key "${key}" (${allowed})` });
    }
  }
  const where = path === '' ? 'file' : path;
  for (const key of schema.required ?? []) {
    if (!seen.has(key)) out.push({ path, offset, message: `${where}: missing required key "${key}"` });
  }
  if (schema.minProperties !== undefined && seen.size < schema.minProperties) {
    out.push({ path, offset, message: `${where}: is empty, expected at least ${schema.minProperties} key(s)` });
  }
  if (schema.maxProperties !== undefined && seen.size > schema.maxProperties) {
    out.push({ path, offset, message: `${where}: has ${seen.size} keys, expected at most ${schema.maxProperties}` });
  }
}

function checkSeq(node: YamlNode, schema: JsonSchema, context: CheckContext, path: string, out: SchemaProblem[]): void {
  if (!requireYaml().isSeq(node)) return;
  const offset = node.range?.[0] ?? 0;
  if (schema.minItems !== undefined && node.items.length < schema.minItems) {
    out.push({ path, offset, message: `${path}: got ${node.items.length} item(s), expected at least ${schema.minItems}` });
  }
  if (!schema.items) return;
  node.items.forEach((item, index) => {
    checkNode((item as YamlNode | null) ?? null, schema.items as JsonSchema, context, appendFieldPath(path, index), out);
  });
}

function checkScalar(
  node: YamlNode | null,
  value: unknown,
  schema: JsonSchema,
  path: string,
  offset: number,
  out: SchemaProblem[],
): void {
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      out.push({ path, offset, message: `${path}: is empty, expected a non-empty string` });
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) {
      out.push({ path, offset, message: `${path}: got ${describe(node)}, expected to match ${schema.pattern}` });
    }
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) {
      out.push({ path, offset, message: `${path}: got ${value}, expected at least ${schema.minimum}` });
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
      out.push({ path, offset, message: `${path}: got ${value}, expected at most ${schema.maximum}` });
    }
  }
}

// Report the branch that fits the node's type best, so a user sees one useful message.
function checkAnyOf(node: YamlNode | null, branches: JsonSchema[], context: CheckContext, path: string, out: SchemaProblem[]): void {
  const { root } = context;
  let best: SchemaProblem[] | undefined;
  for (const branch of branches) {
    const problems: SchemaProblem[] = [];
    checkNode(node, branch, context, path, problems);
    if (problems.length === 0) return;
    const typed = resolveRef(branch, root).type;
    const fitsType = typed === undefined || matchesType(node, typed);
    if (fitsType && (best === undefined || problems.length < best.length)) best = problems;
  }
  if (best) {
    out.push(...best);
    return;
  }
  const expected = branches.map((branch) => describeSchema(resolveRef(branch, root))).join(' or ');
  out.push({ path, offset: node?.range?.[0] ?? 0, message: `${path}: got ${describe(node)}, expected ${expected}` });
}

/** A schema with its `$ref` (to `#/$defs/name`) followed, the referring schema's own keys kept. */
export function resolveRef(schema: JsonSchema, root: JsonSchema): JsonSchema {
  let current = schema;
  while (current.$ref !== undefined) {
    const name = current.$ref.replace(/^#\/\$defs\//, '');
    const target = root.$defs?.[name];
    if (!target) throw new Error(`schema: unresolved $ref ${current.$ref}`);
    current = { ...target, ...withoutRef(current) };
  }
  return current;
}

function withoutRef(schema: JsonSchema): JsonSchema {
  const copy = { ...schema };
  delete copy.$ref;
  return copy;
}

function matchesType(node: YamlNode | null, type: string | string[]): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => {
    const value = plainValue(node);
    switch (t) {
      case 'object':
        return requireYaml().isMap(node);
      case 'array':
        return requireYaml().isSeq(node);
      case 'string':
        return requireYaml().isScalar(node) && typeof value === 'string';
      case 'number':
        // .nan parses as a number but passes every minimum and maximum.
        return requireYaml().isScalar(node) && typeof value === 'number' && !Number.isNaN(value);
      case 'integer':
        return requireYaml().isScalar(node) && Number.isInteger(value);
      case 'boolean':
        return requireYaml().isScalar(node) && typeof value === 'boolean';
      case 'null':
        return node === null || (requireYaml().isScalar(node) && value === null);
      default:
        return false;
    }
  });
}

function plainValue(node: YamlNode | null): unknown {
  if (node === null) return null;
  return requireYaml().isScalar(node) ? node.value : node;
}

function describe(node: YamlNode | null): string {
  if (node === null) return 'nothing';
  if (requireYaml().isMap(node)) return 'a mapping';
  if (requireYaml().isSeq(node)) return 'a list';
  if (!requireYaml().isScalar(node)) return 'an alias';
  const value = plainValue(node);
  if (value === null) return 'nothing';
  // JSON.stringify writes NaN and Infinity as null.
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function describeSchema(schema: JsonSchema): string {
  if (schema.type === undefined) return 'a valid value';
  const type = Array.isArray(schema.type) ? schema.type.join(' or ') : schema.type;
  return article(type);
}

function article(type: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'nothing',
  };
  return type
    .split(' or ')
    .map((t) => words[t] ?? t)
    .join(' or ');
}
