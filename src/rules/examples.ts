import { applyRules } from '../engine/apply.js';
import type { Transcript, Turn } from '../types.js';
import type { CompiledRule, CompiledRuleSet } from './compile.js';
import type { ExampleDef } from './types.js';

/** One rule example that did not do what it says. */
export interface ExampleFailure {
  rule: string;
  expected: 'hit' | 'miss';
  /** 1-based position in the rule's `hit` or `miss` list. */
  index: number;
  example: ExampleDef;
}

/** What running every example of every reported rule found. */
export interface ExampleRun {
  examples: number;
  failures: ExampleFailure[];
}

/**
 * Runs every example of every reported rule through the whole rule set (context rules need
 * the others). A `hit` must fire on the example's last therapist turn or on the session;
 * a `miss` must not.
 */
export function runRuleExamples(ruleSet: CompiledRuleSet): ExampleRun {
  const failures: ExampleFailure[] = [];
  let examples = 0;
  for (const rule of ruleSet.reported) {
    for (const expected of ['hit', 'miss'] as const) {
      rule.examples[expected].forEach((example, i) => {
        examples++;
        if (firesOnExample(rule, example, ruleSet) !== (expected === 'hit')) {
          failures.push({ rule: rule.id, expected, index: i + 1, example });
        }
      });
    }
  }
  return { examples, failures };
}

function firesOnExample(rule: CompiledRule, example: ExampleDef, ruleSet: CompiledRuleSet): boolean {
  const transcript = buildExampleTranscript(example);
  const last = [...transcript.turns].reverse().find((turn) => turn.role === 'therapist');
  return applyRules(transcript, ruleSet).some(
    (finding) => finding.rule === rule.id && (finding.scope === 'session' || finding.turn === last?.index),
  );
}

/** An example as a small transcript: client turns, then the therapist's. */
export function buildExampleTranscript(example: ExampleDef): Transcript {
  const steps: { role: 'client' | 'therapist'; text: string }[] = [];
  if (typeof example === 'string') {
    steps.push({ role: 'therapist', text: example });
  } else if (Array.isArray(example)) {
    for (const step of example) {
      steps.push('client' in step ? { role: 'client', text: step.client } : { role: 'therapist', text: step.therapist });
    }
  } else {
    const clients = example.client === undefined ? [] : Array.isArray(example.client) ? example.client : [example.client];
    for (const text of clients) steps.push({ role: 'client', text });
    steps.push({ role: 'therapist', text: example.therapist });
  }
  const turns: Turn[] = steps.map((step, i) => ({
    index: i + 1,
    speaker: step.role === 'client' ? 'Client' : 'Therapist',
    role: step.role,
    text: step.text,
    line: i + 1,
  }));
  return { id: 'example', path: 'example', format: 'example', meta: {}, turns, line: 1 };
}

/** An example as one line of text, for reports. */
export function describeExample(example: ExampleDef): string {
  if (typeof example === 'string') return JSON.stringify(example);
  const steps = Array.isArray(example)
    ? example.map((step) => ('client' in step ? `client: ${JSON.stringify(step.client)}` : `therapist: ${JSON.stringify(step.therapist)}`))
    : [
        ...(example.client === undefined ? [] : Array.isArray(example.client) ? example.client : [example.client]).map(
          (text) => `client: ${JSON.stringify(text)}`,
        ),
        `therapist: ${JSON.stringify(example.therapist)}`,
      ];
  return steps.join(' → ');
}
