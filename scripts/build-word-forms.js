#!/usr/bin/env node
// Builds rules/word-forms.json, the word forms table src/rules/word-forms.ts reads, so that no
// NLP model loads at audit time. Usage: npm run build && node scripts/build-word-forms.js [-o FILE]
//
// - Vocabulary: wink-lexicon's tagged English lexicon (about 13,000 words with their Penn tags,
//   most frequent first): its base verbs (VB) and singular nouns (NN) are the lemmas.
// - Forms: compromise conjugates each verb (-s, past, participle, -ing, irregulars included)
//   and pluralises each noun. Adjectives are not inflected: "better" keeps its form.
// - A form two lemmas share, or a form that is a lemma too, reads as the lemma of its most
//   frequent tag in the lexicon: "saw" (VBD before NN) reads "see", "feeling" (NN before VBG)
//   stays "feeling", "lives" (NNS before VBZ) reads "life".
// - `lemmas` lists the forms whose lemma regular inflection (deinflect in word-forms.ts) does
//   not give ("felt", "lives"); forms and kept words are space-separated strings. The file
//   stays small and is used as parsed, with no index to build at load.
// - The lexicon's other words (adjectives, adverbs, function words: "this", "better") are
//   listed under `keep`: they have no other forms, and the regular fallback of word-forms.ts
//   is for words the table does not know.
// The output is deterministic; test/rules/word-forms.test.ts fails when it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deinflect } from '../dist/rules/word-forms.js';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const output = process.argv.includes('-o') ? process.argv[process.argv.indexOf('-o') + 1] : path.join(root, 'rules', 'word-forms.json');

/**
 * Forms the library leaves out. Contractions: "'re" and "'m" are forms of "be", "'ve" of
 * "have", "'ll" of "will" and "n't" of "not", since each stands for one word only; "'s" (is,
 * has or a possessive) and "'d" (had or would) stand for several and are left as written.
 */
const EXTRA_FORMS = { be: ['am', 'are', 'were', 'been', "'re", "'m"], have: ["'ve"], will: ["'ll"], not: ["n't"], panic: ['panicking'] };

/**
 * Participles read as adjectives in talk about feelings and plans, whatever their most
 * frequent tag in the lexicon's newspaper text: "I'm tired" is not a form of "tire", nor
 * "supposed to" of "suppose". They stay forms of their verb for phrases ("tire" matches "tired").
 */
const ADJECTIVE_READINGS = new Set(['scared', 'supposed', 'tired', 'upset', 'used']);

const VERB_TAGS = new Set(['VB', 'VBP', 'VBD', 'VBN', 'VBG', 'VBZ', 'MD']);
const NOUN_TAGS = new Set(['NN', 'NNS']);
const WORD = /^[a-z]+$/;

const lexicon = require('wink-lexicon/src/lexicon.js');
const nlp = require('compromise');
const { methods, model } = nlp.world();
const conjugate = (verb) => methods.two.transform.verb.conjugate(verb, model);
const pluralise = (noun) => methods.two.transform.noun.toPlural(noun, model);

const words = Object.keys(lexicon).filter((word) => WORD.test(word)).sort();
/** form -> candidate lemmas by kind ('verb' | 'noun') */
const generatedBy = new Map();
const forms = new Map();
const addForm = (lemma, form, kind) => {
  if (!form || form === lemma || !WORD.test(form.replace(/'/g, ''))) return;
  const list = forms.get(lemma) ?? [];
  if (!list.includes(form)) list.push(form);
  forms.set(lemma, list);
  const by = generatedBy.get(form) ?? [];
  by.push({ lemma, kind });
  generatedBy.set(form, by);
};
for (const word of words) {
  const tags = lexicon[word];
  if (tags.includes('VB')) {
    const conjugated = conjugate(word);
    for (const key of ['PresentTense', 'PastTense', 'Participle', 'Gerund']) addForm(word, conjugated[key], 'verb');
  }
  if (tags.includes('NN')) addForm(word, pluralise(word), 'noun');
}
for (const [lemma, extra] of Object.entries(EXTRA_FORMS)) for (const form of extra) addForm(lemma, form, 'verb');

// The lemma a form reads as: by its most frequent tag that some lemma explains.
function chooseLemma(form) {
  if (ADJECTIVE_READINGS.has(form)) return form;
  const candidates = generatedBy.get(form) ?? [];
  const tags = lexicon[form] ?? [];
  for (const tag of tags) {
    if (tag === 'VB' || tag === 'VBP' || tag === 'NN') {
      if (forms.has(form) || tags.includes('VB') || tags.includes('NN')) return form;
    }
    const kind = VERB_TAGS.has(tag) ? 'verb' : NOUN_TAGS.has(tag) ? 'noun' : undefined;
    const found = candidates.find((candidate) => candidate.kind === kind);
    if (found) return found.lemma;
  }
  return (candidates.find((candidate) => candidate.kind === 'verb') ?? candidates[0])?.lemma ?? form;
}

const sortedForms = Object.fromEntries([...forms.keys()].sort().map((lemma) => [lemma, (forms.get(lemma) ?? []).sort().join(' ')]));
// Only the forms whose lemma regular inflection does not give: the runtime falls back to it.
const lemmas = {};
for (const form of [...generatedBy.keys()].sort()) {
  const chosen = chooseLemma(form);
  const regular = forms.has(form) ? form : deinflect(form);
  if (chosen !== regular) lemmas[form] = chosen;
}
const keep = words.filter((word) => !(word in lemmas) && !forms.has(word) && !generatedBy.has(word)).join(' ');

const version = (name) => JSON.parse(readFileSync(path.join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const table = {
  version: 1,
  built: { by: 'scripts/build-word-forms.js', compromise: version('compromise'), 'wink-lexicon': version('wink-lexicon') },
  forms: sortedForms,
  lemmas,
  keep,
};
writeFileSync(output, `${JSON.stringify(table)}\n`);
console.log(`${output}: ${forms.size} lemmas, ${Object.keys(lemmas).length} irregular forms, ${keep.split(' ').length} kept words`);
