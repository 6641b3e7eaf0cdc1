/**
 * The seeded world every task and the pretraining corpus talk about. A seed fixes who lives where,
 * likes what, owns what; the kinds of animals, foods and objects are fixed common knowledge.
 * Entity order is popularity rank: index 0 is the most talked-about person (Zipf-like sampling).
 */
import { Rng, rngFor } from '../../rng';
import { ANIMALS, COLOURS, COUNTRIES, FAMILY_NAMES, FEMALE_NAMES, FOODS, JOBS, MALE_NAMES, OBJECTS } from './lexicon';
import type { AnimalKind } from './lexicon';
import { makeToyLanguage, type ToyLanguage } from './toy';

export interface Person {
  name: string;
  first: string;
  gender: 'female' | 'male';
  age: number;
  city: string;
  country: string;
  job: string;
  likes: string;
  dislikes: string;
  pet: string;
  colour: string;
  /** The one object the person owns, and its colour. */
  owns: string;
  ownsColour: string;
}

export interface Country {
  name: string;
  capital: string;
}

export interface World {
  seed: number;
  people: Person[];
  countries: Country[];
  animals: readonly AnimalKind[];
  toy: ToyLanguage;
}

export const PEOPLE_COUNT = 72;
export const COUNTRY_COUNT = 16;

export function generateWorld(seed = 1): World {
  const rng = rngFor(seed, 'world');
  const countries = rng
    .shuffle([...COUNTRIES])
    .slice(0, COUNTRY_COUNT)
    .map(([name, capital]) => ({ name, capital }));
  const firsts = rng.shuffle([...FEMALE_NAMES.map((n) => [n, 'female'] as const), ...MALE_NAMES.map((n) => [n, 'male'] as const)]);
  const lasts = rng.shuffle([...FAMILY_NAMES]);
  // Distinct ages make "older than" a strict order.
  const ages = rng.shuffle(Array.from({ length: 80 }, (_, i) => 18 + i)).slice(0, PEOPLE_COUNT);
  const pets = ANIMALS.filter((a) => a.pet).map((a) => a.name);
  const people: Person[] = [];
  for (let i = 0; i < PEOPLE_COUNT; i++) {
    const [first, gender] = firsts[i];
    const home = countries[rng.int(countries.length)];
    const likes = rng.pick(FOODS).name;
    let dislikes = rng.pick(FOODS).name;
    while (dislikes === likes) dislikes = rng.pick(FOODS).name;
    people.push({
      name: `${first} ${lasts[i % lasts.length]}`,
      first,
      gender,
      age: ages[i],
      city: home.capital,
      country: home.name,
      job: rng.pick(JOBS),
      likes,
      dislikes,
      pet: rng.pick(pets),
      colour: rng.pick(COLOURS),
      owns: rng.pick(OBJECTS).name,
      ownsColour: rng.pick(COLOURS),
    });
  }
  return { seed, people, countries, animals: ANIMALS, toy: makeToyLanguage(seed) };
}

const zipfCache = new Map<number, number[]>();
/** Cumulative Zipf(s=1) weights for n items, cached. */
function zipfCumulative(n: number): number[] {
  let c = zipfCache.get(n);
  if (!c) {
    c = [];
    let total = 0;
    for (let i = 0; i < n; i++) c.push((total += 1 / (i + 1)));
    c = c.map((x) => x / total);
    zipfCache.set(n, c);
  }
  return c;
}

/** Pick by popularity rank: item 0 most often, the tail still regularly (mixed with a uniform draw). */
export function zipfPick<T>(rng: Rng, items: readonly T[]): T {
  // Half uniform keeps rare entities present in every task; half Zipf makes "celebrities".
  if (rng.next() < 0.5) return rng.pick(items);
  const c = zipfCumulative(items.length);
  const u = rng.next();
  let i = 0;
  while (i < c.length - 1 && c[i] < u) i++;
  return items[i];
}

export function pickPerson(world: World, rng: Rng): Person {
  return zipfPick(rng, world.people);
}

/** Two different people; `sameGender` keeps a pronoun ambiguous for coreference tasks. */
export function pickTwoPeople(world: World, rng: Rng, sameGender = false): [Person, Person] {
  const a = pickPerson(world, rng);
  for (;;) {
    const b = pickPerson(world, rng);
    if (b !== a && (!sameGender || b.gender === a.gender)) return [a, b];
  }
}

export function personByName(world: World, name: string): Person | undefined {
  return world.people.find((p) => p.name === name);
}

export function animalByName(world: World, name: string): AnimalKind | undefined {
  return world.animals.find((a) => a.name === name);
}

export function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

export function withArticle(word: string): string {
  return `${article(word)} ${word}`;
}

export function pronoun(p: Person): { subj: string; obj: string; poss: string } {
  return p.gender === 'female' ? { subj: 'she', obj: 'her', poss: 'her' } : { subj: 'he', obj: 'him', poss: 'his' };
}

/** Pick n distinct items. */
export function pickDistinct<T>(rng: Rng, items: readonly T[], n: number): T[] {
  return rng.shuffle([...items]).slice(0, n);
}

export function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
