/**
 * The YAML library, loaded on first use: a warm start reads the rules from the rule cache
 * and most runs have no config file, so they need no YAML parser at all.
 */
import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

const require = createRequire(import.meta.url);
let yaml: Yaml | undefined;

/** The `yaml` package (its CommonJS build, loaded synchronously the first time). */
export function requireYaml(): Yaml {
  yaml ??= require('yaml') as Yaml;
  return yaml;
}
