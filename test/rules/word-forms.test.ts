import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { deinflect, formsOf, inflect, lemmaOf, WORD_FORMS_PATH } from '../../src/rules/word-forms.js';

describe('lemmaOf', () => {
  test.each([
    ['hoping', 'hope'],
    ['hopping', 'hop'],
    ['felt', 'feel'],
    ['Worries', 'worry'],
    ['worried', 'worry'],
    ['coping', 'cope'],
    ['was', 'be'],
    ["'re", 'be'],
    ["'m", 'be'],
    ["'s", "'s"],
    ["n't", 'not'],
    ['saw', 'see'],
    ['thought', 'think'],
    ['children', 'child'],
    ['lives', 'life'],
    ['feelings', 'feeling'],
    ['panicking', 'panic'],
    // Adjectives keep their form, so "better" never widens to every form of "good".
    ['better', 'better'],
    ['happier', 'happier'],
    ['tired', 'tired'],
    ['this', 'this'],
    ['nothing', 'nothing'],
    ['constructor', 'constructor'],
    // Not in the table: regular inflection taken off.
    ['vaping', 'vape'],
    ['zoomed', 'zoom'],
    ['lockdowns', 'lockdown'],
  ])('%s -> %s', (word, lemma) => {
    expect(lemmaOf(word)).toBe(lemma);
  });
});

describe('formsOf', () => {
  test.each([
    ['worry', ['worry', 'worried', 'worries', 'worrying']],
    ['worried', ['worry', 'worried', 'worries', 'worrying']],
    ['feel', ['feel', 'feeling', 'feels', 'felt']],
    ['be', ['be', "'m", "'re", 'am', 'are', 'been', 'being', 'is', 'was', 'were']],
    ['child', ['child', 'children']],
    ['better', ['better', 'bettered', 'bettering', 'betters']],
    ['this', ['this']],
    ['vape', ['vape', 'vapes', 'vaped', 'vaping']],
  ])('%s -> %j', (word, forms) => {
    expect(formsOf(word)).toEqual(forms);
  });

  test('every form of a lemma in the table reads back as that lemma or as a lemma of its own', () => {
    const table = JSON.parse(readFileSync(WORD_FORMS_PATH, 'utf8')) as { forms: Record<string, string> };
    const strays = Object.entries(table.forms).flatMap(([lemma, forms]) =>
      forms.split(' ').filter((form) => lemmaOf(form) !== lemma && !formsOf(lemmaOf(form)).includes(form)).map((form) => `${lemma}:${form}`),
    );
    expect(strays).toEqual([]);
  });
});

describe('the regular fallback for words the table does not know', () => {
  test.each([
    ['vaping', 'vape'],
    ['ghosting', 'ghost'],
    ['skipping', 'skip'],
    ['opened', 'open'],
    ['copied', 'copy'],
    ['boxes', 'box'],
    ['texts', 'text'],
    ['bus', 'bus'],
    ['ring', 'ring'],
    ["don't", "don't"],
  ])('deinflect(%s) -> %s', (word, lemma) => {
    expect(deinflect(word)).toBe(lemma);
  });

  test.each([
    ['text', ['text', 'texts', 'texted', 'texting']],
    ['vape', ['vape', 'vapes', 'vaped', 'vaping']],
    ['copy', ['copy', 'copies', 'copied', 'copying']],
    ['box', ['box', 'boxes', 'boxed', 'boxing']],
    ['ok', ['ok']],
  ])('inflect(%s) -> %j', (lemma, forms) => {
    expect(inflect(lemma)).toEqual(forms);
  });
});

describe('rules/word-forms.json', () => {
  test('is exactly what scripts/build-word-forms.js makes with the installed libraries', () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'reassure-word-forms-')), 'word-forms.json');
    const run = spawnSync(process.execPath, ['scripts/build-word-forms.js', '-o', out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(readFileSync(out, 'utf8'), 'stale word forms: node scripts/build-word-forms.js').toBe(readFileSync(WORD_FORMS_PATH, 'utf8'));
  }, 120_000);
});
