import { createTextContext } from '../engine/text.js';

/**
 * The seam between a turn's text and the frames `rules suggest` counts: the words of each
 * sentence in the form frames compare them. Today: lower case, apostrophes straightened
 * ("don’t" and "don't" meet). When the engine analyses turns into lemmatised tokens, return
 * their lemmas here and every frame follows.
 */
export function frameWords(text: string): string[][] {
  const context = createTextContext(text);
  return context.sentences.map((sentence) =>
    [...context.text.slice(sentence.start, sentence.end).toLowerCase().matchAll(/[\p{L}\p{N}]+(?:'\p{L}+)*/gu)].map((match) => match[0]),
  );
}
