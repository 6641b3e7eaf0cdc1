/**
 * Facts of the world as (subject, relation, value) triples, each with several plain-text paraphrases.
 * The corpus states every fact in all its paraphrases across different documents (so facts become
 * retrievable, Allen-Zhu & Li); tasks quote the same sentences, so closed-book answers come from pretraining.
 */
import { ANIMALS, FOODS, OBJECTS } from './lexicon';
import { article, type Person, type World } from './world';

export type PersonRelation = 'age' | 'city' | 'job' | 'likes' | 'dislikes' | 'pet' | 'colour' | 'owns';
export const PERSON_RELATIONS: readonly PersonRelation[] = ['age', 'city', 'job', 'likes', 'dislikes', 'pet', 'colour', 'owns'];

export function personValue(p: Person, r: PersonRelation): string {
  switch (r) {
    case 'age':
      return String(p.age);
    case 'city':
      return p.city;
    case 'job':
      return p.job;
    case 'likes':
      return p.likes;
    case 'dislikes':
      return p.dislikes;
    case 'pet':
      return p.pet;
    case 'colour':
      return p.colour;
    case 'owns':
      return `${p.ownsColour} ${p.owns}`;
  }
}

type Say = (n: string, v: string) => string;
/** Five paraphrases per relation; index 0 is the canonical form tasks quote most. */
export const PERSON_STATEMENTS: Record<PersonRelation, Say[]> = {
  age: [
    (n, v) => `${n} is ${v} years old.`,
    (n, v) => `The age of ${n} is ${v}.`,
    (n, v) => `${n} turned ${v} this year.`,
    (n, v) => `At ${v} years of age, ${n} is well known in town.`,
    (n, v) => `${n}, who is ${v}, came to the party.`,
  ],
  city: [
    (n, v) => `${n} lives in ${v}.`,
    (n, v) => `The home of ${n} is in ${v}.`,
    (n, v) => `${n} has a house in the city of ${v}.`,
    (n, v) => `${v} is where ${n} lives.`,
    (n, v) => `Every morning ${n} walks through the streets of ${v}, the city where ${n} lives.`,
  ],
  job: [
    (n, v) => `${n} works as ${article(v)} ${v}.`,
    (n, v) => `The job of ${n} is ${v}.`,
    (n, v) => `${n} is ${article(v)} ${v}.`,
    (n, v) => `As ${article(v)} ${v}, ${n} works every day.`,
    (n, v) => `People know ${n} as a good ${v}.`,
  ],
  likes: [
    (n, v) => `${n} likes ${v}.`,
    (n, v) => `The favourite food of ${n} is ${v}.`,
    (n, v) => `${n} loves ${v} more than anything.`,
    (n, v) => `When ${n} is hungry, ${n} wants ${v}.`,
    (n, v) => `${n} enjoys ${v} every day.`,
  ],
  dislikes: [
    (n, v) => `${n} does not like ${v}.`,
    (n, v) => `${n} hates ${v}.`,
    (n, v) => `${n} never eats ${v}.`,
    (n, v) => `The food that ${n} dislikes is ${v}.`,
    (n, v) => `${n} says no to ${v}.`,
  ],
  pet: [
    (n, v) => `${n} has a pet ${v}.`,
    (n, v) => `The pet of ${n} is ${article(v)} ${v}.`,
    (n, v) => `${n} takes care of ${article(v)} ${v} at home.`,
    (n, v) => `${n} feeds the ${v} every day.`,
    (n, v) => `${cap(article(v))} ${v} lives with ${n}.`,
  ],
  colour: [
    (n, v) => `The favourite colour of ${n} is ${v}.`,
    (n, v) => `${n} likes the colour ${v} best.`,
    (n, v) => `${n} loves the colour ${v}.`,
    (n, v) => `Of all colours, ${n} likes ${v} most.`,
    (n, v) => `${n} wears ${v} clothes because ${v} is the favourite colour of ${n}.`,
  ],
  owns: [
    (n, v) => `${n} owns ${article(v)} ${v}.`,
    (n, v) => `${n} has ${article(v)} ${v}.`,
    (n, v) => `The ${v} belongs to ${n}.`,
    (n, v) => `${n} bought ${article(v)} ${v} last year.`,
    (n, v) => `The owner of the ${v} is ${n}.`,
  ],
};

export function statePerson(p: Person, r: PersonRelation, form = 0): string {
  const forms = PERSON_STATEMENTS[r];
  return forms[form % forms.length](p.name, personValue(p, r));
}

/** Questions whose answer is personValue(p, r). */
export const PERSON_QUESTIONS: Record<PersonRelation, ((n: string) => string)[]> = {
  age: [(n) => `How old is ${n}?`, (n) => `What is the age of ${n}?`],
  city: [(n) => `Where does ${n} live?`, (n) => `In which city does ${n} live?`],
  job: [(n) => `What is the job of ${n}?`, (n) => `What does ${n} work as?`],
  likes: [(n) => `What does ${n} like?`, (n) => `What is the favourite food of ${n}?`],
  dislikes: [(n) => `What does ${n} not like?`, (n) => `Which food does ${n} hate?`],
  pet: [(n) => `What pet does ${n} have?`, (n) => `What animal is the pet of ${n}?`],
  colour: [(n) => `What is the favourite colour of ${n}?`, (n) => `Which colour does ${n} like best?`],
  owns: [(n) => `What does ${n} own?`, (n) => `What does ${n} have?`],
};

export const CAPITAL_STATEMENTS: ((country: string, capital: string) => string)[] = [
  (c, k) => `${k} is the capital of ${c}.`,
  (c, k) => `The capital of ${c} is ${k}.`,
  (c, k) => `${k} is the biggest city in ${c} and its capital.`,
  (c, k) => `The people of ${c} have their capital in ${k}.`,
  (c, k) => `${k}, the capital city of ${c}, is very old.`,
];

export const ANIMAL_STATEMENTS: ((a: (typeof ANIMALS)[number]) => string)[] = [
  (a) => `${cap(article(a.name))} ${a.name} is a ${a.cls}.`,
  (a) => `The ${a.name} is a ${a.size} animal.`,
  (a) => `${cap(article(a.name))} ${a.name} lives in the ${a.home}.`,
  (a) => `${cap(article(a.name))} ${a.name} eats ${a.eats}.`,
  (a) => `The ${a.name} is a ${a.size} ${a.cls} that lives in the ${a.home}.`,
];

export const OBJECT_STATEMENTS: ((o: (typeof OBJECTS)[number]) => string)[] = [
  (o) => `${cap(article(o.name))} ${o.name} is used to ${o.use}.`,
  (o) => `People use ${article(o.name)} ${o.name} to ${o.use}.`,
  (o) => `If you want to ${o.use}, you need ${article(o.name)} ${o.name}.`,
  (o) => `With ${article(o.name)} ${o.name} you can ${o.use}.`,
];

export const FOOD_STATEMENTS: ((f: (typeof FOODS)[number]) => string)[] = [
  (f) => (f.cls === 'drink' ? `${cap(f.name)} is a drink.` : `${cap(f.name)} ${f.name.endsWith('s') ? 'are' : 'is'} a kind of ${f.cls}.`),
  (f) => `People buy ${f.name} at the market.`,
];

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}

/** Every person triple, for coverage checks and struct-to-text. */
export function allPersonFacts(world: World): { person: Person; relation: PersonRelation; value: string }[] {
  return world.people.flatMap((person) => PERSON_RELATIONS.map((relation) => ({ person, relation, value: personValue(person, relation) })));
}
