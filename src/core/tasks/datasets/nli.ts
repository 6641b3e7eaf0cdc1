/** NLI cluster: five premise/hypothesis datasets that differ in what licenses the inference. */
import { DAYS, PLACES } from '../world/lexicon';
import { pickPerson, pickTwoPeople } from '../world/world';
import { PERSON_QUESTIONS, PERSON_RELATIONS, personValue, statePerson } from '../world/facts';
import type { DatasetSpec } from '../types';
import { NLI_LABELS, YES_NO, classification, findIn } from './helpers';

const ACTIVITIES = ['reading a book', 'eating an apple', 'playing the piano', 'riding a bike', 'painting a picture', 'singing a song'];

/** SNLI-like: a scene and a claim about it — entailed, unrelated extra detail, or contradicted. */
export const snliLike: DatasetSpec = {
  name: 'snli_like',
  cluster: 'nli',
  kind: 'classification',
  fields: ['premise', 'hypothesis'],
  description: 'Scene descriptions: is the hypothesis entailed, contradicted or undecided?',
  baseline: '{premise}\nquestion: {hypothesis} Yes, no, or maybe?\nanswer:',
  make(world, rng) {
    const [p, o] = pickTwoPeople(world, rng);
    const act = rng.pick(ACTIVITIES);
    const place = rng.pick(PLACES);
    const premise = `${p.name} is ${act} in the ${place}.`;
    const label = rng.pick(NLI_LABELS);
    const other = rng.pick(PLACES.filter((x) => x !== place));
    const hypothesis =
      label === 'yes'
        ? rng.pick([`${p.name} is in the ${place}.`, `Someone is ${act} in the ${place}.`, `${p.name} is ${act}.`])
        : label === 'no'
          ? rng.pick([`${p.name} is in the ${other}.`, `${p.name} is sleeping at home.`, `Nobody is in the ${place}.`])
          : rng.pick([`${p.name} is ${act} with ${o.name}.`, `${p.name} is ${act} on ${rng.pick(DAYS)}.`, `${p.name} is happy.`]);
    return classification({ premise, hypothesis }, [...NLI_LABELS], label);
  },
  check(_world, ex) {
    const { premise, hypothesis } = ex.fields;
    const place = findIn(premise, PLACES);
    const hypPlace = findIn(hypothesis, PLACES);
    if (/sleeping|Nobody/.test(hypothesis) || (hypPlace && hypPlace !== place)) return 'no';
    if (/ with | on [A-Z]|happy/.test(hypothesis)) return 'it is not possible to tell';
    return 'yes';
  },
};

/** RTE-like: two facts in the premise combine to entail (or not) the hypothesis. */
export const rteLike: DatasetSpec = {
  name: 'rte_like',
  cluster: 'nli',
  kind: 'classification',
  fields: ['premise', 'hypothesis'],
  description: 'Two-fact premises; the hypothesis follows only by combining them.',
  baseline: '{premise}\nquestion: {hypothesis} True or false?\nanswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const label = rng.pick(YES_NO);
    if (rng.next() < 0.5) {
      // The premise may place anyone anywhere: NLI reads the premise, not memory.
      const c = rng.pick(world.countries);
      const wrong = rng.pick(world.countries.filter((x) => x !== c));
      const premise = `${p.name} lives in ${c.capital}. ${c.capital} is the capital of ${c.name}.`;
      return classification({ premise, hypothesis: `${p.name} lives in ${label === 'yes' ? c.name : wrong.name}.` }, [...YES_NO], label);
    }
    const a = rng.pick(world.animals);
    const wrongCls = rng.pick(['mammal', 'bird', 'fish', 'insect'].filter((x) => x !== a.cls));
    const premise = `${p.name} has a ${a.name}. Every ${a.name} is a ${a.cls}.`;
    return classification({ premise, hypothesis: `${p.name} has a ${label === 'yes' ? a.cls : wrongCls}.` }, [...YES_NO], label);
  },
  check(world, ex) {
    const { premise, hypothesis } = ex.fields;
    const country = world.countries.find((c) => hypothesis.includes(` ${c.name}.`));
    if (country) return premise.includes(`lives in ${country.capital}.`) ? 'yes' : 'no';
    const animal = world.animals.find((a) => premise.includes(`has a ${a.name}.`))!;
    return hypothesis.endsWith(` ${animal.cls}.`) ? 'yes' : 'no';
  },
};

const CB_FACTS = [
  (n: string, x: string) => [`${n} is at the ${x}`, `${n} is not at the ${x}`],
  (n: string, x: string) => [`${n} went to the ${x}`, `${n} did not go to the ${x}`],
  (n: string, x: string) => [`${n} liked the ${x}`, `${n} did not like the ${x}`],
];

/** CB-like: an embedded clause under a verb of saying/wondering; only some verbs commit the speaker. */
export const cbLike: DatasetSpec = {
  name: 'cb_like',
  cluster: 'nli',
  kind: 'classification',
  fields: ['premise', 'hypothesis'],
  description: 'Embedded clauses: "knows that" commits, "wondered whether" does not.',
  baseline: '{premise}\nquestion: {hypothesis} Yes, no, or maybe?\nanswer:',
  make(world, rng) {
    const [p, o] = pickTwoPeople(world, rng);
    const [pos, neg] = rng.pick(CB_FACTS)(p.name, rng.pick(PLACES));
    const label = rng.pick(NLI_LABELS);
    const premise =
      label === 'yes'
        ? `${o.name} ${rng.pick(['knows', 'saw', 'told everyone'])} that ${pos}.`
        : label === 'no'
          ? `${o.name} ${rng.pick(['knows', 'saw', 'told everyone'])} that ${neg}.`
          : `${o.name} ${rng.pick(['wondered whether', 'asked if', 'did not know if'])} ${pos}.`;
    return classification({ premise, hypothesis: `${pos[0].toUpperCase()}${pos.slice(1)}.` }, [...NLI_LABELS], label);
  },
  check(_world, ex) {
    const premise = ex.fields.premise;
    if (/wondered whether|asked if|did not know if/.test(premise)) return 'it is not possible to tell';
    return / not | did not /.test(premise.split(' that ')[1] ?? '') ? 'no' : 'yes';
  },
};

/** QNLI-like: does the sentence answer the question? */
export const qnliLike: DatasetSpec = {
  name: 'qnli_like',
  cluster: 'nli',
  kind: 'classification',
  fields: ['question', 'sentence'],
  description: 'Question/sentence pairs: does the sentence contain the answer?',
  baseline: '{question}\n{sentence}\nquestion: Does the sentence answer the question? Yes or no?\nanswer:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(PERSON_RELATIONS);
    const question = rng.pick(PERSON_QUESTIONS[r])(p.name);
    const label = rng.pick(YES_NO);
    if (label === 'yes') return classification({ question, sentence: statePerson(p, r, rng.int(3)) }, [...YES_NO], label);
    for (;;) {
      const r2 = rng.pick(PERSON_RELATIONS);
      const sentence = statePerson(p, r2, rng.int(3));
      if (r2 !== r && !sentence.includes(personValue(p, r))) return classification({ question, sentence }, [...YES_NO], label);
    }
  },
  check(world, ex) {
    const p = world.people.find((x) => ex.fields.question.includes(x.name))!;
    // Recover the relation from the question's wording, then look the fact up in the world.
    const r = PERSON_RELATIONS.find((rel) => PERSON_QUESTIONS[rel].some((q) => q(p.name) === ex.fields.question))!;
    return ex.fields.sentence.includes(p.name) && ex.fields.sentence.includes(personValue(p, r)) ? 'yes' : 'no';
  },
};

/** ANLI-like: numeric reasoning — ages given, comparison claimed. */
export const anliLike: DatasetSpec = {
  name: 'anli_like',
  cluster: 'nli',
  kind: 'classification',
  fields: ['premise', 'hypothesis'],
  description: 'Ages are given; the hypothesis compares them.',
  baseline: '{premise}\nquestion: {hypothesis} True or false?\nanswer:',
  make(world, rng) {
    const [a, b] = pickTwoPeople(world, rng);
    const premise = `${a.name} is ${a.age} years old. ${b.name} is ${b.age} years old.`;
    const label = rng.pick(YES_NO);
    const older = a.age > b.age;
    const word = rng.next() < 0.5 ? 'older' : 'younger';
    const claimTrue = (word === 'older') === older;
    const hypothesis = claimTrue === (label === 'yes') ? `${a.name} is ${word} than ${b.name}.` : `${b.name} is ${word} than ${a.name}.`;
    return classification({ premise, hypothesis }, [...YES_NO], label);
  },
  check(_world, ex) {
    const m = [...ex.fields.premise.matchAll(/([A-Z][a-z]+ [A-Z][a-z]+) is (\d+) years old/g)];
    const age = new Map(m.map((x) => [x[1], Number(x[2])]));
    const h = /^(.+) is (older|younger) than (.+)\.$/.exec(ex.fields.hypothesis)!;
    const diff = age.get(h[1])! - age.get(h[3])!;
    return (h[2] === 'older' ? diff > 0 : diff < 0) ? 'yes' : 'no';
  },
};

export const NLI_DATASETS = [snliLike, rteLike, cbLike, qnliLike, anliLike];
