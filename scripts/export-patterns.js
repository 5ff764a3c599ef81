#!/usr/bin/env node
// Prints the text patterns of the rules' `match` lists (phrases with their word forms as the
// engine compiles them, normalisation left out, cues expanded, authors' regexes), one per line, for comparing with other tools such as ripgrep.
//
// Usage: node scripts/export-patterns.js [--rg | --rg-regexes] [RULES]
//   (default)     every phrase compiled as `reassure` compiles it, then every author's regex as written
//   --rg          the phrases only, for ripgrep's fast path (`rg -i -f FILE`): each in ASCII mode
//                 (`(?-u:…)`), its whole-word look-arounds as ASCII word boundaries and the
//                 letters of `word*` as ASCII letters
//   --rg-regexes  the authors' regexes only, as ripgrep writes them (`\x{…}`); those with
//                 look-arounds, which ripgrep's default engine lacks, are left out
// A count goes to stderr. ripgrep is fastest given the two sets in separate runs: one
// alternation of both outgrows its DFA cache.
import { compilePhrase } from '../dist/rules/phrase.js';
import { formsOf } from '../dist/rules/word-forms.js';
import { BUILTIN_CUES } from '../dist/rules/builtin-cues.js';
import { DEFAULT_RULES_PATH, loadRuleFiles } from '../dist/rules/load.js';

const args = process.argv.slice(2);
const mode = args.includes('--rg') ? 'phrases' : args.includes('--rg-regexes') ? 'regexes' : 'all';
const loaded = loadRuleFiles(args.find((arg) => !arg.startsWith('--')) ?? DEFAULT_RULES_PATH, process.cwd());
if (!loaded.ok) {
  for (const problem of loaded.problems) process.stderr.write(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}\n`);
  process.exit(2);
}
const cues = { ...BUILTIN_CUES, ...(loaded.cues ?? {}) };
const phrases = new Set();
const regexes = new Set();
for (const { def } of loaded.rules) {
  if (def.enabled === false) continue;
  for (const matcher of def.match ?? []) {
    if (matcher.phrase !== undefined) phrases.add(matcher.phrase);
    for (const text of matcher.phrases ?? []) phrases.add(text);
    if (matcher.regex !== undefined) regexes.add(matcher.regex);
    for (const entry of matcher.cue === undefined ? [] : (cues[matcher.cue] ?? [])) {
      if (typeof entry === 'string') phrases.add(entry);
      else regexes.add(entry.regex);
    }
  }
}
const compiled = [...new Set([...phrases].map((phrase) => compilePhrase(phrase, formsOf)).flatMap((result) => ('source' in result ? [result.source] : [])))];
const usable = [...regexes].filter((regex) => !/\(\?<?[=!]/.test(regex));
const written = mode === 'phrases' ? compiled.map(toAsciiRipgrep) : mode === 'regexes' ? usable.map(toRipgrep) : [...compiled, ...regexes];
process.stdout.write(written.map((pattern) => `${pattern}\n`).join(''));
process.stderr.write(`${compiled.length} phrase patterns, ${regexes.size} authors' regexes (${regexes.size - usable.length} with look-arounds ripgrep lacks)\n`);

// A compiled phrase in ripgrep's ASCII mode: look-arounds on the letter class as `\b`, the class itself as ASCII letters,
// and a space before a clitic ("you {did|'ve done}": white space, or none before the apostrophe) as `\s*`, a little looser.
function toAsciiRipgrep(source) {
  const ascii = source
    .replace(/\(\?<?!\[0-9A-Za-z[^\]]*\]\)/g, '\\b')
    .replace(/\[0-9A-Za-z\\u00AA[^\]]*\]/g, "[0-9A-Za-z'-]")
    .replaceAll("(?:\\s+|(?='))", '\\s*');
  return `(?-u:${toRipgrep(ascii)})`;
}

// ripgrep writes code points as \x{…} and does not accept `\/`.
function toRipgrep(pattern) {
  return pattern.replace(/\\u\{?([0-9a-fA-F]{4,5})\}?/g, '\\x{$1}').replaceAll('\\/', '/');
}
