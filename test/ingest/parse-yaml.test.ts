import { describe, expect, test } from 'vitest';
import { findExcessiveNesting, parseYamlTranscript, parseYamlTranscriptFull, yamlParser } from '../../src/ingest/parse-yaml.js';
import type { ParseResult, RawTranscript } from '../../src/ingest/parser.js';

function transcriptsOf(result: ParseResult): RawTranscript[] {
  if (!result.ok) throw new Error(`expected a parse, got: ${result.error.message}`);
  return result.transcripts;
}

describe('parseYamlTranscript', () => {
  test('reads a labelled session with metadata, roles and turn extras', () => {
    const text = [
      'session: intake-03',
      'therapist: Dr. Lee',
      'date: 2024-03-01',
      'roles: {therapist: Dr. Lee}',
      'labels: [over-reliance]',
      'turns:',
      '  - speaker: Client',
      '    text: Will the panic ever stop?',
      '  - speaker: Dr. Lee',
      '    text: "It makes sense that it feels endless right now."',
      '    labels: [normalizing]',
      '    time: 00:01:02',
      '    ignore: [{rule: false-hope, reason: quoting the client}]',
      '    mood: calm',
      '',
    ].join('\n');
    expect(parseYamlTranscript(text)).toEqual({
      ok: true,
      transcripts: [
        {
          id: 'intake-03',
          meta: { therapist: 'Dr. Lee', date: '2024-03-01' },
          metaLines: { therapist: 2, date: 3 },
          roles: { therapist: ['Dr. Lee'] },
          labels: ['over-reliance'],
          line: 1,
          turns: [
            {
              speaker: 'Client',
              text: 'Will the panic ever stop?',
              line: 7,
              segments: [{ offset: 0, line: 8, column: 11 }],
            },
            {
              speaker: 'Dr. Lee',
              text: 'It makes sense that it feels endless right now.',
              line: 9,
              segments: [{ offset: 0, line: 10, column: 12 }],
              labels: ['normalizing'],
              time: '00:01:02',
              ignore: [{ rule: 'false-hope', reason: 'quoting the client' }],
              extra: { mood: 'calm' },
            },
          ],
        },
      ],
    });
  });

  test.each([
    {
      name: 'literal block: one segment per line, extra indentation kept',
      yaml: 'turns:\n  - speaker: Client\n    text: |\n      I keep thinking\n        about it\n      all day.\n',
      text: 'I keep thinking\n  about it\nall day.',
      segments: [
        { offset: 0, line: 4, column: 7 },
        { offset: 18, line: 5, column: 9 },
        { offset: 27, line: 6, column: 7 },
      ],
    },
    {
      name: 'folded block',
      yaml: '- speaker: T\n  text: >\n    That sounds\n    exhausting.\n',
      text: 'That sounds exhausting.',
      segments: [
        { offset: 0, line: 3, column: 5 },
        { offset: 12, line: 4, column: 5 },
      ],
    },
    {
      name: 'multi-line plain scalar',
      yaml: '- speaker: T\n  text: That sounds\n    exhausting.\n',
      text: 'That sounds exhausting.',
      segments: [
        { offset: 0, line: 2, column: 9 },
        { offset: 12, line: 3, column: 5 },
      ],
    },
    {
      name: 'single-quoted with an escaped quote: start only',
      yaml: "- {speaker: T, text: 'it''s hard'}\n",
      text: "it's hard",
      segments: [{ offset: 0, line: 1, column: 23 }],
    },
    {
      name: 'double-quoted with escapes: start only',
      yaml: '- speaker: T\n  text: "say \\"stop\\" to it"\n',
      text: 'say "stop" to it',
      segments: [{ offset: 0, line: 2, column: 10 }],
    },
  ])('$name', ({ yaml, text, segments }) => {
    const [transcript] = transcriptsOf(parseYamlTranscript(yaml));
    expect(transcript?.turns[0]).toMatchObject({ text, segments });
  });

  test('a bare list of turns is a session; numbers as speakers are stringified', () => {
    expect(transcriptsOf(parseYamlTranscript('- speaker: 1\n  text: Hello.\n'))).toEqual([
      { meta: {}, line: 1, turns: [{ speaker: '1', text: 'Hello.', line: 1, segments: [{ offset: 0, line: 2, column: 9 }] }] },
    ]);
  });

  test('several documents are several sessions, with their start lines', () => {
    const text = 'session: a\nturns:\n  - {speaker: T, text: Hi.}\n---\nsession: b\nturns: []\n';
    expect(transcriptsOf(parseYamlTranscript(text)).map((t) => [t.id, t.line, t.turns.length])).toEqual([
      ['a', 1, 1],
      ['b', 5, 0],
    ]);
  });

  // " false-hope" named no rule (CSV labels were trimmed, YAML ones not).
  test('labels are trimmed as CSV labels are', () => {
    const spaced = 'labels: [" over-reliance "]\nturns:\n  - {speaker: T, text: Hi, labels: ["empathy ", normalizing]}\n';
    const plain = 'labels: [over-reliance]\nturns:\n  - {speaker: T, text: Hi, labels: [empathy, normalizing]}\n';
    expect(transcriptsOf(parseYamlTranscript(spaced))).toEqual(transcriptsOf(parseYamlTranscript(plain)));
    // The same in the block shape the fast reader takes.
    const block = (labels: string) => `turns:\n  - speaker: T\n    text: Hi\n    labels: ${labels}\n`;
    expect(transcriptsOf(parseYamlTranscript(block('[" empathy", normalizing]')))).toEqual(transcriptsOf(parseYamlTranscript(block('[empathy, normalizing]'))));
    expect(parseYamlTranscript(block('[""]'))).toMatchObject({ ok: false });
  });

  // Aliases are read for everything but the text: a speaker, labels and metadata keep no positions that findings use.
  test('aliases bring a turn its speaker and labels and a session its metadata, as if written out', () => {
    const aliased = [
      'therapist: &lee Dr. Lee',
      'roles: {therapist: [*lee]}',
      'turns:',
      '  - {text: How are you?, speaker: *lee, labels: &both [empathy, normalizing]}',
      '  - speaker: *lee',
      '    text: Take your time.',
      '    labels: *both',
      '',
    ].join('\n');
    const written = [
      'therapist: Dr. Lee',
      'roles: {therapist: [Dr. Lee]}',
      'turns:',
      '  - {text: How are you?, speaker: Dr. Lee, labels: [empathy, normalizing]}',
      '  - speaker: Dr. Lee',
      '    text: Take your time.',
      '    labels: [empathy, normalizing]',
      '',
    ].join('\n');
    expect(transcriptsOf(parseYamlTranscript(aliased))).toEqual(transcriptsOf(parseYamlTranscript(written)));
  });

  // A merge key was read as a key named `<<`: "turn 2 has no `speaker`" though the merged mapping had one, and merged metadata was lost.
  test('merge keys bring a turn its speaker and labels and a session its metadata, as if written out', () => {
    const merged = [
      '- &a',
      '  session: a',
      '  therapist: Dr. Lee',
      '  roles: {therapist: [Dr. Lee]}',
      '  turns:',
      '    - &lee {speaker: Dr. Lee, text: How are you?, labels: [empathy]}',
      '    - {<<: *lee, text: Take your time.}',
      '- <<: *a',
      '  session: b',
      '  turns:',
      '    - <<: [{labels: [support-encouragement]}, *lee]',
      '      text: Welcome back.',
      '',
    ].join('\n');
    const written = [
      '- session: a',
      '  therapist: Dr. Lee',
      '  roles: {therapist: [Dr. Lee]}',
      '  turns:',
      '    - {speaker: Dr. Lee, text: How are you?, labels: [empathy]}',
      '    - {speaker: Dr. Lee, text: Take your time., labels: [empathy]}',
      '- session: b',
      '  therapist: Dr. Lee',
      '  roles: {therapist: [Dr. Lee]}',
      '  turns:',
      '    - {speaker: Dr. Lee, text: Welcome back., labels: [support-encouragement]}',
      '',
    ].join('\n');
    const withoutPositions = (transcripts: RawTranscript[]): unknown =>
      transcripts.map(({ id, meta, roles, turns }) => ({ id, meta, roles, turns: turns.map(({ speaker, text, labels }) => ({ speaker, text, labels })) }));
    const read = transcriptsOf(parseYamlTranscript(merged));
    expect(withoutPositions(read)).toEqual(withoutPositions(transcriptsOf(parseYamlTranscript(written))));
    // Each turn's text is its own, where it is written.
    expect(read.flatMap((t) => t.turns.map((turn) => [turn.line, turn.segments?.[0]?.line]))).toEqual([
      [6, 6],
      [7, 7],
      [11, 12],
    ]);
  });

  test.each([
    { name: 'malformed YAML', yaml: 'turns:\n  - speaker: T\n   text: [unclosed\n', message: /^invalid YAML: /, redacted: /^invalid YAML: /, line: 3 },
    // The library's words may quote the file (`Unresolved alias …: lee`): under --redact only its error code.
    { name: 'an alias with no anchor', yaml: 'turns:\n  - speaker: T\n    text: *lee\n', message: /^invalid YAML: Unresolved alias .*lee$/, redacted: /^invalid YAML: the parser's message left out by --redact/, line: 1 },
    { name: 'turns not a list', yaml: 'session: x\nturns: hello\n', message: /^`turns` must be a list \(got a string\)$/, line: 2 },
    { name: 'missing turns', yaml: 'session: x\n', message: /^missing `turns:`/, line: 1 },
    // init's rules/reassure.yaml in an audited folder read as a transcript "missing `turns:`".
    { name: 'a rule file', yaml: '# my rules\nversion: 1\nextends: default\nrules: []\n', message: /^a reassure rule file, not a transcript: move it out of the audited folders, or leave it out with --ignore$/, line: 2 },
    { name: 'a rule file with no extends', yaml: 'version: 1\nrules:\n  - id: x\n', message: /^a reassure rule file, not a transcript/, line: 1 },
    { name: 'a session with a version and no turns', yaml: 'session: x\nversion: 2\n', message: /^missing `turns:`/, line: 1 },
    { name: 'turn without speaker', yaml: '- text: Hi.\n', message: /^turn 1 has no `speaker`/, line: 1 },
    { name: 'turn without text', yaml: '- speaker: T\n- speaker: C\n  other: 1\n', message: /^turn 1 has no `text`/, line: 1 },
    { name: 'text not a string', yaml: '- speaker: T\n  text: Hi\n- speaker: C\n  text: 7\n', message: /^turn 2 has no `text` string \(got a number/, line: 3 },
    { name: 'turn not a mapping', yaml: 'turns:\n  - just words\n', message: /^turn 1 must be a mapping/, line: 2 },
    { name: 'labels not a list', yaml: 'labels: empathy\nturns: []\n', message: /^`labels` must be a list of strings/, line: 1 },
    // A blank label was kept: `agree` printed a row with no id, `eval` and `audit` named a rule "".
    { name: 'a blank turn label', yaml: '- speaker: T\n  text: Hi\n  labels: [empathy, " "]\n', message: /^`turn 1 labels` must hold rule ids \(got an empty string as item 2\)$/, line: 3 },
    { name: 'a blank session label', yaml: 'labels: [""]\nturns: []\n', message: /^`labels` must hold rule ids \(got an empty string as item 1\)$/, line: 1 },
    // It said "(got a list)", which is what was asked for.
    { name: 'turn labels with a number', yaml: '- speaker: T\n  text: Hi\n  labels: [empathy, 1]\n', message: /^`turn 1 labels` must be a list of strings \(got a number as item 2\)$/, line: 3 },
    // Text (or turns) from a merge key keep the merged turn's positions: their findings would point into another turn.
    {
      name: 'a merge key bringing a turn its text',
      yaml: 'turns:\n  - &t {speaker: T, text: Hi}\n  - <<: *t\n    labels: [empathy]\n',
      message: /^turn 2 uses a YAML merge key \(`<<`\) for its `text`, which is not read: write the text out$/,
      line: 3,
    },
    {
      name: 'a merge key bringing a session its turns',
      yaml: '- &a\n  session: a\n  turns: [{speaker: T, text: Hi}]\n- session: b\n  <<: *a\n',
      message: /^the session uses a YAML merge key \(`<<`\) for its `turns`, which is not read: write the turns out$/,
      line: 5,
    },
    // An alias kept the anchored text's line and column: a finding on turn 3 was reported at turn 1.
    {
      name: 'an alias as a turn\'s text',
      yaml: 'turns:\n  - {speaker: T, text: &t Everything will be fine.}\n  - {speaker: C, text: Will it?}\n  - speaker: T\n    text: *t\n',
      message: /^turn 3 takes its `text` from an alias \(`\*t`\), which is not read: write the text out$/,
      // The alias's name (often a speaker's) is left out under --redact.
      redacted: /^turn 3 takes its `text` from an alias \(its name left out by --redact\), which is not read: write the text out$/,
      line: 5,
    },
    {
      name: 'an alias as a turn',
      yaml: 'turns:\n  - &greet {speaker: T, text: Welcome back.}\n  - *greet\n',
      message: /^turn 2 is an alias \(`\*greet`\), which is not read: write the turn out$/,
      redacted: /^turn 2 is an alias \(its name left out by --redact\)/,
      line: 3,
    },
    {
      name: 'an alias as a session\'s turns',
      yaml: '- session: a\n  turns: &turns [{speaker: T, text: Hi}]\n- session: b\n  turns: *turns\n',
      message: /^the session takes its `turns` from an alias \(`\*turns`\), which is not read: write the turns out$/,
      redacted: /^the session takes its `turns` from an alias \(its name left out by --redact\)/,
      line: 4,
    },
    {
      name: 'an alias as a session',
      yaml: '- &a\n  session: a\n  turns: [{speaker: T, text: Hi}]\n- *a\n',
      message: /^session 2 is an alias \(`\*a`\), which is not read: write the session out$/,
      redacted: /^session 2 is an alias \(its name left out by --redact\)/,
      line: 4,
    },
    // The library read it as a list holding itself: metadata no report could write.
    { name: 'an alias inside the value it names', yaml: 'loop: &l [*l]\nturns: []\n', message: /^an alias \(`\*l`\) inside the value it names, which would repeat it forever$/, redacted: /^an alias \(its name left out by --redact\) inside/, line: 1 },
    { name: 'a merge key of a string', yaml: 'turns:\n  - speaker: T\n    <<: plain words\n    text: Hi\n', message: /^a YAML merge key \(`<<`\) takes a mapping or a list of mappings \(got a string\)$/, line: 3 },
    // The key may be a speaker's name (`roles: {Dr. Lee: therapist}`).
    { name: 'roles with an unknown key', yaml: 'roles: {coach: Sam}\nturns: []\n', message: /^`roles` may name only therapist and client \(got coach\)$/, redacted: /\(got another key, left out by --redact\)$/, line: 1 },
    { name: 'scalar document', yaml: 'just some words\n', message: /^expected a mapping with `turns:`/, line: 1 },
    { name: 'only comments', yaml: '# nothing here\n', message: /^no transcript found/, line: undefined },
  ] as { name: string; yaml: string; message: RegExp; redacted?: RegExp; line?: number }[])('$name → one-line error with a line', ({ yaml, message, redacted, line }) => {
    const result = parseYamlTranscript(yaml);
    const redactedMessage = redacted === undefined ? {} : { redactedMessage: expect.stringMatching(redacted) as unknown };
    expect(result).toEqual({ ok: false, error: { message: expect.stringMatching(message), ...redactedMessage, ...(line === undefined ? {} : { line }) } });
    if (!result.ok) expect(result.error.message).not.toContain('\n');
  });

  describe('hostile input returns a typed error, never hangs', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g']] as const) {
      lol.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    test.each([
      { name: 'alias bomb', yaml: `${lol.join('\n')}\nturns: *h\n`, message: /^too many alias expansions/ },
      { name: 'deep flow nesting', yaml: `${'['.repeat(100_000)}${']'.repeat(100_000)}`, message: /^nesting deeper than 64 levels$/ },
      { name: 'deep mapping nesting', yaml: `${'{a: '.repeat(20_000)}1${'}'.repeat(20_000)}`, message: /^nesting deeper than 64 levels$/ },
      { name: 'deep block nesting', yaml: Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}-`).join('\n'), message: /./ },
    ])('$name', ({ yaml, message }) => {
      const result = parseYamlTranscript(yaml);
      expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } });
    });

    test('a line of several MB parses', () => {
      const long = 'so '.repeat(1_500_000);
      const result = parseYamlTranscript(`- speaker: Client\n  text: ${long}\n`);
      expect(transcriptsOf(result)[0]?.turns[0]?.text.length).toBe(long.trim().length);
    });
  });
});

describe('transcript metadata keys that name Object properties', () => {
  const text = ['session: s', '__proto__: {therapist: Mallory, date: 2020-01-01}', 'constructor: c', 'toString: t', 'turns:', '  - speaker: T', '    text: Hi.', ''].join('\n');

  // A `__proto__` mapping once became the metadata's prototype: its therapist and date were the session's.
  test.each([
    { name: 'the full YAML parser', parse: parseYamlTranscriptFull },
    { name: 'the simple YAML reader (falling back to the full parser)', parse: parseYamlTranscript },
  ])('$name keeps each as a key of its own, lending the session nothing', ({ parse }) => {
    const meta = transcriptsOf(parse(text))[0]?.meta ?? {};
    expect(Object.getPrototypeOf(meta)).toBeNull();
    expect(Object.keys(meta)).toEqual(['__proto__', 'constructor', 'toString']);
    expect(meta['__proto__']).toEqual({ therapist: 'Mallory', date: '2020-01-01' });
    expect([meta.therapist, meta.date, meta.constructor, meta.toString]).toEqual([undefined, undefined, 'c', 't']);
  });
});

describe('findExcessiveNesting', () => {
  test.each([
    { text: 'text: I said [inaudible] and [[laughs]]', expected: undefined },
    { text: `x: ${'['.repeat(65)}`, expected: 1 },
    { text: `x:\n  ${'[\n'.repeat(70)}`, expected: 66 },
    { text: '- [a, [b, [c]]]', expected: undefined },
  ])('$text', ({ text, expected }) => {
    expect(findExcessiveNesting(text)).toBe(expected);
  });
});

describe('yamlParser.sniff', () => {
  test.each([
    { text: '# a session\nsession: x\n', expected: true },
    { text: '---\n- speaker: T\n', expected: true },
    { text: '- speaker: T\n  text: hi\n', expected: true },
    { text: 'Therapist: Hello.\n', expected: false },
  ])('$text → $expected', ({ text, expected }) => {
    expect(yamlParser.sniff?.(text)).toBe(expected);
  });
});
