/** Reading comprehension: the answer is in the passage (facts, numbers, stories). */
import { FOODS } from '../world/lexicon';
import { PERSON_QUESTIONS, PERSON_RELATIONS, personValue, statePerson, type PersonRelation } from '../world/facts';
import { makeStory } from '../world/stories';
import { pickPerson, pickTwoPeople, withArticle, type Person } from '../world/world';
import type { DatasetSpec } from '../types';
import { YES_NO, classification, generation } from './helpers';

function factPassage(p: Person, relations: PersonRelation[], form: number): string {
  return relations.map((r) => statePerson(p, r, form)).join(' ');
}

const YES_NO_QUESTIONS: Partial<Record<PersonRelation, (n: string, v: string) => string>> = {
  city: (n, v) => `Does ${n} live in ${v}?`,
  job: (n, v) => `Is ${n} ${withArticle(v)}?`,
  likes: (n, v) => `Does ${n} like ${v}?`,
  pet: (n, v) => `Does ${n} have a pet ${v}?`,
  colour: (n, v) => `Is the favourite colour of ${n} ${v}?`,
  age: (n, v) => `Is ${n} ${v} years old?`,
};
const YN_RELATIONS = Object.keys(YES_NO_QUESTIONS) as PersonRelation[];

export const boolqLike: DatasetSpec = {
  name: 'boolq_like',
  cluster: 'reading_comprehension',
  kind: 'classification',
  fields: ['passage', 'question'],
  description: 'A short biography and a yes/no question about it.',
  baseline: '{passage}\nquestion: {question}\nanswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(YN_RELATIONS);
    const relations = rng.shuffle([r, ...rng.shuffle(PERSON_RELATIONS.filter((x) => x !== r)).slice(0, 2)]);
    const passage = factPassage(p, relations, rng.int(3));
    const label = rng.pick(YES_NO);
    const others = world.people.map((q) => personValue(q, r)).filter((v) => v !== personValue(p, r) && !passage.includes(v));
    const value = label === 'yes' ? personValue(p, r) : rng.pick(others);
    return classification({ passage, question: YES_NO_QUESTIONS[r]!(p.name, value) }, [...YES_NO], label, { relation: r, value, person: p.name });
  },
  check(world, ex) {
    const p = world.people.find((x) => x.name === ex.meta!.person)!;
    return personValue(p, ex.meta!.relation as PersonRelation) === ex.meta!.value ? 'yes' : 'no';
  },
};

export const squadLike: DatasetSpec = {
  name: 'squad_like',
  cluster: 'reading_comprehension',
  kind: 'generation',
  fields: ['passage', 'question'],
  description: 'Facts about two people; the answer is a span of the passage.',
  baseline: '{passage}\nQ: {question}\nA:',
  make(world, rng) {
    const [p, o] = pickTwoPeople(world, rng);
    const rels = rng.shuffle([...PERSON_RELATIONS]).slice(0, 3);
    const r = rels[0];
    const sentences = rng.shuffle([...rels.map((x) => statePerson(p, x, rng.int(3))), statePerson(o, rng.pick(PERSON_RELATIONS), 0)]);
    return generation({ passage: sentences.join(' '), question: rng.pick(PERSON_QUESTIONS[r])(p.name) }, personValue(p, r));
  },
  check(world, ex) {
    const { passage, question } = ex.fields;
    const p = world.people.find((x) => question.includes(x.name))!;
    const r = PERSON_RELATIONS.find((rel) => PERSON_QUESTIONS[rel].some((q) => q(p.name) === question))!;
    const v = personValue(p, r);
    if (!passage.includes(v)) throw new Error('answer not in passage');
    return v;
  },
};

const COUNTABLE = FOODS.filter((f) => f.name.endsWith('s')).map((f) => f.name);

export const dropLike: DatasetSpec = {
  name: 'drop_like',
  cluster: 'reading_comprehension',
  kind: 'generation',
  fields: ['passage', 'question'],
  description: 'Counting and arithmetic over numbers in a passage.',
  baseline: '{passage}\nQ: {question}\nA:',
  make(world, rng) {
    const [a, b] = pickTwoPeople(world, rng);
    const food = rng.pick(COUNTABLE);
    const x = 2 + rng.int(9);
    const y = 1 + rng.int(9);
    const k = 1 + rng.int(x - 1);
    const passage = `${a.name} has ${x} ${food}. ${b.name} has ${y} ${food}. ${a.name} gives ${k} ${food} to ${b.name}.`;
    const kind = rng.int(3);
    const [question, answer] =
      kind === 0
        ? [`How many ${food} does ${b.name} have now?`, y + k]
        : kind === 1
          ? [`How many ${food} does ${a.name} have now?`, x - k]
          : [`How many ${food} do ${a.name} and ${b.name} have together?`, x + y];
    return generation({ passage, question }, String(answer));
  },
  check(_world, ex) {
    const m = /^(.+?) has (\d+) \w+\. (.+?) has (\d+) \w+\. .+ gives (\d+) /.exec(ex.fields.passage)!;
    const [a, x, b, y, k] = [m[1], Number(m[2]), m[3], Number(m[4]), Number(m[5])];
    const q = ex.fields.question;
    if (q.includes('together')) return String(x + y);
    return String(q.includes(`does ${a} have`) ? x - k : q.includes(`does ${b} have`) ? y + k : NaN);
  },
};

export const multircLike: DatasetSpec = {
  name: 'multirc_like',
  cluster: 'reading_comprehension',
  kind: 'classification',
  fields: ['passage', 'question', 'response'],
  description: 'A story, a question and a proposed answer: is the answer correct?',
  baseline: '{passage}\nquestion: {question}\nIs "{response}" a correct answer?\nanswer:',
  make(world, rng) {
    const s = makeStory(world, rng);
    const [question, right] = rng.pick(s.qa);
    const label = rng.pick(YES_NO);
    const wrongs = s.qa.map(([, a]) => a).filter((a) => a !== right);
    const response = label === 'yes' ? right : rng.pick(wrongs);
    return classification({ passage: s.sentences.join(' '), question, response }, [...YES_NO], label, { qa: s.qa });
  },
  check(_world, ex) {
    // The story's own question/answer table, matched on the question text.
    const qa = ex.meta!.qa as [string, string][];
    const right = qa.find(([q]) => q === ex.fields.question)![1];
    if (!ex.fields.passage.includes(right)) throw new Error('answer not in passage');
    return right === ex.fields.response ? 'yes' : 'no';
  },
};

export const READING_DATASETS = [boolqLike, squadLike, dropLike, multircLike];
