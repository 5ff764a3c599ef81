import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { findJsonValueProblem } from '../json-value-check.js';
import type { JsonSchema } from '../rules/schema-check.js';

/** The JSON Schema of `--format json` reports, shipped with the package (src/report → ../../schema). */
export const REPORT_SCHEMA_PATH = fileURLToPath(new URL('../../schema/report.schema.json', import.meta.url));

let cachedSchema: JsonSchema | undefined;

/** The report JSON Schema, read once. */
function readReportSchema(): JsonSchema {
  cachedSchema ??= JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as JsonSchema;
  return cachedSchema;
}

/** One of the report schema's definitions (`session`, `finding`, `rule`, `problem`, `tool`), to check a part against. */
export function reportDefinition(name: string): JsonSchema {
  return { $ref: `#/$defs/${name}` };
}

/**
 * The first way a value read back from a report breaks `schema`, a fragment whose `$ref`s
 * name the report schema's definitions (`findings[0].kind: got "x", expected one of
 * technique, pitfall`, under `path`); undefined when it fits. Keys the schema does not list
 * are allowed.
 */
export function findReportProblem(value: unknown, schema: JsonSchema, path = ''): string | undefined {
  return findJsonValueProblem(value, schema, readReportSchema(), path);
}
