/** Sentiment: positive or negative, from short sentences, reviews with mixed clauses and restaurant notes. */
import { FOODS, NEGATIVE_WORDS, OBJECTS, PLACES, POSITIVE_WORDS } from '../world/lexicon';
import { pickPerson } from '../world/world';
import type { Rng } from '../../rng';
import type { DatasetSpec } from '../types';
import { POS_NEG, cap, classification } from './helpers';

const THINGS = ['film', 'book', 'song', 'game', 'show', 'trip', 'party', 'class'];

function word(rng: Rng, positive: boolean): string {
  return rng.pick(positive ? POSITIVE_WORDS : NEGATIVE_WORDS);
}

/** Independent polarity count: +1/-1 per opinion word, flipped after "not". */
function polarity(text: string): number {
  let score = 0;
  const words = text.toLowerCase().match(/[a-z]+/g) ?? [];
  words.forEach((w, i) => {
    const sign = POSITIVE_WORDS.includes(w) ? 1 : NEGATIVE_WORDS.includes(w) ? -1 : 0;
    score += words[i - 1] === 'not' ? -sign : sign;
  });
  return score;
}

export const sst2Like: DatasetSpec = {
  name: 'sst2_like',
  cluster: 'sentiment',
  kind: 'classification',
  fields: ['sentence'],
  description: 'One short sentence of opinion, sometimes negated.',
  baseline: '{sentence}\nQuestion: Is this sentence positive or negative?\nAnswer:',
  make(_world, rng) {
    const label = rng.pick(POS_NEG);
    const pos = label === 'positive';
    const thing = rng.pick(THINGS);
    const sentence = rng.pick([
      () => `The ${thing} was ${word(rng, pos)}.`,
      () => {
        const w = word(rng, pos);
        return `What ${/^[aeiou]/.test(w) ? 'an' : 'a'} ${w} ${thing}!`;
      },
      () => `The ${thing} was not ${word(rng, !pos)}.`,
      () => `This ${thing} is ${word(rng, pos)} and ${word(rng, pos)}.`,
    ])();
    return classification({ sentence }, [...POS_NEG], label);
  },
  check(_world, ex) {
    return polarity(ex.fields.sentence) > 0 ? 'positive' : 'negative';
  },
};

export const imdbLike: DatasetSpec = {
  name: 'imdb_like',
  cluster: 'sentiment',
  kind: 'classification',
  fields: ['review'],
  description: 'A three-sentence review; one clause disagrees with the overall verdict.',
  baseline: '{review}\nQuestion: Is this review positive or negative?\nAnswer:',
  make(world, rng) {
    const label = rng.pick(POS_NEG);
    const pos = label === 'positive';
    const thing = rng.pick(THINGS);
    const p = pickPerson(world, rng);
    const review = rng
      .shuffle([
        `The ${thing} with ${p.name} was ${word(rng, pos)}.`,
        `The ${rng.pick(['music', 'story', 'ending', 'start'])} was ${word(rng, !pos)}.`,
        `All in all, it was ${word(rng, pos)} and ${word(rng, pos)}.`,
      ])
      .join(' ');
    return classification({ review }, [...POS_NEG], label);
  },
  check(_world, ex) {
    return polarity(ex.fields.review) > 0 ? 'positive' : 'negative';
  },
};

export const yelpLike: DatasetSpec = {
  name: 'yelp_like',
  cluster: 'sentiment',
  kind: 'classification',
  fields: ['review'],
  description: 'A note about a cafe meal; the final promise decides.',
  baseline: '{review}\nQuestion: Is this review positive or negative?\nAnswer:',
  make(world, rng) {
    const label = rng.pick(POS_NEG);
    const pos = label === 'positive';
    const p = pickPerson(world, rng);
    const food = rng.pick(FOODS).name;
    const review = [
      `I had ${food} at the cafe near the ${rng.pick(PLACES)} in ${p.city}.`,
      `${cap(food)} ${food.endsWith('s') ? 'were' : 'was'} ${word(rng, pos)}, the ${rng.pick(OBJECTS).name} on the table was ${rng.pick(['old', 'new', 'red', 'blue'])}.`,
      pos ? 'I will come back soon.' : 'I will never come back.',
    ].join(' ');
    return classification({ review }, [...POS_NEG], label);
  },
  check(_world, ex) {
    return /never come back/.test(ex.fields.review) ? 'negative' : 'positive';
  },
};

export const SENTIMENT_DATASETS = [sst2Like, imdbLike, yelpLike];
