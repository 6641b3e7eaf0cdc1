/** Translation between English and Lumi, the toy language (sentences both ways, and single words). */
import { bilingualSentence } from '../world/sentences';
import { translateWords } from '../world/toy';
import { COLOURS, OBJECTS, OPPOSITES } from '../world/lexicon';
import type { DatasetSpec } from '../types';
import { generation } from './helpers';

export const enToLumi: DatasetSpec = {
  name: 'en_to_lumi',
  cluster: 'translation',
  kind: 'generation',
  fields: ['sentence'],
  description: 'English sentence → Lumi.',
  baseline: 'English: {sentence}\nLumi:',
  make(world, rng) {
    const sentence = bilingualSentence(world, rng);
    return generation({ sentence }, translateWords(sentence, world.toy.toToy));
  },
  check(world, ex) {
    // Back-translate the target and compare with the source.
    if (translateWords(ex.answer, world.toy.fromToy) !== ex.fields.sentence) throw new Error('round trip failed');
    return ex.answer;
  },
};

export const lumiToEn: DatasetSpec = {
  name: 'lumi_to_en',
  cluster: 'translation',
  kind: 'generation',
  fields: ['sentence'],
  description: 'Lumi sentence → English.',
  baseline: 'Lumi: {sentence}\nEnglish:',
  make(world, rng) {
    const english = bilingualSentence(world, rng);
    return generation({ sentence: translateWords(english, world.toy.toToy) }, english);
  },
  check(world, ex) {
    return translateWords(ex.fields.sentence, world.toy.fromToy);
  },
};

export const lumiWords: DatasetSpec = {
  name: 'lumi_words',
  cluster: 'translation',
  kind: 'generation',
  fields: ['word'],
  description: 'One English word or a two-word phrase ("red cup", "old horse") → Lumi, word for word.',
  baseline: 'English: {word}\nLumi:',
  make(world, rng) {
    const u = rng.next();
    const word =
      u < 0.3
        ? rng.pick([...world.toy.toToy.keys()])
        : u < 0.55
          ? `${rng.pick(COLOURS)} ${rng.pick(OBJECTS).name}`
          : `${rng.pick(rng.pick(OPPOSITES))} ${rng.pick(world.animals).name}`;
    return generation(
      { word },
      word
        .split(' ')
        .map((w) => world.toy.toToy.get(w)!)
        .join(' '),
    );
  },
  check(world, ex) {
    // Look each word up through the reverse dictionary rather than the forward one.
    const inverse = new Map([...world.toy.fromToy.entries()].map(([toy, en]) => [en, toy]));
    return ex.fields.word
      .split(' ')
      .map((w) => inverse.get(w)!)
      .join(' ');
  },
};

export const TRANSLATION_DATASETS = [enToLumi, lumiToEn, lumiWords];
