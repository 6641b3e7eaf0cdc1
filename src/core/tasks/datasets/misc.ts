/** Misc: question types, grammaticality, arithmetic, punctuation, counting. */
import { ANIMALS, COLOURS, FOODS, OBJECTS } from '../world/lexicon';
import { PERSON_QUESTIONS, PERSON_RELATIONS, PERSON_STATEMENTS, personValue, statePerson } from '../world/facts';
import { makeStory } from '../world/stories';
import { article, pickPerson } from '../world/world';
import type { DatasetSpec } from '../types';
import { classification, generation } from './helpers';

const QTYPES = ['person', 'place', 'number', 'thing'];

export const trecLike: DatasetSpec = {
  name: 'trec_like',
  cluster: 'misc',
  kind: 'classification',
  fields: ['question'],
  description: 'What type of thing does the question ask for?',
  baseline: '{question}\nThe answer to this question is a',
  make(world, rng) {
    const type = rng.pick(QTYPES);
    const p = pickPerson(world, rng);
    const a = rng.pick(world.animals);
    const pool: Record<string, (() => string)[]> = {
      person: [
        () => `Who lives in ${p.city}?`,
        () => `Who owns ${article(p.ownsColour)} ${p.ownsColour} ${p.owns}?`,
        () => `Who won the race in the park?`,
        () => `Who is the oldest ${p.job}?`,
      ],
      place: [
        () => rng.pick(PERSON_QUESTIONS.city)(p.name),
        () => `Where does ${article(a.name)} ${a.name} live?`,
        () => `Which city is the capital of ${rng.pick(world.countries).name}?`,
      ],
      number: [() => rng.pick(PERSON_QUESTIONS.age)(p.name), () => `How many ${rng.pick(FOODS).name} does ${p.name} have?`],
      thing: [() => rng.pick(PERSON_QUESTIONS[rng.pick(['job', 'likes', 'pet', 'colour', 'owns'] as const)])(p.name), () => `What did ${p.name} lose?`],
    };
    return classification({ question: rng.pick(pool[type])() }, [...QTYPES], type);
  },
  check(_world, ex) {
    const q = ex.fields.question;
    if (q.startsWith('Who ')) return 'person';
    if (/^Where |^In which city |^Which city /.test(q)) return 'place';
    if (/^How old |^How many |age of /.test(q)) return 'number';
    return 'thing';
  },
};

const ACCEPT = ['acceptable', 'unacceptable'];
const AGREEMENT: [RegExp, string][] = [
  [/ is /, ' are '],
  [/ lives /, ' live '],
  [/ likes /, ' like '],
  [/ has /, ' have '],
  [/ works /, ' work '],
  [/ does not /, ' do not '],
];

export const colaLike: DatasetSpec = {
  name: 'cola_like',
  cluster: 'misc',
  kind: 'classification',
  fields: ['sentence'],
  description: 'Is the sentence acceptable English?',
  baseline: '{sentence}\nQuestion: Does this sentence make sense?\nAnswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const good = statePerson(p, rng.pick(PERSON_RELATIONS), rng.int(5));
    const label = rng.pick(ACCEPT);
    if (label === 'acceptable') return classification({ sentence: good }, [...ACCEPT], label);
    for (;;) {
      let bad: string;
      const rule = AGREEMENT.find(([re]) => re.test(good));
      if (rule && rng.next() < 0.5) bad = good.replace(rule[0], rule[1]);
      else {
        // Swap two neighbouring words after the name.
        const w = good.replace(/\.$/, '').split(' ');
        const i = 2 + rng.int(Math.max(1, w.length - 3));
        if (i + 1 < w.length) [w[i], w[i + 1]] = [w[i + 1], w[i]];
        bad = w.join(' ') + '.';
      }
      if (bad !== good) return classification({ sentence: bad }, [...ACCEPT], label);
    }
  },
  check(world, ex) {
    const s = ex.fields.sentence;
    const p = world.people.find((x) => s.includes(x.first))!;
    const valid = PERSON_RELATIONS.some((r) => PERSON_STATEMENTS[r].some((f) => f(p.name, personValue(p, r)) === s));
    return valid ? 'acceptable' : 'unacceptable';
  },
};

export const mathLike: DatasetSpec = {
  name: 'math_like',
  cluster: 'misc',
  kind: 'generation',
  fields: ['question'],
  description: 'Small arithmetic, bare or as a word problem.',
  baseline: 'Q: {question}\nA:',
  make(world, rng) {
    const x = 1 + rng.int(12);
    const y = 1 + rng.int(12);
    switch (rng.int(4)) {
      case 0:
        return generation({ question: `What is ${x} plus ${y}?` }, String(x + y));
      case 1:
        return generation({ question: `What is ${Math.max(x, y)} minus ${Math.min(x, y)}?` }, String(Math.abs(x - y)));
      case 2:
        return generation({ question: `What is ${x % 6} times ${y % 6}?` }, String((x % 6) * (y % 6)));
      default: {
        const p = pickPerson(world, rng);
        const f = rng.pick(FOODS.filter((z) => z.name.endsWith('s'))).name;
        return generation({ question: `${p.name} has ${x} ${f} and buys ${y} more. How many ${f} does ${p.name} have now?` }, String(x + y));
      }
    }
  },
  check(_world, ex) {
    const n = (ex.fields.question.match(/\d+/g) ?? []).map(Number);
    const q = ex.fields.question;
    return String(q.includes(' minus ') ? n[0] - n[1] : q.includes(' times ') ? n[0] * n[1] : n[0] + n[1]);
  },
};

export const fixPunctuationLike: DatasetSpec = {
  name: 'fix_punctuation_like',
  cluster: 'misc',
  kind: 'generation',
  fields: ['sentence'],
  description: 'Restore capital letters and punctuation.',
  baseline: 'Text: {sentence}\nCorrected:',
  make(world, rng) {
    const s = makeStory(world, rng);
    const text = s.sentences.slice(0, 2).join(' ');
    return generation({ sentence: text.toLowerCase().replace(/[.,!?]/g, '') }, text);
  },
  check(_world, ex) {
    if (ex.answer.toLowerCase().replace(/[.,!?]/g, '') !== ex.fields.sentence) throw new Error('answer does not match text');
    return ex.answer;
  },
};

const CATEGORIES: Record<string, readonly string[]> = {
  animals: ANIMALS.map((a) => a.name),
  foods: FOODS.map((f) => f.name),
  colours: COLOURS,
  things: OBJECTS.map((o) => o.name),
};

export const countingLike: DatasetSpec = {
  name: 'counting_like',
  cluster: 'misc',
  kind: 'generation',
  fields: ['words', 'category'],
  description: 'Count the words of one category in a list.',
  baseline: 'Words: {words}\nNumber of {category}:',
  make(_world, rng) {
    const category = rng.pick(Object.keys(CATEGORIES));
    const k = rng.int(6);
    const inside = rng.shuffle([...CATEGORIES[category]]).slice(0, k);
    const outsidePool = Object.entries(CATEGORIES)
      .filter(([c]) => c !== category)
      .flatMap(([, w]) => w);
    const outside = rng.shuffle([...outsidePool]).slice(0, 6 - k);
    return generation({ words: rng.shuffle([...inside, ...outside]).join(', '), category }, String(k));
  },
  check(_world, ex) {
    const set = new Set(CATEGORIES[ex.fields.category]);
    return String(ex.fields.words.split(', ').filter((w) => set.has(w)).length);
  },
};

export const MISC_DATASETS = [trecLike, colaLike, mathLike, fixPunctuationLike, countingLike];
