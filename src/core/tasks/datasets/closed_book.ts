/** Closed-book QA: no passage; answers are world facts the model can only know from pretraining. */
import { FOODS, OBJECTS } from '../world/lexicon';
import { PERSON_QUESTIONS, PERSON_RELATIONS, personValue, statePerson } from '../world/facts';
import { article, pickPerson, type Person, type World } from '../world/world';
import type { Rng } from '../../rng';
import type { DatasetSpec } from '../types';
import { YES_NO, classification, generation } from './helpers';

/** General-knowledge questions with one canonical answer (capitals, animals, food, objects); several wordings each. */
type Trivia = { ask: ((x: string) => string)[]; items: (w: World) => [string, string][] };
const TRIVIA: Trivia[] = [
  {
    ask: [
      (c) => `What is the capital of ${c}?`,
      (c) => `Which city is the capital of ${c}?`,
      (c) => `What is the capital city of ${c}?`,
      (c) => `Name the capital of ${c}.`,
    ],
    items: (w) => w.countries.map((c) => [c.name, c.capital]),
  },
  {
    ask: [
      (k) => `${k} is the capital of which country?`,
      (k) => `Which country has ${k} as its capital?`,
      (k) => `In which country is ${k}?`,
      (k) => `${k} is in which country?`,
    ],
    items: (w) => w.countries.map((c) => [c.capital, c.name]),
  },
  {
    ask: [(n) => `In which country does ${n} live?`, (n) => `Which country is ${n} from?`, (n) => `${n} lives in which country?`],
    items: (w) => w.people.map((p) => [p.name, p.country]),
  },
  { ask: [(a) => `Is ${article(a)} ${a} big or small?`, (a) => `Is the ${a} a big or a small animal?`], items: (w) => w.animals.map((a) => [a.name, a.size]) },
  {
    ask: [(a) => `What does ${article(a)} ${a} eat?`, (a) => `What does the ${a} eat?`, (a) => `What is the food of the ${a}?`],
    items: (w) => w.animals.map((a) => [a.name, a.eats]),
  },
  {
    ask: [(a) => `What kind of animal is ${article(a)} ${a}?`, (a) => `What class of animal is the ${a}?`, (a) => `The ${a} is what kind of animal?`],
    items: (w) => w.animals.map((a) => [a.name, a.cls]),
  },
  {
    ask: [(a) => `Where does ${article(a)} ${a} live?`, (a) => `Where does the ${a} live?`, (a) => `Where can you find ${article(a)} ${a}?`],
    items: (w) => w.animals.map((a) => [a.name, `the ${a.home}`]),
  },
  {
    ask: [(f) => `What kind of food ${f.endsWith('s') ? 'are' : 'is'} ${f}?`, (f) => `Which kind of food ${f.endsWith('s') ? 'are' : 'is'} ${f}?`],
    items: () => FOODS.map((f) => [f.name, f.cls]),
  },
  {
    ask: [(o) => `What is ${article(o)} ${o} used for?`, (o) => `What do people use ${article(o)} ${o} for?`, (o) => `Why do you need ${article(o)} ${o}?`],
    items: () => OBJECTS.map((o) => [o.name, `to ${o.use}`]),
  },
];

/** Every trivia question of the world with its answer (built lazily per world). */
const triviaCache = new WeakMap<World, Map<string, string>>();
function allTrivia(world: World): Map<string, string> {
  let m = triviaCache.get(world);
  if (!m) {
    m = new Map();
    for (const t of TRIVIA) for (const [x, answer] of t.items(world)) for (const ask of t.ask) m.set(ask(x), answer);
    triviaCache.set(world, m);
  }
  return m;
}

function triviaItem(world: World, rng: Rng): [string, string] {
  const t = rng.pick(TRIVIA);
  const [x, answer] = rng.pick(t.items(world));
  return [rng.pick(t.ask)(x), answer];
}

export const triviaqaLike: DatasetSpec = {
  name: 'triviaqa_like',
  cluster: 'closed_book_qa',
  kind: 'generation',
  fields: ['question'],
  description: 'General knowledge of the world: capitals, countries, animals, food, objects.',
  baseline: 'Q: {question}\nA:',
  make(world, rng) {
    const [question, answer] = triviaItem(world, rng);
    return generation({ question }, answer);
  },
  check(world, ex) {
    const answer = allTrivia(world).get(ex.fields.question);
    if (answer === undefined) throw new Error('unparsed question');
    return answer;
  },
};

const NQ_COUNTRY: ((n: string) => string)[] = [(n) => `what country does ${n} live in`, (n) => `which country is ${n} from`];

export const nqLike: DatasetSpec = {
  name: 'nq_like',
  cluster: 'closed_book_qa',
  kind: 'generation',
  fields: ['question'],
  description: 'Search-style lower-case questions about people of the world.',
  baseline: 'Q: {question}?\nA:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    if (rng.int(PERSON_RELATIONS.length + 1) === 0) {
      const question = rng.pick(NQ_COUNTRY)(p.name).toLowerCase();
      return generation({ question }, p.country, undefined, `${p.name}/country`);
    }
    const r = rng.pick(PERSON_RELATIONS);
    const question = rng.pick(PERSON_QUESTIONS[r])(p.name).replace(/\?$/, '').toLowerCase();
    // One item per fact, whatever the wording, so no fact is in two splits.
    return generation({ question }, personValue(p, r), undefined, `${p.name}/${r}`);
  },
  check(world, ex) {
    for (const p of world.people) {
      if (NQ_COUNTRY.some((q) => q(p.name).toLowerCase() === ex.fields.question)) return world.countries.find((c) => c.capital === p.city)!.name;
      for (const r of PERSON_RELATIONS) {
        if (PERSON_QUESTIONS[r].some((q) => q(p.name).replace(/\?$/, '').toLowerCase() === ex.fields.question)) return personValue(p, r);
      }
    }
    throw new Error('unparsed question');
  },
};

type Arc = [string, (w: World) => string[], (w: World) => string[]];
/** [question, right answers, wrong answers] — options hold one right and three wrong. */
const ARC: Arc[] = [
  ...(['mammal', 'bird', 'fish', 'insect'] as const).map((cls): Arc => [
    `Which animal is ${article(cls)} ${cls}?`,
    (w) => w.animals.filter((a) => a.cls === cls).map((a) => a.name),
    (w) => w.animals.filter((a) => a.cls !== cls).map((a) => a.name),
  ]),
  ...(['sea', 'farm', 'jungle', 'forest'] as const).map((home): Arc => [
    `Which animal lives in the ${home}?`,
    (w) => w.animals.filter((a) => a.home === home).map((a) => a.name),
    (w) => w.animals.filter((a) => a.home !== home).map((a) => a.name),
  ]),
  ...OBJECTS.map((o): Arc => [`Which thing do you use to ${o.use}?`, () => [o.name], () => OBJECTS.filter((x) => x !== o).map((x) => x.name)]),
  ...(['big', 'small'] as const).map((size): Arc => [
    `Which animal is ${size}?`,
    (w) => w.animals.filter((a) => a.size === size).map((a) => a.name),
    (w) => w.animals.filter((a) => a.size !== size).map((a) => a.name),
  ]),
  ...(['meat', 'fish', 'seeds', 'grass'] as const).map((food): Arc => [
    `Which animal eats ${food}?`,
    (w) => w.animals.filter((a) => a.eats === food).map((a) => a.name),
    (w) => w.animals.filter((a) => a.eats !== food).map((a) => a.name),
  ]),
  ...(['fruit', 'vegetable', 'drink', 'sweet'] as const).map((cls): Arc => [
    `Which of these is ${article(cls)} ${cls}?`,
    () => FOODS.filter((f) => f.cls === cls).map((f) => f.name),
    () => FOODS.filter((f) => f.cls !== cls).map((f) => f.name),
  ]),
];

/** [question about a value, the value of a person]: exactly one of the four people listed fits. */
const ARC_PEOPLE: [(v: string) => string, (p: Person) => string][] = [
  [(v) => `Which of these people lives in ${v}?`, (p) => p.city],
  [(v) => `Which of these people works as ${article(v)} ${v}?`, (p) => p.job],
  [(v) => `Which of these people has a pet ${v}?`, (p) => p.pet],
  [(v) => `Which of these people likes ${v}?`, (p) => p.likes],
  [(v) => `Which of these people does not like ${v}?`, (p) => p.dislikes],
  [(v) => `Which of these people likes the colour ${v} best?`, (p) => p.colour],
  [(v) => `Which of these people owns ${article(v)} ${v}?`, (p) => `${p.ownsColour} ${p.owns}`],
  [(v) => `Which of these people is ${v} years old?`, (p) => String(p.age)],
];

export const arcLike: DatasetSpec = {
  name: 'arc_like',
  cluster: 'closed_book_qa',
  kind: 'classification',
  fields: ['question'],
  description: 'Multiple-choice questions about animals, objects, food and the people of the world.',
  baseline: 'Q: {question}\nA:',
  make(world, rng) {
    // About two thirds of the items ask which of four people a memorised fact is about.
    if (rng.next() < 0.7) {
      const p = pickPerson(world, rng);
      const [ask, value] = rng.pick(ARC_PEOPLE);
      const wrongs = world.people.filter((q) => value(q) !== value(p)).map((q) => q.name);
      const options = rng.shuffle([p.name, ...rng.shuffle(wrongs).slice(0, 3)]);
      const question = ask(value(p));
      return { ...classification({ question }, options, p.name), key: `${question}/${p.name}` };
    }
    const [question, rights, wrongs] = rng.pick(ARC);
    const answer = rng.pick(rights(world));
    const options = rng.shuffle([answer, ...rng.shuffle(wrongs(world)).slice(0, 3)]);
    // Same question with another right answer is another item.
    return { ...classification({ question }, options, answer), key: `${question}/${answer}` };
  },
  check(world, ex) {
    const q = ex.fields.question;
    const people = ex.options!.map((o) => world.people.find((p) => p.name === o));
    if (people.every((p) => p)) {
      const ok = people.filter((p) => ARC_PEOPLE.some(([ask, value]) => ask(value(p!)) === q));
      if (ok.length !== 1) throw new Error(`arc_like: ${ok.length} right people`);
      return ok[0]!.name;
    }
    const fits = (o: string): boolean => {
      const a = world.animals.find((x) => x.name === o);
      const f = FOODS.find((x) => x.name === o);
      const obj = OBJECTS.find((x) => x.name === o);
      if (a)
        return (
          q === `Which animal is ${article(a.cls)} ${a.cls}?` ||
          q === `Which animal lives in the ${a.home}?` ||
          q === `Which animal is ${a.size}?` ||
          q === `Which animal eats ${a.eats}?`
        );
      if (f) return q.endsWith(` ${f.cls}?`);
      return !!obj && q.endsWith(`to ${obj.use}?`);
    };
    const ok = ex.options!.filter(fits);
    if (ok.length !== 1) throw new Error(`arc_like: ${ok.length} right options`);
    return ok[0];
  },
};

export const factCheckLike: DatasetSpec = {
  name: 'fact_check_like',
  cluster: 'closed_book_qa',
  kind: 'classification',
  fields: ['statement'],
  description: 'Is this statement about a person true? Needs memorised facts.',
  baseline: '{statement}\nquestion: True or false?\nanswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(PERSON_RELATIONS);
    const label = rng.pick(YES_NO);
    if (label === 'yes') return classification({ statement: statePerson(p, r, 0) }, [...YES_NO], label);
    // A false statement: someone else's value for the same relation.
    for (;;) {
      const q = pickPerson(world, rng);
      if (personValue(q, r) !== personValue(p, r)) return classification({ statement: statePerson({ ...p, ...pickFields(q, r) }, r, 0) }, [...YES_NO], label);
    }
  },
  check(world, ex) {
    const s = ex.fields.statement;
    const p = world.people.find((x) => s.includes(x.name))!;
    return PERSON_RELATIONS.some((r) => statePerson(p, r, 0) === s) ? 'yes' : 'no';
  },
};

function pickFields(q: ReturnType<typeof pickPerson>, r: (typeof PERSON_RELATIONS)[number]) {
  return r === 'owns' ? { owns: q.owns, ownsColour: q.ownsColour } : r === 'city' ? { city: q.city } : { [r]: (q as unknown as Record<string, unknown>)[r] };
}

export const CLOSED_BOOK_DATASETS = [triviaqaLike, nqLike, arcLike, factCheckLike];
