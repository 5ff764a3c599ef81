import { lemmaOf } from '../rules/word-forms.js';

/**
 * Words common enough to say nothing about a topic. Overlap conditions compare the other
 * words of a therapist turn with those of the client's last turn.
 */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `ago all and any are ask bit but can did far few for get got had has her him his how its let lot may nor not now off one
  our out own put say see she the too two use was way who why yes yet you
  about above after again against also although always another anybody anyone anything around because been before being
  below between both cannot could didn does doesn doing done down during each either else enough even ever every everyone
  everything feel feeling feels felt from further going gonna good have having hear here hers herself himself into itself
  just know like little made make makes many maybe more most much must myself never next nothing often okay only other
  others ours ourselves over quite really right said same should since some someone something sometimes sound sounds still
  such sure take tell than thank thanks that thats their theirs them themselves then there these they thing things think
  this those though through time together told too under until very want wanted well were what whatever when where which
  while whole will with within without would yeah your yours yourself yourselves`.split(/\s+/),
);

/**
 * The content words of a text: lower-cased words of three letters or more that are not
 * stopwords, each as its lemma (rules/word-forms.ts), so "worries" and "worried" meet
 * "worry" and "nightmares" meets "nightmare".
 */
export function contentWords(text: string): Set<string> {
  const words = new Set<string>();
  for (const match of text.toLowerCase().matchAll(/[a-z]+(?:'[a-z]+)?/g)) {
    const word = match[0].replace(/'.*$/, '');
    if (word.length < 3 || STOPWORDS.has(word)) continue;
    words.add(lemmaOf(word));
  }
  return words;
}
