#!/usr/bin/env node
// Prints the text patterns of the rules' `match` lists (phrases compiled to regular
// expressions with their word forms as the engine compiles them, normalisation left out,
// cues expanded, authors' regexes as written), one per line, for comparing
// with other tools. Usage: node scripts/export-patterns.js [--rg] [RULES]; --rg writes them
// for ripgrep's own engine (`rg -i -f patterns.txt`): the whole-word look-arounds of
// phrases become ASCII word boundaries (`(?-u:\b)`, several times faster in ripgrep than
// Unicode ones), `\uXXXX` becomes `\x{XXXX}`, and the few authors' regexes with
// other look-arounds (which ripgrep's engine does not have) are left out, with a count.
import { compilePhrase } from '../dist/rules/phrase.js';
import { formsOf } from '../dist/rules/word-forms.js';
import { BUILTIN_CUES } from '../dist/rules/builtin-cues.js';
import { DEFAULT_RULES_PATH, loadRuleFiles } from '../dist/rules/load.js';

const args = process.argv.slice(2);
const forRipgrep = args.includes('--rg');
const loaded = loadRuleFiles(args.find((arg) => arg !== '--rg') ?? DEFAULT_RULES_PATH, process.cwd());
if (!loaded.ok) {
  for (const problem of loaded.problems) process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
  process.exit(2);
}
const cues = { ...BUILTIN_CUES, ...(loaded.cues ?? {}) };
const patterns = new Set();
const phrase = (text) => {
  const compiled = compilePhrase(text, formsOf);
  if ('source' in compiled) patterns.add(compiled.source);
};
for (const { def } of loaded.rules) {
  if (def.enabled === false) continue;
  for (const matcher of def.match ?? []) {
    if (matcher.phrase !== undefined) phrase(matcher.phrase);
    for (const text of matcher.phrases ?? []) phrase(text);
    if (matcher.regex !== undefined) patterns.add(matcher.regex);
    for (const entry of matcher.cue === undefined ? [] : (cues[matcher.cue] ?? [])) {
      if (typeof entry === 'string') phrase(entry);
      else patterns.add(entry.regex);
    }
  }
}
const WORD_EDGE = /\(\?<?!\[0-9A-Za-z[^\]]*\]\)/g;
const toRipgrep = (pattern) => pattern.replace(WORD_EDGE, '(?-u:\\b)').replace(/\\u([0-9a-fA-F]{4})/g, '\\x{$1}');
const written = forRipgrep ? [...patterns].map(toRipgrep).filter((pattern) => !pattern.includes('(?<') && !pattern.includes('(?=') && !pattern.includes('(?!')) : [...patterns];
if (written.length < patterns.size) process.stderr.write(`left out ${patterns.size - written.length} of ${patterns.size} patterns (look-arounds ripgrep does not have)\n`);
process.stdout.write(written.map((pattern) => `${pattern}\n`).join(''));
