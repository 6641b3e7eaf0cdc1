/** Closed-book QA: no passage; answers are world facts the model can only know from pretraining. */
import { FOODS, OBJECTS } from '../world/lexicon';
import { PERSON_QUESTIONS, PERSON_RELATIONS, personValue, statePerson } from '../world/facts';
import { article, pickPerson, type World } from '../world/world';
import type { Rng } from '../../rng';
import type { DatasetSpec } from '../types';
import { YES_NO, classification, generation } from './helpers';

/** General-knowledge questions with one canonical answer (capitals, animals, objects). */
function triviaItem(world: World, rng: Rng): [string, string] {
  switch (rng.int(9)) {
    case 5: { const p = rng.pick(world.people); return [`In which country does ${p.name} live?`, p.country]; }
    case 6: { const a = rng.pick(world.animals); return [`Is ${article(a.name)} ${a.name} big or small?`, a.size]; }
    case 7: { const a = rng.pick(world.animals); return [`What does ${article(a.name)} ${a.name} eat?`, a.eats]; }
    case 8: { const f = rng.pick(FOODS); return [`What kind of food ${f.name.endsWith('s') ? 'are' : 'is'} ${f.name}?`, f.cls]; }
    case 0: { const c = rng.pick(world.countries); return [`What is the capital of ${c.name}?`, c.capital]; }
    case 1: { const c = rng.pick(world.countries); return [`${c.capital} is the capital of which country?`, c.name]; }
    case 2: { const a = rng.pick(world.animals); return [`What kind of animal is ${article(a.name)} ${a.name}?`, a.cls]; }
    case 3: { const a = rng.pick(world.animals); return [`Where does ${article(a.name)} ${a.name} live?`, `the ${a.home}`]; }
    default: { const o = rng.pick(OBJECTS); return [`What is ${article(o.name)} ${o.name} used for?`, `to ${o.use}`]; }
  }
}

export const triviaqaLike: DatasetSpec = {
  name: 'triviaqa_like', cluster: 'closed_book_qa', kind: 'generation', fields: ['question'],
  description: 'General knowledge of the world: capitals, animals, objects.',
  baseline: 'Q: {question}\nA:',
  make(world, rng) {
    const [question, answer] = triviaItem(world, rng);
    return generation({ question }, answer);
  },
  check(world, ex) {
    const q = ex.fields.question;
    const country = world.countries.find((c) => q === `What is the capital of ${c.name}?`);
    if (country) return country.capital;
    const byCapital = world.countries.find((c) => q.startsWith(`${c.capital} is`));
    if (byCapital) return byCapital.name;
    const resident = world.people.find((p) => q === `In which country does ${p.name} live?`);
    if (resident) return world.countries.find((c) => c.capital === resident.city)!.name;
    const sized = world.animals.find((a) => q.endsWith(` ${a.name} big or small?`));
    if (sized) return sized.size;
    const eater = world.animals.find((a) => q.endsWith(` ${a.name} eat?`));
    if (eater) return eater.eats;
    const food = FOODS.find((f) => q.endsWith(` ${f.name}?`) && q.startsWith('What kind of food'));
    if (food) return food.cls;
    const animal = world.animals.find((a) => q.endsWith(` ${a.name}?`) && q.includes('animal'));
    if (animal) return animal.cls;
    const home = world.animals.find((a) => q.endsWith(` ${a.name} live?`));
    if (home) return `the ${home.home}`;
    return `to ${OBJECTS.find((o) => q.includes(` ${o.name} used`))!.use}`;
  },
};

export const nqLike: DatasetSpec = {
  name: 'nq_like', cluster: 'closed_book_qa', kind: 'generation', fields: ['question'],
  description: 'Search-style lower-case questions about people of the world.',
  baseline: 'Q: {question}?\nA:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(PERSON_RELATIONS);
    const question = rng.pick(PERSON_QUESTIONS[r])(p.name).replace(/\?$/, '').toLowerCase();
    return generation({ question }, personValue(p, r), undefined, `${p.name}/${r}`);
  },
  check(world, ex) {
    for (const p of world.people) for (const r of PERSON_RELATIONS) {
      if (PERSON_QUESTIONS[r].some((q) => q(p.name).replace(/\?$/, '').toLowerCase() === ex.fields.question)) return personValue(p, r);
    }
    throw new Error('unparsed question');
  },
};

type Arc = [string, (w: World) => string[], (w: World) => string[]];
/** [question, right answers, wrong answers] — options hold one right and three wrong. */
const ARC: Arc[] = [
  ...(['mammal', 'bird', 'fish', 'insect'] as const).map((cls): Arc => [`Which animal is ${article(cls)} ${cls}?`, (w) => w.animals.filter((a) => a.cls === cls).map((a) => a.name), (w) => w.animals.filter((a) => a.cls !== cls).map((a) => a.name)]),
  ...(['sea', 'farm', 'jungle', 'forest'] as const).map((home): Arc => [`Which animal lives in the ${home}?`, (w) => w.animals.filter((a) => a.home === home).map((a) => a.name), (w) => w.animals.filter((a) => a.home !== home).map((a) => a.name)]),
  ...OBJECTS.map((o): Arc => [`Which thing do you use to ${o.use}?`, () => [o.name], () => OBJECTS.filter((x) => x !== o).map((x) => x.name)]),
  ...(['big', 'small'] as const).map((size): Arc => [`Which animal is ${size}?`, (w) => w.animals.filter((a) => a.size === size).map((a) => a.name), (w) => w.animals.filter((a) => a.size !== size).map((a) => a.name)]),
  ...(['meat', 'fish', 'seeds', 'grass'] as const).map((food): Arc => [`Which animal eats ${food}?`, (w) => w.animals.filter((a) => a.eats === food).map((a) => a.name), (w) => w.animals.filter((a) => a.eats !== food).map((a) => a.name)]),
  ...(['fruit', 'vegetable', 'drink', 'sweet'] as const).map((cls): Arc => [`Which of these is ${article(cls)} ${cls}?`, () => FOODS.filter((f) => f.cls === cls).map((f) => f.name), () => FOODS.filter((f) => f.cls !== cls).map((f) => f.name)]),
];

export const arcLike: DatasetSpec = {
  name: 'arc_like', cluster: 'closed_book_qa', kind: 'classification', fields: ['question'],
  description: 'Multiple-choice science-style questions about animals, objects and food.',
  baseline: 'Q: {question}\nA:',
  make(world, rng) {
    const [question, rights, wrongs] = rng.pick(ARC);
    const answer = rng.pick(rights(world));
    const options = rng.shuffle([answer, ...rng.shuffle(wrongs(world)).slice(0, 3)]);
    // Same question with another right answer is another item.
    return { ...classification({ question }, options, answer), key: `${question}/${answer}` };
  },
  check(world, ex) {
    const q = ex.fields.question;
    const fits = (o: string): boolean => {
      const a = world.animals.find((x) => x.name === o);
      const f = FOODS.find((x) => x.name === o);
      const obj = OBJECTS.find((x) => x.name === o);
      if (a) return q === `Which animal is ${article(a.cls)} ${a.cls}?` || q === `Which animal lives in the ${a.home}?` || q === `Which animal is ${a.size}?` || q === `Which animal eats ${a.eats}?`;
      if (f) return q.endsWith(` ${f.cls}?`);
      return !!obj && q.endsWith(`to ${obj.use}?`);
    };
    const ok = ex.options!.filter(fits);
    if (ok.length !== 1) throw new Error(`arc_like: ${ok.length} right options`);
    return ok[0];
  },
};

export const factCheckLike: DatasetSpec = {
  name: 'fact_check_like', cluster: 'closed_book_qa', kind: 'classification', fields: ['statement'],
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
