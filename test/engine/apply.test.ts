import { describe, expect, test } from 'vitest';
import { applyRules } from '../../src/engine/apply.js';
import { loadRuleSet, type CompiledRuleSet } from '../../src/rules/compile.js';
import { buildExampleTranscript, runRuleExamples } from '../../src/rules/examples.js';
import type { ExampleDef } from '../../src/rules/types.js';

function loadFeatures(): CompiledRuleSet {
  const result = loadRuleSet('test/fixtures/rules/features.yaml', process.cwd());
  if (!result.ok) throw new Error(result.problems.map((p) => p.message).join('\n'));
  return result.ruleSet;
}

const ruleSet = loadFeatures();
/** Rules that fired, as `rule@turn` (turn findings) or `rule@session[turns]`. */
const fired = (example: ExampleDef): string[] =>
  applyRules(buildExampleTranscript(example), ruleSet).map((f) =>
    f.scope === 'turn' ? `${f.rule}@${f.turn}` : `${f.rule}@session[${(f.turns ?? []).join(',')}]=${f.value}`,
  );

describe('guards', () => {
  test.each([
    ['It will be fine.', ['promise@1']],
    ["I can't say it will be fine.", []],
    ['Nobody knows whether it will be fine.', []],
    ['Nobody knows much, but honestly it will be fine.', ['promise@1']],
    ['It might be that it will be fine.', []],
    ['Do you think it will be fine?', []],
    ["It will be fine, okay?", ['promise@1']],
    ['Your mum said "it will be fine" to you.', []],
    ['She told you it will be fine.', []],
    ['If you rest, it will be fine.', []],
    ['If you rest well tonight and tomorrow, it will be fine.', ['promise@1']],
    ["Don't worry. It will be fine.", ['promise@1']],
  ])('%j', (text, expected) => {
    expect(fired(text)).toEqual(expected);
  });
});

describe('context decides', () => {
  test('the same therapist sentence is flagged after a request, and not after small talk', () => {
    expect(fired({ client: 'Will I be okay?', therapist: "You'll be fine." })).toEqual(['promise@2', 'request-answered@2']);
    expect(fired({ client: 'It was a long day.', therapist: "You'll be fine." })).toEqual(['promise@2']);
  });

  test('exploring in the same turn cancels the pitfall', () => {
    expect(fired({ client: 'Will I be okay?', therapist: "You'll be fine. Tell me more about the worry." })).toEqual(['promise@2']);
  });

  test('within: N looks back over N client turns; not-client vetoes', () => {
    expect(fired({ client: ["I'm useless.", 'Really.'], therapist: 'No, no.' })).toEqual(['contradiction@3']);
    expect(fired({ client: ["I'm useless.", 'Really.', 'Truly.'], therapist: 'No, no.' })).toEqual([]);
    expect(fired({ client: ["I'm useless.", 'just kidding'], therapist: 'No, no.' })).toEqual([]);
  });

  test('has: needs another cue in the same turn; repeat: fires from the second time', () => {
    expect(fired("I'm here. It will be fine.")).toEqual(['promise@1', 'promise-with-support@1']);
    expect(fired([{ therapist: 'It will be fine.' }, { client: 'Ok.' }, { therapist: 'It will be okay.' }])).toEqual([
      'promise@1',
      'promise@3',
      'again@3',
      'mostly-promises@session[1,3]=1',
    ]);
  });
});

describe('session rules', () => {
  test('share, sequence and count name the turns that contributed', () => {
    const session: ExampleDef = [
      { client: 'Will I be ok?' },
      { therapist: 'It will be fine.' },
      { client: 'Are you sure?' },
      { therapist: "You'll be okay." },
      { client: 'Hm.' },
      { therapist: "It'll be fine." },
    ];
    expect(fired(session)).toEqual([
      'promise@2',
      'request-answered@2',
      'promise@4',
      'request-answered@4',
      'again@4',
      'promise@6',
      'again@6',
      'mostly-promises@session[2,4,6]=1',
      'request-loop@session[2,4]=2',
      'many-promises@session[2,4,6]=3',
    ]);
  });

  test('a session finding points at its first contributing turn', () => {
    const [finding] = applyRules(buildExampleTranscript([{ therapist: 'It will be fine.' }, { therapist: 'Hi.' }]), ruleSet).filter(
      (f) => f.scope === 'session',
    );
    expect(finding).toMatchObject({ rule: 'mostly-promises', turn: 1, line: 1, turns: [1], value: 0.5, severity: 'error' });
  });
});

describe('rule examples', () => {
  test("every example in the features file passes, and a broken one is reported with the rule id", () => {
    expect(runRuleExamples(ruleSet).failures).toEqual([]);
    const promise = ruleSet.reported.find((rule) => rule.id === 'promise');
    if (!promise) throw new Error('no promise rule');
    const broken: CompiledRuleSet = {
      ...ruleSet,
      reported: [{ ...promise, examples: { hit: ['Hello.'], miss: ['It will be fine.'] } }],
    };
    expect(runRuleExamples(broken)).toEqual({
      examples: 2,
      failures: [
        { rule: 'promise', expected: 'hit', index: 1, example: 'Hello.' },
        { rule: 'promise', expected: 'miss', index: 1, example: 'It will be fine.' },
      ],
    });
  });
});

describe('linear matching', () => {
  test('a session rule reads the turn tally, so a long session costs about what its turns cost', () => {
    const turns: ExampleDef = Array.from({ length: 4000 }, (_, i) =>
      i % 2 === 0 ? { client: 'Will I be ok?' } : { therapist: 'It will be fine.' },
    );
    const findings = applyRules(buildExampleTranscript(turns), ruleSet);
    expect(findings.filter((f) => f.rule === 'promise')).toHaveLength(2000);
    expect(findings.find((f) => f.rule === 'request-loop')?.turns).toHaveLength(2000);
  });
});

describe('per-matcher guards, overlap, and measures that must all hold', () => {
  const loaded = loadRuleSet('test/fixtures/rules/features-more.yaml', process.cwd());
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  const more = loaded.ruleSet;
  const firedMore = (example: ExampleDef): string[] =>
    applyRules(buildExampleTranscript(example), more).map((f) => (f.scope === 'turn' ? `${f.rule}@${f.turn}` : `${f.rule}@session[${(f.turns ?? []).join(',')}]`));

  test.each([
    ['Maybe it will be fine.', []],
    ["Maybe you'll be okay.", ['promise@1']],
    ['It will be fine.', ['promise@1']],
  ])('a guard on one matcher leaves the others alone: %j', (text, expected) => {
    expect(firedMore(text).filter((f) => f.startsWith('promise@'))).toEqual(expected);
  });

  test('overlap: the same "anyway" is flagged when it shares no content word with the client turn', () => {
    expect(firedMore({ client: "I'm useless at my job.", therapist: 'Anyway, how was the weekend?' })).toContain('off-topic@2');
    expect(firedMore({ client: "I'm useless at my job.", therapist: 'Anyway, your job sounds hard.' })).not.toContain('off-topic@2');
    expect(firedMore({ client: 'I hate how I handled the jobs.', therapist: 'Anyway, that job is done.' })).not.toContain('off-topic@2');
  });

  test('require: all fires only when every measure holds, naming the first measure\'s turns', () => {
    expect(firedMore([{ therapist: "You'll be okay." }, { therapist: 'Right.' }])).toContain('promises-without-asking@session[1]');
    expect(firedMore([{ therapist: "You'll be okay." }, { therapist: 'How so?' }]).join()).not.toContain('promises-without-asking');
  });
});
