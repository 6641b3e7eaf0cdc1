/**
 * Simple one-clause sentences built only from words Lumi can translate (plus names and cities).
 * Facts about people are true in the world, so bilingual text never contradicts the biographies.
 */
import type { Rng } from '../../rng';
import { COLOURS, NUMBER_WORDS, OBJECTS, PLACES } from './lexicon';
import { pickPerson, pickTwoPeople, withArticle, type World } from './world';

export function bilingualSentence(world: World, rng: Rng): string {
  const p = pickPerson(world, rng);
  switch (rng.int(9)) {
    case 0:
      return `${p.name} has ${withArticle(p.ownsColour)} ${p.owns}.`;
    case 1:
      return `${p.name} likes ${p.likes}.`;
    case 2:
      return `${p.name} lives in ${p.city}.`;
    case 3:
      return `${p.name} is ${withArticle(p.job)}.`;
    case 4:
      return `${p.name} has a pet ${p.pet}.`;
    case 5: {
      const a = rng.pick(world.animals);
      return `The ${a.name} is ${a.size}.`;
    }
    case 6: {
      const [, o] = pickTwoPeople(world, rng);
      return `${p.name} goes to the ${rng.pick(PLACES)} with ${o.name}.`;
    }
    case 7: {
      const [, o] = pickTwoPeople(world, rng);
      return `${p.name} gives ${o.name} ${withArticle(rng.pick(COLOURS))} ${rng.pick(OBJECTS).name}.`;
    }
    default:
      return p.age <= 20 ? `${p.name} is ${NUMBER_WORDS[p.age]} years old.` : `${p.name} does not like ${p.dislikes}.`;
  }
}
