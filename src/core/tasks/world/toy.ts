/**
 * Lumi, the toy second language: a consistent, seeded word-for-word mapping from English.
 * Names of people and places stay as they are (as in real translation); word order is kept,
 * so translation is learnable from the bilingual sentences in the pretraining corpus.
 */
import { rngFor } from '../../rng';
import { ANIMALS, COLOURS, FOODS, JOBS, NUMBER_WORDS, OBJECTS, OPPOSITES, PLACES } from './lexicon';

export interface ToyLanguage {
  /** English word (lower case) → Lumi word. */
  toToy: Map<string, string>;
  fromToy: Map<string, string>;
}

/** Function words and verbs the translation sentences use. */
const GRAMMAR_WORDS = [
  'the',
  'a',
  'an',
  'is',
  'are',
  'has',
  'have',
  'likes',
  'lives',
  'in',
  'and',
  'not',
  'does',
  'eats',
  'sees',
  'my',
  'with',
  'to',
  'of',
  'at',
  'very',
  'today',
  'goes',
  'gives',
  'this',
  'that',
  'friend',
  'pet',
  'owns',
  'old',
  'years',
];

export function translationVocabulary(): string[] {
  const words = new Set<string>(GRAMMAR_WORDS);
  for (const a of ANIMALS) words.add(a.name);
  for (const f of FOODS) words.add(f.name);
  for (const o of OBJECTS) words.add(o.name);
  for (const w of [...COLOURS, ...JOBS, ...PLACES, ...NUMBER_WORDS]) words.add(w);
  for (const [a, b] of OPPOSITES) words.add(a).add(b);
  return [...words];
}

const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';

export function makeToyLanguage(seed: number): ToyLanguage {
  const rng = rngFor(seed, 'toy-language');
  const toToy = new Map<string, string>();
  const fromToy = new Map<string, string>();
  for (const word of translationVocabulary()) {
    // Short words get short toy words, so Lumi stays about as long as English.
    const syllables = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
    for (;;) {
      let w = '';
      for (let s = 0; s < syllables; s++) w += rng.pick([...CONSONANTS]) + rng.pick([...VOWELS]);
      if (syllables === 1) w += rng.pick([...CONSONANTS]);
      if (!fromToy.has(w)) {
        toToy.set(word, w);
        fromToy.set(w, word);
        break;
      }
    }
  }
  return { toToy, fromToy };
}

/** Translate word by word; words without an entry (names, places) are kept. Punctuation is kept. */
export function translateWords(text: string, dict: Map<string, string>): string {
  return text.replace(/[A-Za-z]+/g, (w) => {
    const t = dict.get(w.toLowerCase());
    if (t === undefined) return w;
    return w[0] === w[0].toUpperCase() && w[0] !== w[0].toLowerCase() ? t[0].toUpperCase() + t.slice(1) : t;
  });
}
