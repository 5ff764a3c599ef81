#!/usr/bin/env node
// Compares the English lemmatisers that could build rules/word-forms.json, on quality and
// speed: wink-nlp with its lite English model (each word read on its own, tagged by its model),
// wink-lemmatizer (WordNet's morphy; no tagger, so a word is tried as a verb, then a noun) and
// compromise (its own tagger, the `root` of each term). Quality: how many of the forms below
// each reads as the lemma a phrase should match (adjectives keep their form: "better" stays).
// Speed: words lemmatised per millisecond, each library warmed first; and its load time.
// The last row is rules/word-forms.json through src/rules/word-forms.ts (what reassure uses),
// with the time to load it and look up 2,000 words.
// Usage: npm run build && node scripts/compare-lemmatisers.js   (dev dependencies installed)
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);

/** Form -> lemma a phrase should match it by; irregulars and look-alikes ("hoping", not "hop"). */
const GOLD = {
  worries: 'worry', worried: 'worry', worrying: 'worry', feels: 'feel', felt: 'feel', feeling: 'feel',
  is: 'be', am: 'be', are: 'be', was: 'be', were: 'be', been: 'be', being: 'be',
  hoping: 'hope', hoped: 'hope', hopes: 'hope', hopping: 'hop', coping: 'cope', coped: 'cope', struggling: 'struggle',
  went: 'go', gone: 'go', goes: 'go', thought: 'think', made: 'make', said: 'say', had: 'have', has: 'have',
  did: 'do', does: 'do', done: 'do', knew: 'know', known: 'know', saw: 'see', seen: 'see', took: 'take',
  taken: 'take', began: 'begin', brought: 'bring', caught: 'catch', slept: 'sleep', kept: 'keep', spoke: 'speak',
  lost: 'lose', losing: 'lose', crying: 'cry', cried: 'cry', tried: 'try', lying: 'lie', dying: 'die',
  stopped: 'stop', planning: 'plan', panicking: 'panic', panicked: 'panic', getting: 'get', got: 'get',
  children: 'child', people: 'people', feet: 'foot', lives: 'life', crises: 'crisis', fears: 'fear',
  feelings: 'feeling', thoughts: 'thought', memories: 'memory', families: 'family', wives: 'wife',
  relationships: 'relationship', therapists: 'therapist', sessions: 'session', anxieties: 'anxiety',
  better: 'better', worse: 'worse', happier: 'happier', best: 'best', easier: 'easier', calmer: 'calmer',
  hurt: 'hurt', hurting: 'hurt', understood: 'understand', understanding: 'understand', deserved: 'deserve',
  overwhelmed: 'overwhelm', blamed: 'blame', blaming: 'blame', managing: 'manage', handled: 'handle',
};

const ADJECTIVE_FORMS = new Set(['better', 'worse', 'happier', 'best', 'easier', 'calmer']);

/** Each candidate: load() -> lemmatise(word). */
const CANDIDATES = {
  'wink-nlp + lite model': () => {
    const winkNlp = require('wink-nlp');
    const nlp = winkNlp(require('wink-eng-lite-web-model'), ['pos']);
    const its = nlp.its;
    return (word) => {
      const tokens = nlp.readDoc(word).tokens();
      const tag = tokens.out(its.pos)[0];
      return tag === 'ADJ' ? word : (tokens.out(its.lemma)[0] ?? word);
    };
  },
  'wink-lemmatizer': () => {
    const lemmatizer = require('wink-lemmatizer');
    return (word) => {
      const verb = lemmatizer.lemmatizeVerb(word);
      return verb !== word ? verb : lemmatizer.lemmatizeNoun(word);
    };
  },
  compromise: () => {
    const nlp = require('compromise');
    return (word) => {
      const doc = nlp(word);
      if (doc.has('#Adjective')) return word;
      doc.compute('root');
      return doc.json()[0]?.terms[0]?.root ?? word;
    };
  },
};

const { lemmaOf } = await import('../dist/rules/word-forms.js');
CANDIDATES['rules/word-forms.json'] = () => lemmaOf;

const forms = Object.keys(GOLD);
const rows = [];
for (const [name, load] of Object.entries(CANDIDATES)) {
  const loadStart = performance.now();
  const lemmatise = load();
  // The first lookup loads a lazy table.
  lemmatise('worries');
  const loadMs = performance.now() - loadStart;
  const misses = forms.filter((form) => lemmatise(form) !== GOLD[form]).map((form) => `${form}->${lemmatise(form)}`);
  const started = performance.now();
  let count = 0;
  while (performance.now() - started < 1000) {
    for (const form of forms) count += lemmatise(form) === '' ? 0 : 1;
  }
  rows.push({ name, loadMs, right: forms.length - misses.length, perMs: count / (performance.now() - started), misses });
}
console.log(`| library | load (ms) | right of ${forms.length} (${ADJECTIVE_FORMS.size} adjectives keep their form) | words/ms | misses |`);
console.log('|---|---|---|---|---|');
for (const row of rows) {
  console.log(`| ${row.name} | ${row.loadMs.toFixed(0)} | ${row.right} | ${row.perMs.toFixed(1)} | ${row.misses.join(', ')} |`);
}

const sample = Array.from({ length: 2000 }, (_, i) => forms[i % forms.length] + (i % 3 === 0 ? '' : 's'));
const { spawnSync } = await import('node:child_process');
const timed = spawnSync(process.execPath, ['--input-type=module', '-e', `
  const { lemmaOf } = await import(${JSON.stringify(new URL('../dist/rules/word-forms.js', import.meta.url).href)});
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const word of ${JSON.stringify(sample)}) lemmaOf(word);
  const used = process.cpuUsage(cpu);
  console.log((performance.now() - started).toFixed(1) + ' ms wall, ' + ((used.user + used.system) / 1000).toFixed(1) + ' ms CPU');
`], { encoding: 'utf8' });
console.log(`\nrules/word-forms.json in a fresh process, module imported: load and 2,000 lookups in ${timed.stdout.trim()}`);
