#!/usr/bin/env node
// Writes the rule files behind the README's "A trained model beside the rules" figures, for
// `reassure eval -r FILE` or `node scripts/eval-dev.js -r FILE`: each codebook rule of the
// bundled set (the enabled ones) with a model matcher (default: the bundled `counselling`).
//   combined  the rule's own matchers and the model: a turn counts when either fires;
//   alone     the model only: no phrases, no guards, no context, so a finding is the
//             classifier firing (its `rule:` features still come from the bundled rules,
//             as in training).
// Usage: node scripts/model-rules.js combined|alone [--model NAME-OR-PATH] > rules.yaml
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const mode = process.argv[2];
const model = process.argv.includes('--model') ? process.argv[process.argv.indexOf('--model') + 1] : 'counselling';
if (mode !== 'combined' && mode !== 'alone') {
  console.error('usage: node scripts/model-rules.js combined|alone [--model NAME-OR-PATH]');
  process.exit(2);
}

const index = parse(readFileSync(path.join(root, 'rules', 'default', 'index.yaml'), 'utf8'));
const rules = [];
for (const file of index.include) {
  for (const rule of parse(readFileSync(path.join(root, 'rules', 'default', file), 'utf8')).rules ?? []) {
    if (rule.enabled === false) continue;
    const matcher = { model, id: rule.id };
    if (mode === 'combined') rules.push({ id: rule.id, match: [...rule.match, matcher] });
    else rules.push({ id: rule.id, match: [matcher], ...(rule.unless ? { unless: [] } : {}), ...(rule.context ? { context: {} } : {}) });
  }
}
process.stdout.write(`# Written by scripts/model-rules.js ${mode}: the bundled rules with the model ${model}.\n`);
process.stdout.write(stringify({ version: 1, extends: 'default', rules }, { lineWidth: 0 }));
