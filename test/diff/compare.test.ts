import { describe, expect, test } from 'vitest';
import { compareReports, findFailingNew, findRepeatedIds, parseDiffInput, seenFrom, type DiffInput } from '../../src/diff/compare.js';
import type { JsonFinding } from '../../src/format/json.js';
import { ReassureError } from '../../src/errors.js';

const RULES: DiffInput['rules'] = [
  { id: 'empathy', kind: 'technique', name: 'Providing empathy' },
  { id: 'false-hope', kind: 'pitfall', name: 'Creating false hope' },
];

function finding(rule: string, turn: number, excerpt: string, extra: Partial<JsonFinding> = {}): JsonFinding {
  const kind = rule === 'empathy' ? 'technique' : 'pitfall';
  return {
    rule, kind, severity: kind === 'pitfall' ? 'warning' : 'info', scope: 'turn', turn, line: turn, speaker: 'Therapist',
    match: { start: 0, end: excerpt.length, text: excerpt, line: turn, column: 1 }, excerpt, ...extra,
  };
}

function report(file: string, sessions: { id: string; findings: JsonFinding[] }[], redacted = false): DiffInput {
  return { file, tool: { name: 'reassure', version: '0.1.0' }, rules: RULES, sessions: sessions.map((s) => ({ ...s, file: `${s.id}.yaml` })), failLevel: 'warning', redacted };
}

describe('compareReports', () => {
  test.each([
    {
      name: 'same turn and words: unchanged',
      old: [finding('false-hope', 4, 'It will be fine.')],
      new: [finding('false-hope', 4, 'It will be fine.')],
      expected: { old: 1, new: 1, added: 0, resolved: 0, unchanged: 1 },
    },
    {
      name: 'same words on a moved turn: unchanged',
      old: [finding('false-hope', 4, 'It will be fine.')],
      new: [finding('false-hope', 6, 'It will be fine.')],
      expected: { old: 1, new: 1, added: 0, resolved: 0, unchanged: 1 },
    },
    {
      name: 'other words on another turn: one new, one resolved',
      old: [finding('false-hope', 4, 'It will be fine.')],
      new: [finding('false-hope', 8, 'I promise it works out.')],
      expected: { old: 1, new: 1, added: 1, resolved: 1, unchanged: 0 },
    },
    {
      name: 'a second finding of the rule: one new',
      old: [finding('false-hope', 4, 'It will be fine.')],
      new: [finding('false-hope', 4, 'It will be fine.'), finding('false-hope', 9, 'You will pass.')],
      expected: { old: 1, new: 2, added: 1, resolved: 0, unchanged: 1 },
    },
  ])('$name', ({ old, new: after, expected }) => {
    const diff = compareReports(report('old.json', [{ id: 's', findings: old }]), report('new.json', [{ id: 's', findings: after }]));
    const [rule] = diff.sessions[0]?.rules ?? [];
    expect({ old: rule?.old, new: rule?.new, added: rule?.added.length, resolved: rule?.resolved.length, unchanged: rule?.unchanged }).toEqual(expected);
  });

  test('redacted reports pair by turn, with no words to compare', () => {
    const old = report('old.json', [{ id: 's', findings: [finding('empathy', 2, '')] }], true);
    const after = report('new.json', [{ id: 's', findings: [finding('empathy', 2, ''), finding('empathy', 5, '')] }], true);
    const diff = compareReports(old, after);
    expect({ totals: diff.totals, redacted: diff.redacted }).toEqual({
      totals: { added: 1, resolved: 0, unchanged: 1, addedPitfalls: 0, resolvedPitfalls: 0, sessionsAdded: 0, sessionsRemoved: 0 },
      redacted: true,
    });
  });

  test('sessions only in one report are added or removed, new-report order first', () => {
    const diff = compareReports(
      report('old.json', [{ id: 'gone', findings: [finding('false-hope', 1, 'Sure.')] }, { id: 'both', findings: [] }]),
      report('new.json', [{ id: 'both', findings: [] }, { id: 'fresh', findings: [finding('empathy', 3, 'That hurts.')] }]),
    );
    expect(diff.sessions.map((s) => [s.id, s.status, s.rules.map((r) => r.rule)])).toEqual([
      ['both', 'kept', []],
      ['fresh', 'added', ['empathy']],
      ['gone', 'removed', ['false-hope']],
    ]);
  });

  // Two files may give the same session id (copies, a reused \`session:\`); pairing by id alone paired the wrong two.
  test('sessions sharing an id pair by file first, then by id; a report against itself changes nothing', () => {
    const x = { id: 'intake', file: 'x/a.yaml', findings: [finding('false-hope', 2, 'It will be fine.')] };
    const y = { id: 'intake', file: 'y/a.yaml', findings: [finding('empathy', 2, 'That sounds hard.')] };
    const same = compareReports({ ...report('old.json', []), sessions: [x, y] }, { ...report('new.json', []), sessions: [x, y] });
    const moved = compareReports({ ...report('old.json', []), sessions: [x, y] }, { ...report('new.json', []), sessions: [{ ...y, file: 'z/a.yaml' }, x] });
    expect({
      same: same.sessions.map((s) => [s.file, s.status, s.rules.map((r) => [r.rule, r.unchanged, r.added.length, r.resolved.length])]),
      sameTotals: same.totals,
      moved: moved.sessions.map((s) => [s.file, s.status, s.rules.map((r) => [r.rule, r.unchanged, r.added.length, r.resolved.length])]),
    }).toEqual({
      same: [
        ['x/a.yaml', 'kept', [['false-hope', 1, 0, 0]]],
        ['y/a.yaml', 'kept', [['empathy', 1, 0, 0]]],
      ],
      sameTotals: { added: 0, resolved: 0, unchanged: 2, addedPitfalls: 0, resolvedPitfalls: 0, sessionsAdded: 0, sessionsRemoved: 0 },
      // y/a.yaml renamed to z/a.yaml: x/a.yaml pairs by file, the other by id.
      moved: [
        ['z/a.yaml', 'kept', [['empathy', 1, 0, 0]]],
        ['x/a.yaml', 'kept', [['false-hope', 1, 0, 0]]],
      ],
    });
  });

  // Both files of a shared id renamed: each new session took the old one listed in the same place, so listing order decided.
  test('sessions sharing an id left after pairing by file pair in order of their files, however the reports list them', () => {
    const a = { id: 'intake', file: 'a/s.yaml', findings: [finding('false-hope', 2, 'It will be fine.')] };
    const b = { id: 'intake', file: 'b/s.yaml', findings: [finding('empathy', 2, 'That sounds hard.')] };
    const c = { ...a, file: 'c/s.yaml' };
    const d = { ...b, file: 'd/s.yaml' };
    const pairs = (old: (typeof a)[], after: (typeof a)[]) =>
      compareReports({ ...report('old.json', []), sessions: old }, { ...report('new.json', []), sessions: after }).sessions.map((s) => [s.file, s.status, s.rules.map((r) => [r.rule, r.unchanged])]);
    const expected = [
      ['c/s.yaml', 'kept', [['false-hope', 1]]],
      ['d/s.yaml', 'kept', [['empathy', 1]]],
    ];
    expect(pairs([a, b], [c, d])).toEqual(expected);
    expect(pairs([b, a], [c, d])).toEqual(expected);
    expect(pairs([a, b], [d, c])).toEqual([...expected].reverse());
  });

  test('findRepeatedIds: each id listed more than once, with its count, in the order first met', () => {
    const at = (id: string, file: string) => ({ id, file, findings: [] });
    expect(findRepeatedIds([at('b', 'x'), at('a', 'x'), at('b', 'y'), at('a', 'x'), at('c', 'z'), at('b', 'x')])).toEqual([
      { id: 'b', count: 3 },
      { id: 'a', count: 2 },
    ]);
    expect(findRepeatedIds([at('a', 'x'), at('b', 'x')])).toEqual([]);
  });

  test('reports made with different rules name the ids only one has; the same rules name none', () => {
    const before = report('a.json', [{ id: 's', findings: [finding('false-hope', 2, 'You will be fine.')] }]);
    const after = { ...report('b.json', [{ id: 's', findings: [] }]), rules: [...RULES.filter((rule) => rule.id === 'empathy'), { id: 'minimising', kind: 'pitfall' as const, name: 'Minimising' }] };
    expect(compareReports(before, after).rulesOnlyIn).toEqual({ old: ['false-hope'], new: ['minimising'] });
    expect(compareReports(before, before)).not.toHaveProperty('rulesOnlyIn');
  });

  test('--fail-on-new counts new pitfalls at the fail level, not techniques or intended examples', () => {
    const after = [finding('false-hope', 4, 'A.'), finding('false-hope', 6, 'B.', { expected: true }), finding('empathy', 2, 'C.')];
    const diff = compareReports(report('old.json', [{ id: 's', findings: [] }]), report('new.json', [{ id: 's', findings: after }]));
    expect(findFailingNew(diff).map((f) => f.excerpt)).toEqual(['A.']);
  });
});

/** What parseDiffInput threw for `text`, checked to be a ReassureError. */
function catchParseError(text: string): ReassureError {
  try {
    parseDiffInput(text, 'r.json');
  } catch (error) {
    if (error instanceof ReassureError) return error;
    throw error;
  }
  throw new Error('parseDiffInput accepted the text');
}

describe('parseDiffInput', () => {
  // V8 names no position for some errors, and quotes the text (newlines too) for others.
  test.each([
    { text: '{"a":\n  ', message: 'invalid JSON: unexpected end of input', line: 2, column: 3 },
    { text: 'not json\nat all', message: 'invalid JSON: unexpected character "n"', line: 1, column: 1 },
    { text: '{"schemaVersion": 1,\n "rules": [],}', message: 'invalid JSON: unexpected character "}"', line: 2, column: 14 },
  ])('places the JSON error in $text', ({ text, message, line, column }) => {
    const error = catchParseError(text);
    expect({ message: error.message, ...error.location }).toEqual({ message, file: 'r.json', line, column });
  });

  // diff --redact of reports that were not redacted named the transcript character where a syntax error stopped.
  test('with redact, places the JSON error without naming the character there', () => {
    const text = '{"schemaVersion": 1, "rules": [], "sessions": [{"excerpt": "fine" Glimmerwick}]}';
    let caught: unknown;
    try {
      parseDiffInput(text, 'r.json', true);
    } catch (error) {
      caught = error;
    }
    const error = caught instanceof ReassureError ? { message: caught.message, ...caught.location } : caught;
    expect(error).toEqual({ message: 'invalid JSON: unexpected character (left out by --redact)', file: 'r.json', line: 1, column: text.indexOf('Glimmerwick') + 1 });
  });

  // merge read it; diff said `invalid JSON: unexpected character "\ufeff"` at 1:1, a character no one sees.
  test('reads a report saved with a byte-order mark', () => {
    const text = '{"schemaVersion": 1, "tool": {"name": "reassure", "version": "0.1.0"}, "rules": [], "sessions": []}';
    expect(parseDiffInput(`\ufeff${text}`, 'r.json')).toEqual(parseDiffInput(text, 'r.json'));
  });

  // A jsonl report got "invalid JSON: unexpected character" at its second line.
  test.each([
    { name: 'two sessions', text: '{"schemaVersion":1,"id":"a","findings":[]}\n{"schemaVersion":1,"id":"b","findings":[]}\n' },
    { name: 'one session', text: '{"schemaVersion":1,"id":"a","findings":[]}\n' },
    { name: 'a session and a warning', text: '{"schemaVersion":1,"type":"session","id":"a","findings":[]}\n{"schemaVersion":1,"type":"warning","file":"a.txt","message":"no client turn"}\n' },
    { name: 'only a warning', text: '{"schemaVersion":1,"type":"warning","file":"-","message":"standard input is empty: no session to audit"}\n' },
    { name: 'only a problem', text: '{"schemaVersion":1,"type":"problem","file":"a.csv","line":1,"message":"cannot find the speaker column"}\n' },
  ])('names a jsonl report ($name) and the merge that makes it a json one', ({ text }) => {
    const error = catchParseError(text);
    expect({ message: error.message, ...error.location }).toEqual({
      message: 'a jsonl report; diff reads json reports: `reassure merge r.json --format json -o OUT.json` turns it into one',
      file: 'r.json',
    });
  });

  const FINDING = '{"rule": "x", "kind": "pitfall", "severity": "warning", "scope": "turn", "turn": 1, "line": 1, "speaker": "T", "match": {"start": 0, "end": 1, "text": "x", "line": 1, "column": 1}, "excerpt": "x"}';
  test.each([
    { text: '{"name": "x"}', message: expect.stringMatching(/^not a reassure JSON report/) },
    { text: '{"schemaVersion": 1, "rules": [], "sessions": [{"id": 3}]}', message: 'not a reassure JSON report: sessions[0]: missing "file"' },
    { text: '{"schemaVersion": 1, "rules": [], "sessions": [{"id": 3, "file": "s.txt", "findings": []}]}', message: 'not a reassure JSON report: sessions[0].id: got 3, expected a string' },
    { text: '{"schemaVersion": 1, "rules": [null], "sessions": []}', message: 'not a reassure JSON report: rules[0]: got null, expected an object' },
    { text: '{"schemaVersion": 1, "rules": [{"id": "x", "kind": "pitfall"}], "sessions": []}', message: 'not a reassure JSON report: rules[0]: missing "name"' },
    { text: '{"schemaVersion": 1, "rules": [], "sessions": [{"id": "s", "file": "s.txt", "findings": [null]}]}', message: 'not a reassure JSON report: sessions[0].findings[0]: got null, expected an object' },
    {
      text: '{"schemaVersion": 1, "rules": [], "sessions": [{"id": "s", "file": "s.txt", "findings": [{"rule": "x", "kind": "pitfall", "severity": "warning", "turn": 1, "excerpt": ""}]}]}',
      message: 'not a reassure JSON report: sessions[0].findings[0]: missing "scope"',
    },
    // Fields the pairing and the formats read were not checked: a tool without its version
    // was "internal error (please report it)" with a stack in `--format html`, a session
    // without its file was written as "undefined", an unknown fail level passed every pitfall.
    { text: '{"schemaVersion": 1, "tool": {"name": "x"}, "rules": [], "sessions": []}', message: 'not a reassure JSON report: tool: missing "version"' },
    { text: `{"schemaVersion": 1, "rules": [], "sessions": [{"id": "s", "findings": [${FINDING}]}]}`, message: 'not a reassure JSON report: sessions[0]: missing "file"' },
    { text: '{"schemaVersion": 1, "rules": [], "sessions": [], "failLevel": "bogus"}', message: 'not a reassure JSON report: failLevel: got "bogus", expected one of info, warning, error, never' },
    { text: `{"schemaVersion": 1, "rules": [], "sessions": [{"id": "s", "file": "s.txt", "findings": [${FINDING.replace('"pitfall"', '"bogus"')}]}]}`, message: 'not a reassure JSON report: sessions[0].findings[0].kind: got "bogus", expected one of technique, pitfall' },
  ])('refuses $text', ({ text, message }) => {
    const error = catchParseError(text);
    expect({ message: error.message, file: error.location.file }).toEqual({ message, file: 'r.json' });
  });
});

describe('sessions of one file seen from two working folders', () => {
  const at = (file: string, id = file.replace(/\.[^./]*$/, '')) => ({ id, file, findings: [finding('false-hope', 2, 'It will be fine.')] });
  const of = (name: string, sessions: ReturnType<typeof at>[]): DiffInput => ({ ...report(name, []), sessions });
  const statuses = (diff: ReturnType<typeof compareReports>) => diff.sessions.map((session) => `${session.id}:${session.status}`);

  // `audit transcripts other` in the project against `audit . ../other` in transcripts/: every
  // session was removed and added, and each finding resolved and new.
  test('one report made in a subfolder: every session paired, and the pairing said', () => {
    const old = of('old.json', [at('other/b.txt'), at('transcripts/a.txt'), at('transcripts/x.yaml'), at('transcripts/x.yaml', 'transcripts/x#2')]);
    const after = of('new.json', [at('../other/b.txt'), at('a.txt'), at('x.yaml'), at('x.yaml', 'x#2')]);
    const diff = compareReports(old, after);
    expect({ sessions: statuses(diff), totals: diff.totals, pairedByFile: diff.pairedByFile }).toEqual({
      sessions: ['../other/b:kept', 'a:kept', 'x:kept', 'x#2:kept'],
      totals: { added: 0, resolved: 0, unchanged: 4, addedPitfalls: 0, resolvedPitfalls: 0, sessionsAdded: 0, sessionsRemoved: 0 },
      pairedByFile: { sessions: 4, madeIn: 'new', folder: 'transcripts', example: { old: 'other/b.txt', new: '../other/b.txt' } },
    });
    const back = compareReports(after, old);
    expect({ sessions: statuses(back), pairedByFile: back.pairedByFile }).toEqual({
      sessions: ['other/b:kept', 'transcripts/a:kept', 'transcripts/x:kept', 'transcripts/x#2:kept'],
      pairedByFile: { sessions: 4, madeIn: 'old', folder: 'transcripts', example: { old: '../other/b.txt', new: 'other/b.txt' } },
    });
  });

  test('a folder two deep, and sessions paired by id are left as they are', () => {
    const diff = compareReports(of('old.json', [at('data/t/a.txt'), at('s.yaml', 'intake')]), of('new.json', [at('a.txt'), at('../../s.yaml', 'intake')]));
    expect({ sessions: statuses(diff), pairedByFile: diff.pairedByFile }).toEqual({
      sessions: ['a:kept', 'intake:kept'],
      pairedByFile: { sessions: 1, madeIn: 'new', folder: 'data/t', example: { old: 'data/t/a.txt', new: 'a.txt' } },
    });
  });

  test.each([
    // a.txt may be x/a.txt or y/a.txt: never guessed.
    { name: 'two files a path could be', old: [at('x/a.txt'), at('y/a.txt')], new: [at('a.txt')], sessions: ['a:added', 'x/a:removed', 'y/a:removed'] },
    // In transcripts/ a.txt is transcripts/a.txt; in notes/ b.txt is notes/b.txt: the new report cannot have been made in both.
    { name: 'two subfolders that would each pair a session', old: [at('transcripts/a.txt'), at('notes/b.txt')], new: [at('a.txt'), at('b.txt')], sessions: ['a:added', 'b:added', 'transcripts/a:removed', 'notes/b:removed'] },
    { name: 'a named session whose name changed', old: [at('transcripts/a.yaml', 'intake')], new: [at('a.yaml', 'intake-2')], sessions: ['intake-2:added', 'intake:removed'] },
    { name: 'the same name under another folder', old: [at('x/a.txt')], new: [at('y/a.txt')], sessions: ['y/a:added', 'x/a:removed'] },
  ])('not paired: $name', ({ old, new: after, sessions }) => {
    const diff = compareReports(of('old.json', old), of('new.json', after));
    expect({ sessions: statuses(diff), pairedByFile: diff.pairedByFile }).toEqual({ sessions, pairedByFile: undefined });
  });
});

describe('seenFrom', () => {
  test.each([
    ['transcripts', 'transcripts/a.txt', 'a.txt'],
    ['transcripts', 'other/b.txt', '../other/b.txt'],
    ['transcripts', '../b.txt', '../../b.txt'],
    ['data/t', 'data/t/a.txt', 'a.txt'],
    ['data/t', 'data/u/a.txt', '../u/a.txt'],
    ['data/t', 'b.txt', '../../b.txt'],
    ['t', 't', '../t'],
  ])('from %s, %s is %s', (folder, file, expected) => {
    expect(seenFrom(folder, file)).toBe(expected);
  });
});
