import type { CueEntryDef } from './types.js';

/**
 * Cues the built-in guards use. A rule file may redefine any of them under `cues:`.
 * Chat transcripts often drop apostrophes, so the contracted forms come both ways.
 */
export const BUILTIN_CUES: Record<string, CueEntryDef[]> = {
  // `negated: true`: a negation within a few words before the match.
  negation: [
    'not', 'never', 'no', 'nobody', 'no one', 'nothing', 'none', 'neither', 'nor', 'without', 'hardly',
    "{can't|cant|cannot|can not}", "{won't|wont}", "{don't|dont}", "{doesn't|doesnt}", "{didn't|didnt}",
    "{isn't|isnt}", "{aren't|arent}", "{wasn't|wasnt}", "{weren't|werent}", "{shouldn't|shouldnt}",
    "{wouldn't|wouldnt}", "{couldn't|couldnt}", "{haven't|havent}", "{hasn't|hasnt}", 'unable to',
  ],
  // `hedged: true`: the sentence qualifies its claim.
  hedge: [
    'might', 'may', 'maybe', 'perhaps', 'possibly', 'probably', 'could', 'often', 'sometimes', 'usually', 'tends to',
    '{many|some|most|a lot of|lots of} people', 'for some', 'for many', 'hopefully', 'I hope', 'chances are',
    "{it's|it is} different for everyone", 'no guarantee*', 'not always', 'with time', 'over time',
  ],
  // `quoted: true` also covers speech reported from someone else.
  'reported-speech': [
    '{you|he|she|they|someone|somebody|people|others|everyone} {said|say|says|told you|tell you|tells you|keep* telling you|keep* saying}',
    '{your|his|her|their} {mum|mom|mother|dad|father|parents|partner|wife|husband|boyfriend|girlfriend|boss|friend*|family|doctor|teacher|sister|brother} {said|says|told you|tells you|keeps telling you|keeps saying}',
    "you {were|have been|'ve been|get} told", 'according to',
  ],
};
