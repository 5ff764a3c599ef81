import { meetsNeeds } from '../rules/regex-needs.js';
import { phraseNeeds, phraseRegex, type PhraseIndex, type TextPattern } from '../rules/text-pattern.js';
import type { MatchSpan } from '../types.js';
import { cutsWord, type TurnView } from './turn-view.js';

/** What `findAll` answers when nothing matches, as it does for most patterns in most turns: one shared array, frozen. */
const NO_SPANS: readonly MatchSpan[] = Object.freeze([]);

/**
 * Every match of a pattern in a turn, as spans: its candidate phrases as one alternation of
 * them would find them (leftmost first, the earlier phrase on a tie, then on from its end),
 * then every match of its authors' regexes (those whose needs the turn meets: no other can
 * match). Phrases read the turn's folded text; spans show the text itself. Runs for every
 * text matcher of every rule in every turn: nothing is allocated when nothing matches.
 */
export function findAll(pattern: TextPattern, view: TurnView): readonly MatchSpan[] {
  let spans: MatchSpan[] | undefined;
  const { candidates, phrases } = view;
  // Each phrase's needs are looked up once; a second runnable phrase starts the list of them.
  let first = -1;
  let runnable: number[] | undefined;
  for (const id of pattern.phrases) {
    if (!candidates.has(id) || !meetsNeeds(phraseNeeds(phrases, id), view.contains)) continue;
    if (first === -1) first = id;
    else (runnable ??= [first]).push(id);
  }
  if (runnable) spans = findFirstOfEach(runnable, phrases, view.folded, view.text);
  else if (first !== -1) spans = execAll(phraseRegex(phrases, first), view.folded, view.text, spans);
  for (let i = 0; i < pattern.regexes.length; i++) {
    if (meetsNeeds(pattern.needs[i], view.contains)) spans = execAll(pattern.regexes[i] as RegExp, view.text, view.text, spans);
  }
  return spans ?? NO_SPANS;
}

/**
 * Whether a pattern matches within `text[from, to)`, the slice read on its own (its ends
 * are the text's ends for look-arounds). A slice that cuts a word may hold a word the turn
 * does not, so then every phrase is tried; a regex's needs hold of the slice's match only if
 * the whole turn holds them.
 */
export function hasMatch(pattern: TextPattern, view: TurnView, from: number, to: number): boolean {
  if (to <= from) return false;
  const slice = view.text.slice(from, to);
  const anyPhrase = cutsWord(view.text, from) || cutsWord(view.text, to);
  let folded: string | undefined;
  for (const id of pattern.phrases) {
    if (!anyPhrase && !view.candidates.has(id)) continue;
    if (!meetsNeeds(phraseNeeds(view.phrases, id), view.contains)) continue;
    folded ??= view.folded.slice(from, to);
    if (testOnce(phraseRegex(view.phrases, id), folded)) return true;
  }
  for (let i = 0; i < pattern.regexes.length; i++) {
    if (meetsNeeds(pattern.needs[i], view.contains) && testOnce(pattern.regexes[i] as RegExp, slice)) return true;
  }
  return false;
}

function testOnce(regex: RegExp, text: string): boolean {
  regex.lastIndex = 0;
  const found = regex.test(text);
  regex.lastIndex = 0;
  return found;
}

// An exec loop on the regex itself: `matchAll` would clone it on every call. `shown` is
// `text` as the span shows it (the same length). Adds to `spans`, made on the first match.
function execAll(regex: RegExp, text: string, shown: string, spans: MatchSpan[] | undefined): MatchSpan[] | undefined {
  regex.lastIndex = 0;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    if (match[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    const end = match.index + match[0].length;
    (spans ??= []).push({ start: match.index, end, text: shown.slice(match.index, end) });
  }
  regex.lastIndex = 0;
  return spans;
}

// The alternation of several phrases' regexes, each run on its own: each one's next match
// from the current position is kept until the position passes it.
function findFirstOfEach(ids: readonly number[], phrases: PhraseIndex, text: string, shown: string): MatchSpan[] | undefined {
  const regexes = ids.map((id) => phraseRegex(phrases, id));
  const next: (RegExpExecArray | null | undefined)[] = regexes.map(() => undefined);
  let spans: MatchSpan[] | undefined;
  let position = 0;
  for (;;) {
    let found: RegExpExecArray | null = null;
    for (let i = 0; i < regexes.length; i++) {
      let match = next[i];
      if (match === undefined || (match !== null && match.index < position)) {
        const regex = regexes[i] as RegExp;
        regex.lastIndex = position;
        match = regex.exec(text);
        next[i] = match;
      }
      if (match && (found === null || match.index < found.index)) found = match;
    }
    if (found === null) break;
    if (found[0].length === 0) {
      position = found.index + 1;
      continue;
    }
    const end = found.index + found[0].length;
    (spans ??= []).push({ start: found.index, end, text: shown.slice(found.index, end) });
    position = end;
  }
  for (const regex of regexes) regex.lastIndex = 0;
  return spans;
}
