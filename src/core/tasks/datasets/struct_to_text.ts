/** Struct-to-text: concepts, triples or attribute tables → one plain sentence about the world. */
import { PLACES } from '../world/lexicon';
import { PERSON_RELATIONS, PERSON_STATEMENTS, personValue, type PersonRelation } from '../world/facts';
import { pickPerson, withArticle } from '../world/world';
import type { DatasetSpec } from '../types';
import { generation } from './helpers';

const ACTIONS = ['sleep', 'eat', 'play', 'run', 'sit'];

export const commonGenLike: DatasetSpec = {
  name: 'common_gen_like',
  cluster: 'struct_to_text',
  kind: 'generation',
  fields: ['concepts'],
  description: 'Three concepts (an animal, a place, an action) → one sentence using all of them.',
  baseline: 'Concepts: {concepts}\nSentence:',
  make(world, rng) {
    const animal = rng.pick(world.animals).name;
    const place = rng.pick(PLACES);
    const action = rng.pick(ACTIONS);
    return generation({ concepts: rng.shuffle([animal, place, action]).join(', ') }, `The ${animal} likes to ${action} in the ${place}.`);
  },
  check(world, ex) {
    const parts = ex.fields.concepts.split(', ');
    const animal = parts.find((w) => world.animals.some((a) => a.name === w))!;
    const place = parts.find((w) => PLACES.includes(w))!;
    const action = parts.find((w) => ACTIONS.includes(w))!;
    return `The ${animal} likes to ${action} in the ${place}.`;
  },
};

/** Triple labels, as a knowledge base would print them. */
export const RELATION_LABELS: Record<PersonRelation, string> = {
  age: 'age',
  city: 'lives in',
  job: 'works as',
  likes: 'likes',
  dislikes: 'dislikes',
  pet: 'has pet',
  colour: 'favourite colour',
  owns: 'owns',
};

export const dartLike: DatasetSpec = {
  name: 'dart_like',
  cluster: 'struct_to_text',
  kind: 'generation',
  fields: ['triples'],
  description: 'One or two "subject | relation | object" triples → sentences.',
  baseline: 'Triples: {triples}\nText:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const rels = rng.shuffle([...PERSON_RELATIONS]).slice(0, 1 + rng.int(2));
    const triples = rels.map((r) => `${p.name} | ${RELATION_LABELS[r]} | ${personValue(p, r)}`).join('; ');
    return generation({ triples }, rels.map((r) => PERSON_STATEMENTS[r][0](p.name, personValue(p, r))).join(' '));
  },
  check(_world, ex) {
    return ex.fields.triples
      .split('; ')
      .map((t) => {
        const [s, label, o] = t.split(' | ');
        const r = PERSON_RELATIONS.find((x) => RELATION_LABELS[x] === label)!;
        return PERSON_STATEMENTS[r][0](s, o);
      })
      .join(' ');
  },
};

const E2E_EXTRA: [string, (v: string) => string, PersonRelation][] = [
  ['pet', (v) => `has a pet ${v}`, 'pet'],
  ['likes', (v) => `likes ${v}`, 'likes'],
  ['colour', (v) => `loves the colour ${v}`, 'colour'],
  ['dislikes', (v) => `does not like ${v}`, 'dislikes'],
  ['owns', (v) => `owns ${withArticle(v)}`, 'owns'],
  ['age', (v) => `is ${v} years old`, 'age'],
];
const E2E_SAY: Record<string, (v: string) => string> = Object.fromEntries(E2E_EXTRA.map(([label, say]) => [label, say]));

export const e2eLike: DatasetSpec = {
  name: 'e2e_like',
  cluster: 'struct_to_text',
  kind: 'generation',
  fields: ['meaning'],
  description: 'An attribute table name[..], job[..], city[..], extra → one description.',
  baseline: 'Data: {meaning}\nDescription:',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const extras = rng.shuffle([...E2E_EXTRA]).slice(0, 1 + rng.int(2));
    const meaning = [`name[${p.name}]`, `job[${p.job}]`, `city[${p.city}]`, ...extras.map(([label, , r]) => `${label}[${personValue(p, r)}]`)].join(', ');
    const tail = extras.map(([, say, r]) => say(personValue(p, r))).join(' and ');
    return generation({ meaning }, `${p.name} is ${withArticle(p.job)} who lives in ${p.city} and ${tail}.`);
  },
  check(_world, ex) {
    const pairs = [...ex.fields.meaning.matchAll(/(\w+)\[([^\]]+)\]/g)].map((m) => [m[1], m[2]] as const);
    const v = Object.fromEntries(pairs);
    const extra = pairs
      .slice(3)
      .map(([label, value]) => E2E_SAY[label](value))
      .join(' and ');
    return `${v.name} is ${/^[aeiou]/.test(v.job) ? 'an' : 'a'} ${v.job} who lives in ${v.city} and ${extra}.`;
  },
};

export const STRUCT_TO_TEXT_DATASETS = [commonGenLike, dartLike, e2eLike];
