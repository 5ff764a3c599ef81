/**
 * Synthetic transcripts for tests that need many files: our own sentences, recombined, in
 * plain text, YAML and JSON Lines, with a few labelled and suppressed turns. Never real data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const CLIENT = [
  'The bus to Varrow Point was late again and I panicked.',
  'Will I be okay? Promise me it goes away.',
  "I'm hopeless, I wreck every plan I make.",
  'My grandmother passed in the winter and I never talk about it.',
  'I did the counting exercise once and it helped a little.',
  'Everyone in my course copes better than I do.',
];
const THERAPIST = [
  "It sounds like you've been holding a lot by yourself.",
  'That must have been really frightening.',
  "A lot of people feel this way before a big change; you're not alone.",
  'Panic usually peaks within about ten minutes and then fades.',
  "Don't worry about it, it's nothing.",
  'Everything will be fine, I promise.',
  'What would you tell a friend who said that?',
  "Let's not dwell on that. How is the new flat?",
  'Mm-hmm. Go on.',
];

function pick(list: readonly string[], n: number): string {
  return list[n % list.length] ?? '';
}

/** The turns of synthetic session number `s`. */
function makeTurns(s: number, turns: number): { speaker: string; text: string }[] {
  return Array.from({ length: turns }, (_, t) => {
    const therapist = t % 2 === 1;
    return { speaker: therapist ? 'Therapist' : 'Client', text: therapist ? pick(THERAPIST, s * 5 + t * 3) : pick(CLIENT, s * 7 + t) };
  });
}

/** `count` whole sessions as JSON Lines (`{"session", "turns"}` a line), their ids in descending order. */
export function makeSessionLines(count: number, turns = 12): string[] {
  return Array.from({ length: count }, (_, s) => `${JSON.stringify({ session: `session-${String(count - 1 - s).padStart(3, '0')}`, turns: makeTurns(s, turns) })}\n`);
}

/** Writes `count` transcripts (text, YAML and JSON Lines in turn) into `dir`; returns their paths. */
export function writeSyntheticCorpus(dir: string, count: number, turns = 12): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let s = 0; s < count; s++) {
    const lines = makeTurns(s, turns);
    const name = `session-${String(s).padStart(3, '0')}`;
    const kind = s % 3;
    const file = path.join(dir, `${name}.${kind === 0 ? 'txt' : kind === 1 ? 'yaml' : 'jsonl'}`);
    if (kind === 0) writeFileSync(file, lines.map((line) => `${line.speaker}: ${line.text}\n`).join(''));
    if (kind === 1) {
      const body = lines.map((line, t) => `  - speaker: ${line.speaker}\n    text: ${JSON.stringify(line.text)}\n${t === 5 ? '    labels: [false-hope]\n' : ''}`);
      writeFileSync(file, `session: ${name}\nturns:\n${body.join('')}`);
    }
    if (kind === 2) writeFileSync(file, lines.map((line) => `${JSON.stringify({ session: name, ...line })}\n`).join(''));
    files.push(file);
  }
  return files;
}
