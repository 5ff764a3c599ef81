import { describe, expect, test } from 'vitest';
import { isScalar } from 'yaml';
import type { YAMLMap } from 'yaml';
import { getInMerged, isMergeKey, listMergedPairs, parseYamlFile, readDocumentValue } from '../src/yaml-document.js';

/** A document's value as read, or the problem with its line. */
function read(text: string): unknown {
  const { document, lineCounter } = parseYamlFile(text);
  const result = readDocumentValue(document);
  return result.ok ? result.value : { line: lineCounter.linePos(result.offset).line, message: result.message };
}

describe('listMergedPairs', () => {
  test("a mapping's own keys, then what its merge keys bring that it lacks, earlier sources first, each where it is written", () => {
    const text = ['a: &a {x: 1, y: 1}', 'b: &b {y: 2, z: 2, w: 2}', 'c:', '  <<: [*a, *b]', '  w: 3', ''].join('\n');
    const { document, lineCounter } = parseYamlFile(text);
    const c = document.get('c', true) as YAMLMap;
    const pairs = listMergedPairs(c, document).map((pair) => ({
      key: isScalar(pair.key) ? pair.key.value : undefined,
      value: isScalar(pair.value) ? pair.value.value : undefined,
      line: lineCounter.linePos(pair.value?.range?.[0] ?? 0).line,
      merged: pair.merged,
    }));
    expect(pairs).toEqual([
      { key: 'w', value: 3, line: 5, merged: false },
      { key: 'x', value: 1, line: 1, merged: true },
      { key: 'y', value: 1, line: 1, merged: true },
      { key: 'z', value: 2, line: 2, merged: true },
    ]);
    // The same keys and values as the library's own merge.
    expect(read(text)).toMatchObject({ c: { w: 3, x: 1, y: 1, z: 2 } });
  });

  test('a merge source that merges in turn brings its merged keys too', () => {
    const { document } = parseYamlFile('a: &a {x: 1}\nb: &b {<<: *a, y: 2}\nc: {<<: *b}\n');
    expect(getInMerged(document, ['c', 'x'])?.toJSON()).toBe(1);
  });

  test('a quoted "<<" is a key like any other', () => {
    const { document } = parseYamlFile('a: &a {x: 1}\nb: {"<<": *a, <<: *a}\n');
    const keys = (document.get('b', true) as YAMLMap).items.map((pair) => isMergeKey(pair.key));
    expect(keys).toEqual([false, true]);
  });
});

describe('getInMerged', () => {
  test('finds a key a merge key brings, through lists; nothing where there is none', () => {
    const { document, lineCounter } = parseYamlFile('rules:\n  - &r\n    id: a\n    match: [{regex: x}]\n  - <<: *r\n    id: b\n');
    const line = (keyPath: (string | number)[]): number | undefined => {
      const node = getInMerged(document, keyPath);
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    };
    expect([line(['rules', 1, 'id']), line(['rules', 1, 'match', 0, 'regex']), line(['rules', 1, 'name']), line(['rules', 2])]).toEqual([6, 4, undefined, undefined]);
  });

  test('finds a value through aliases, where the value is written', () => {
    const { document, lineCounter } = parseYamlFile('common: &common [a, b]\nrules:\n  - &r {id: a, match: *common}\n  - *r\n');
    const line = (keyPath: (string | number)[]): number | undefined => {
      const node = getInMerged(document, keyPath);
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    };
    expect([line(['rules', 0, 'match', 1]), line(['rules', 1, 'id']), line(['rules', 1, 'name'])]).toEqual([1, 3, undefined]);
  });
});

describe('readDocumentValue', () => {
  test('a merge key of a scalar, or a list holding one, is named at the value', () => {
    expect([read('a:\n  <<: 5\n'), read('a: &a {x: 1}\nb:\n  <<: [*a, words]\n')]).toEqual([
      { line: 2, message: 'a YAML merge key (`<<`) takes a mapping or a list of mappings (got a number)' },
      { line: 3, message: 'a YAML merge key (`<<`) takes a mapping or a list of mappings (got a string)' },
    ]);
  });

  test('merges that multiply past the alias limit, or merge a mapping into itself, are refused, not walked', () => {
    const levels = ['l0: &l0 {a: 1}'];
    for (let i = 1; i <= 12; i += 1) levels.push(`l${i}: &l${i} {x: {<<: *l${i - 1}}, y: {<<: *l${i - 1}}}`);
    const bomb = { line: 1, message: 'too many alias expansions (more than 100; an alias bomb?)' };
    expect([read(`${levels.join('\n')}\n`), read('a: &a {<<: *a}\n')]).toEqual([bomb, bomb]);
  });

  // The library read it as a list holding itself, which a walk of the nodes would follow forever.
  test('an alias inside the value it names is refused at the alias', () => {
    expect(read('a:\n  - &a [x, *a]\n')).toEqual({ line: 2, message: 'an alias (`*a`) inside the value it names, which would repeat it forever' });
  });
});

describe('parseYamlFile', () => {
  // YAML counts a lone carriage return (old Mac line ends) as a line break; the library did
  // not, so such a rule or config file was one line: "Nested mappings are not allowed in
  // compact mappings" at 1:10, 1:18, … for a file with nothing wrong in it.
  test('reads carriage-return line ends as line breaks, each problem at its own line', () => {
    expect(read('version: 1\rrules:\r  - id: x\r    kind: pitfall\r')).toEqual({ version: 1, rules: [{ id: 'x', kind: 'pitfall' }] });
    const errorLines = (text: string): number[] => {
      const { document, lineCounter } = parseYamlFile(text);
      return document.errors.map((error) => lineCounter.linePos(error.pos[0]).line);
    };
    expect(errorLines('a: 1\rb: [\rc: 3\r')).toEqual(errorLines('a: 1\nb: [\nc: 3\n'));
    expect(errorLines('a: 1\rb: [\rc: 3\r')).not.toContain(1);
  });
});
