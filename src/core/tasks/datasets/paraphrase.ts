/** Paraphrase: do two sentences (or questions) say the same thing? Same sentence-pair input as NLI. */
import type { Rng } from '../../rng';
import { COLOURS, DAYS, OBJECTS, PLACES } from '../world/lexicon';
import { PERSON_QUESTIONS, PERSON_RELATIONS } from '../world/facts';
import { article, pickPerson, pickTwoPeople, type World } from '../world/world';
import type { DatasetSpec } from '../types';
import { YES_NO, classification } from './helpers';

export interface Gift {
  a: string;
  b: string;
  c: string;
  o: string;
  d: string;
}
export const GIFT_FORMS = [
  (g: Gift) => `${g.a} gave ${g.b} ${article(g.c)} ${g.c} ${g.o} on ${g.d}.`,
  (g: Gift) => `On ${g.d}, ${g.a} gave ${article(g.c)} ${g.c} ${g.o} to ${g.b}.`,
  (g: Gift) => `${g.b} was given ${article(g.c)} ${g.c} ${g.o} by ${g.a} on ${g.d}.`,
];
const GIFT_PARSERS: [RegExp, (m: RegExpExecArray) => Gift][] = [
  [/^On (\w+), (\w+ \w+) gave an? (\w+) (\w+) to (\w+ \w+)\.$/, (m) => ({ d: m[1], a: m[2], c: m[3], o: m[4], b: m[5] })],
  [/^(\w+ \w+) was given an? (\w+) (\w+) by (\w+ \w+) on (\w+)\.$/, (m) => ({ b: m[1], c: m[2], o: m[3], a: m[4], d: m[5] })],
  [/^(\w+ \w+) gave (\w+ \w+) an? (\w+) (\w+) on (\w+)\.$/, (m) => ({ a: m[1], b: m[2], c: m[3], o: m[4], d: m[5] })],
];
function parseGift(s: string): Gift {
  for (const [re, f] of GIFT_PARSERS) {
    const m = re.exec(s);
    if (m) return f(m);
  }
  throw new Error(`unparsed: ${s}`);
}

export function randomGift(world: World, rng: Rng): Gift {
  const [p, q] = pickTwoPeople(world, rng);
  return { a: p.name, b: q.name, c: rng.pick(COLOURS), o: rng.pick(OBJECTS).name, d: rng.pick(DAYS) };
}

/** The same gift with one detail changed: giver and receiver swapped, or another colour, object or day. */
export function changedGift(g: Gift, rng: Rng): Gift {
  const change = rng.int(4);
  if (change === 0) return { ...g, a: g.b, b: g.a };
  if (change === 1) return { ...g, c: rng.pick(COLOURS.filter((x) => x !== g.c)) };
  if (change === 2) return { ...g, o: rng.pick(OBJECTS.filter((x) => x.name !== g.o)).name };
  return { ...g, d: rng.pick(DAYS.filter((x) => x !== g.d)) };
}

export const mrpcLike: DatasetSpec = {
  name: 'mrpc_like',
  cluster: 'paraphrase',
  kind: 'classification',
  fields: ['sentence1', 'sentence2'],
  description: 'Reworded sentences (active, passive, fronted time) vs. ones with one detail changed.',
  baseline: '{sentence1}\n{sentence2}\nquestion: Do both sentences mean the same thing?\nanswer:',
  make(world, rng) {
    const g = randomGift(world, rng);
    const [f1, f2] = rng.shuffle([0, 1, 2]);
    const label = rng.pick(YES_NO);
    const h = label === 'no' ? changedGift(g, rng) : g;
    return classification({ sentence1: GIFT_FORMS[f1](g), sentence2: GIFT_FORMS[f2](h) }, [...YES_NO], label);
  },
  check(_world, ex) {
    const [x, y] = [parseGift(ex.fields.sentence1), parseGift(ex.fields.sentence2)];
    return x.a === y.a && x.b === y.b && x.c === y.c && x.o === y.o && x.d === y.d ? 'yes' : 'no';
  },
};

export const qqpLike: DatasetSpec = {
  name: 'qqp_like',
  cluster: 'paraphrase',
  kind: 'classification',
  fields: ['question1', 'question2'],
  description: 'Two questions: do they ask the same thing?',
  baseline: '{question1}\n{question2}\nquestion: Do both questions ask the same thing?\nanswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(PERSON_RELATIONS);
    const [q1, q2] = rng.shuffle([...PERSON_QUESTIONS[r]]);
    const label = rng.pick(YES_NO);
    if (label === 'yes') return classification({ question1: q1(p.name), question2: q2(p.name) }, [...YES_NO], label);
    let question2: string;
    if (rng.next() < 0.5) {
      let o = pickPerson(world, rng);
      while (o === p) o = pickPerson(world, rng);
      question2 = rng.pick(PERSON_QUESTIONS[r])(o.name);
    } else {
      question2 = rng.pick(PERSON_QUESTIONS[rng.pick(PERSON_RELATIONS.filter((x) => x !== r))])(p.name);
    }
    return classification({ question1: q1(p.name), question2 }, [...YES_NO], label);
  },
  check(world, ex) {
    const meaning = (q: string) => {
      for (const p of world.people) for (const r of PERSON_RELATIONS) if (PERSON_QUESTIONS[r].some((f) => f(p.name) === q)) return `${p.name}/${r}`;
      throw new Error(`unparsed ${q}`);
    };
    return meaning(ex.fields.question1) === meaning(ex.fields.question2) ? 'yes' : 'no';
  },
};

export const pawsLike: DatasetSpec = {
  name: 'paws_like',
  cluster: 'paraphrase',
  kind: 'classification',
  fields: ['sentence1', 'sentence2'],
  description: 'High word overlap: swapped names may or may not keep the meaning.',
  baseline: '{sentence1}\n{sentence2}\nquestion: Do both sentences mean the same thing?\nanswer:',
  make(world, rng) {
    const [a, b] = pickTwoPeople(world, rng);
    const label = rng.pick(YES_NO);
    const sentence1 = `${a.name} is older than ${b.name}.`;
    const sentence2 =
      label === 'yes' ? `${b.name} is younger than ${a.name}.` : rng.pick([`${b.name} is older than ${a.name}.`, `${a.name} is younger than ${b.name}.`]);
    return rng.next() < 0.5
      ? classification({ sentence1, sentence2 }, [...YES_NO], label)
      : classification({ sentence1: sentence2, sentence2: sentence1 }, [...YES_NO], label);
  },
  check(_world, ex) {
    const norm = (s: string) => {
      const m = /^(.+) is (older|younger) than (.+)\.$/.exec(s)!;
      return m[2] === 'older' ? `${m[1]}>${m[3]}` : `${m[3]}>${m[1]}`;
    };
    return norm(ex.fields.sentence1) === norm(ex.fields.sentence2) ? 'yes' : 'no';
  },
};

const VERBS = ['found', 'lost', 'cleaned', 'painted', 'sold', 'bought'];
interface Scene {
  p: string;
  v: string;
  o: string;
  l: string;
  d: string;
}
const SCORES = ['0', '1', '2', '3', '4', '5'];

export const stsbLike: DatasetSpec = {
  name: 'stsb_like',
  cluster: 'paraphrase',
  kind: 'classification',
  fields: ['sentence1', 'sentence2'],
  description: 'How similar are two sentences, from 0 (nothing shared) to 5 (same meaning)?',
  baseline: '{sentence1}\n{sentence2}\nquestion: How similar are the sentences, from 0 to 5?\nanswer:',
  make(world, rng) {
    const [p, q] = pickTwoPeople(world, rng);
    const x: Scene = { p: p.name, v: rng.pick(VERBS), o: rng.pick(OBJECTS).name, l: rng.pick(PLACES), d: rng.pick(DAYS) };
    const score = rng.int(6);
    const y = { ...x };
    for (const slot of rng.shuffle(['p', 'v', 'o', 'l', 'd'] as (keyof Scene)[]).slice(0, 5 - score)) {
      if (slot === 'p') y.p = q.name;
      if (slot === 'v') y.v = rng.pick(VERBS.filter((z) => z !== x.v));
      if (slot === 'o') y.o = rng.pick(OBJECTS.filter((z) => z.name !== x.o)).name;
      if (slot === 'l') y.l = rng.pick(PLACES.filter((z) => z !== x.l));
      if (slot === 'd') y.d = rng.pick(DAYS.filter((z) => z !== x.d));
    }
    const say = (s: Scene, form: number) =>
      form === 0 ? `${s.p} ${s.v} ${article(s.o)} ${s.o} in the ${s.l} on ${s.d}.` : `On ${s.d}, ${s.p} ${s.v} ${article(s.o)} ${s.o} in the ${s.l}.`;
    return classification({ sentence1: say(x, rng.int(2)), sentence2: say(y, rng.int(2)) }, [...SCORES], String(score));
  },
  check(_world, ex) {
    const parse = (s: string) => {
      const m = /^(\w+ \w+) (\w+) an? (\w+) in the (\w+) on (\w+)\.$/.exec(s) ?? /^On (\w+), (\w+ \w+) (\w+) an? (\w+) in the (\w+)\.$/.exec(s)!;
      return s.startsWith('On ') ? [m[2], m[3], m[4], m[5], m[1]] : [m[1], m[2], m[3], m[4], m[5]];
    };
    const a = parse(ex.fields.sentence1);
    const b = parse(ex.fields.sentence2);
    return String(a.filter((v, i) => v === b[i]).length);
  },
};

export const PARAPHRASE_DATASETS = [mrpcLike, qqpLike, pawsLike, stsbLike];
