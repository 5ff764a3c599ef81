import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ReassureError } from '../../src/errors.js';
import { FEATURE_SPEC } from '../../src/model/features.js';
import { findModelProblem, loadModelFile, serializeModel, type ModelFile } from '../../src/model/model-file.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

describe('serializeModel', () => {
  test('sorts each classifier\'s weights and reads back as the same model', () => {
    const text = serializeModel(TINY_MODEL);
    expect(Object.keys((JSON.parse(text) as ModelFile).classifiers.comfort?.weights ?? {})).toEqual(['c:tired', 'rule:comfort', 'tough']);
    expect(JSON.parse(text)).toEqual(TINY_MODEL);
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('loadModelFile refuses what it cannot use, in one line naming the file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'reassure-model-'));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  test.each([
    ['corrupt.json', '{"format": "reassure-model", "vers', /^not a model file: /],
    ['other.json', '{"hello": 1}', /^not a model file \(expected "format": "reassure-model"\)$/],
    ['version.json', JSON.stringify({ ...TINY_MODEL, version: 2 }), /^model file version 2 is not supported \(expected 1\)$/],
    ['features.json', JSON.stringify({ ...TINY_MODEL, features: { ...FEATURE_SPEC, normaliser: 'lemmas-v9' } }), /^model features .* differ from this version's .*; train it again$/],
    // A model trained on plain words by an earlier version, before features were lemmas.
    ['words.json', JSON.stringify({ ...TINY_MODEL, features: { ...FEATURE_SPEC, normaliser: 'simple-words-v1' } }), /^model features \{"normaliser":"simple-words-v1",.* differ from this version's \(expected \{"normaliser":"normalised-lemmas-v3",.*; train it again$/],
    // A model trained on the normalised view before it dropped fillers and stutters.
    ['lemmas-v2.json', JSON.stringify({ ...TINY_MODEL, features: { ...FEATURE_SPEC, normaliser: 'normalised-lemmas-v2' } }), /^model features \{"normaliser":"normalised-lemmas-v2",.*; train it again$/],
    ['weights.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: { threshold: 0.5, bias: 0, weights: { tough: 'x' } } } }), /^classifiers\.comfort: weights\["tough"\]: got "x", expected a number$/],
    ['bias.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: { threshold: 0.5, weights: {} } } }), /^classifiers\.comfort: bias: got undefined, expected a number$/],
    // An edited threshold outside 0..1 made the classifier fire never (or always) without a word.
    ['threshold.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: { threshold: 5, bias: 0, weights: {} } } }), /^classifiers\.comfort: threshold: got 5, expected a number from 0 to 1$/],
    ['negative.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: { threshold: -0.5, bias: 0, weights: {} } } }), /^classifiers\.comfort: threshold: got -0.5, expected a number from 0 to 1$/],
    ['infinite.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: { threshold: 0.5, bias: 0, weights: { tough: 1 } } } }).replace('"tough":1', '"tough":1e999'), /^classifiers\.comfort: weights\["tough"\]: got Infinity, expected a number$/],
    ['null.json', JSON.stringify({ ...TINY_MODEL, classifiers: { comfort: null } }), /^classifiers\.comfort: got null, expected an object$/],
    // V8 quotes the text it could not parse, newlines and all.
    ['text.json', 'not a model\nat all', /^not a model file: invalid JSON: unexpected character "n" at line 1$/],
  ])('%s', (name, text, message) => {
    const file = write(name, text);
    let error: unknown;
    try {
      loadModelFile(file, `models/${name}`);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ReassureError);
    expect((error as ReassureError).location).toEqual({ file: `models/${name}` });
    expect((error as ReassureError).exitCode).toBe(2);
    expect((error as ReassureError).message).toMatch(message);
    expect((error as ReassureError).message).not.toContain('\n');
  });

  test('a missing file', () => {
    expect(() => loadModelFile(path.join(dir, 'absent.json'), 'absent.json')).toThrow('cannot read model file: no such file');
  });

  test('a valid file loads as written, with or without a byte-order mark', () => {
    expect(loadModelFile(write('good.json', serializeModel(TINY_MODEL)))).toEqual(TINY_MODEL);
    expect(loadModelFile(write('bom.json', `\ufeff${serializeModel(TINY_MODEL)}`))).toEqual(TINY_MODEL);
    expect(findModelProblem(TINY_MODEL)).toBeUndefined();
  });
});
