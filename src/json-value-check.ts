/**
 * Checking a plain JSON value (a report read back by `merge` or `diff`) against the subset
 * of JSON Schema our shipped schemas use, so a report of the wrong shape is one line naming
 * the field instead of a crash in whatever reads the field later. Keys a schema does not
 * list are allowed: a report from a later version may carry more. Whole numbers must be
 * safe integers and numbers finite, so sums of them stay exact.
 */
import { resolveRef, type JsonSchema } from './rules/schema-check.js';
import { appendFieldPath } from './field-path.js';

/** The first way `value` breaks `schema`, as `path: got X, expected Y`; undefined when it fits. */
export function findJsonValueProblem(value: unknown, schema: JsonSchema, root: JsonSchema, path = ''): string | undefined {
  const resolved = resolveRef(schema, root);
  const at = path === '' ? '' : `${path}: `;
  if (resolved.anyOf) {
    const fits = resolved.anyOf.some((branch) => findJsonValueProblem(value, branch, root, path) === undefined);
    return fits ? undefined : `${at}got ${describeValue(value)}, expected ${resolved.anyOf.map((branch) => describeSchema(resolveRef(branch, root))).join(' or ')}`;
  }
  if (resolved.const !== undefined && value !== resolved.const) return `${at}got ${describeValue(value)}, expected ${JSON.stringify(resolved.const)}`;
  if (resolved.enum && !resolved.enum.includes(value)) return `${at}got ${describeValue(value)}, expected one of ${resolved.enum.map(String).join(', ')}`;
  if (resolved.type !== undefined && !fitsType(value, resolved)) return `${at}got ${describeValue(value)}, expected ${describeSchema(resolved)}`;
  if (Array.isArray(value)) return findItemProblem(value, resolved, root, path);
  if (isRecord(value)) return findPropertyProblem(value, resolved, root, path);
  return undefined;
}

function findItemProblem(items: readonly unknown[], schema: JsonSchema, root: JsonSchema, path: string): string | undefined {
  if (!schema.items) return undefined;
  for (const [index, item] of items.entries()) {
    const problem = findJsonValueProblem(item, schema.items, root, appendFieldPath(path, index));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function findPropertyProblem(value: Record<string, unknown>, schema: JsonSchema, root: JsonSchema, path: string): string | undefined {
  const missing = (schema.required ?? []).find((key) => !Object.hasOwn(value, key));
  if (missing !== undefined) return `${path === '' ? '' : `${path}: `}missing "${missing}"`;
  for (const [key, item] of Object.entries(value)) {
    // Own properties only: `constructor` or `__proto__` must not find Object's.
    const listed = schema.properties !== undefined && Object.hasOwn(schema.properties, key) ? schema.properties[key] : undefined;
    const child = listed ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    const problem = child === undefined ? undefined : findJsonValueProblem(item, child, root, appendFieldPath(path, key));
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function fitsType(value: unknown, schema: JsonSchema): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some((type) => {
    switch (type) {
      case 'object':
        return isRecord(value);
      case 'array':
        return Array.isArray(value);
      case 'string':
        return typeof value === 'string';
      case 'boolean':
        return typeof value === 'boolean';
      case 'null':
        return value === null;
      case 'integer':
        return Number.isSafeInteger(value) && inBounds(value as number, schema);
      case 'number':
        return Number.isFinite(value) && inBounds(value as number, schema);
      default:
        return false;
    }
  });
}

function inBounds(value: number, schema: JsonSchema): boolean {
  return (schema.minimum === undefined || value >= schema.minimum) && (schema.maximum === undefined || value <= schema.maximum);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (isRecord(value)) return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

const TYPE_WORDS: Record<string, string> = { object: 'an object', array: 'a list', string: 'a string', boolean: 'true or false', null: 'null', integer: 'a whole number', number: 'a number' };

function describeSchema(schema: JsonSchema): string {
  if (schema.enum) return `one of ${schema.enum.map(String).join(', ')}`;
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? [] : [schema.type];
  const words = types.map((type) => TYPE_WORDS[type] ?? type).join(' or ');
  if (!types.includes('integer') && !types.includes('number')) return words || 'a valid value';
  // Whole numbers past 2^53 lose their last digits, and sums of them with it.
  const maximum = schema.maximum ?? (types.includes('integer') ? Number.MAX_SAFE_INTEGER : undefined);
  if (schema.minimum !== undefined && maximum !== undefined) return `${words} from ${schema.minimum} to ${maximum}`;
  if (schema.minimum !== undefined) return `${words} of at least ${schema.minimum}`;
  return maximum === undefined ? words : `${words} of at most ${maximum}`;
}
