/** Reading comprehension with commonsense: the passage plus everyday knowledge (feelings, roles). */
import { FEELINGS, STORY_KINDS, makeStory, type StoryKind } from '../world/stories';
import type { DatasetSpec } from '../types';
import { EXPECTED_FEELING, kindFromText } from './story_keys';
import { choices, classification } from './helpers';

export const cosmosLike: DatasetSpec = {
  name: 'cosmos_like',
  cluster: 'reading_comprehension_commonsense',
  kind: 'classification',
  fields: ['context', 'question'],
  description: 'A story without its ending: how did the person probably feel?',
  baseline: '{context}\nQ: {question}\nA:',
  make(world, rng) {
    const s = makeStory(world, rng);
    const context = s.sentences.slice(0, 3).join(' ');
    return classification({ context, question: `How did ${s.person.name} probably feel?` }, choices(rng, s.feeling, FEELINGS, 4), s.feeling);
  },
  check(_world, ex) {
    return EXPECTED_FEELING[kindFromText(ex.fields.context)!];
  },
};

export const cosmosWhyLike: DatasetSpec = {
  name: 'cosmos_why_like',
  cluster: 'reading_comprehension_commonsense',
  kind: 'classification',
  fields: ['context', 'question', 'person'],
  description: 'A story: why did the person feel the way they did?',
  baseline: '{context}\nQ: {question}\nA: Because {person}',
  make(world, rng) {
    const s = makeStory(world, rng);
    // Distractor reasons come from other kinds of event involving the same people.
    const others = STORY_KINDS.filter((k) => k !== s.kind && k !== 'gift' && k !== 'pet').map((k) => reasonFor(world, rng, k, s));
    const opts = choices(rng, s.reason, others, 4);
    return classification({ context: s.sentences.join(' '), question: `Why did ${s.person.name} feel ${s.feeling}?`, person: s.person.name }, opts, s.reason);
  },
  check(_world, ex) {
    const kind = kindFromText(ex.fields.context);
    return ex.options!.find((o) => kindFromText(o) === kind)!;
  },
};

function reasonFor(world: Parameters<typeof makeStory>[0], rng: Parameters<typeof makeStory>[1], kind: StoryKind, like: ReturnType<typeof makeStory>): string {
  for (;;) {
    const s = makeStory(world, rng, kind);
    if (s.reason !== like.reason) return s.reason;
  }
}

/** ReCoRD-like cloze: who does @placeholder stand for? Needs roles implied by the story. */
const RECORD_QUERIES: Partial<Record<StoryKind, [string, string]>> = {
  gift: ['@placeholder got a present.', '@placeholder gave away a present.'],
  race: ['@placeholder was the fastest runner.', '@placeholder lost the race.'],
  pet: ['@placeholder now has a new pet.', '@placeholder gave away a pet.'],
  bus: ['@placeholder came late.', '@placeholder had to wait.'],
  noise: ['@placeholder was scared and called a friend.', '@placeholder got a call at night.'],
};
const RECORD_KINDS = Object.keys(RECORD_QUERIES) as StoryKind[];

export const recordLike: DatasetSpec = {
  name: 'record_like',
  cluster: 'reading_comprehension_commonsense',
  kind: 'classification',
  fields: ['passage', 'query'],
  description: 'Cloze over a story: fill @placeholder with the right person.',
  baseline: '{passage}\n{query}\n@placeholder is',
  make(world, rng) {
    const s = makeStory(world, rng, rng.pick(RECORD_KINDS));
    const mainRole = rng.next() < 0.5;
    const [q1, q2] = RECORD_QUERIES[s.kind]!;
    // In every recorded kind, the story's main person is the receiver/winner/late one/caller.
    const answer = mainRole ? s.person.name : s.other.name;
    const options = rng.shuffle([s.person.name, s.other.name]);
    return classification({ passage: s.sentences.slice(0, 3).join(' '), query: mainRole ? q1 : q2 }, options, answer);
  },
  check(_world, ex) {
    const passage = ex.fields.passage;
    const [a, b] = ex.options!;
    const other = (n: string) => (n === a ? b : a);
    let main: string; // receiver / winner / late one / caller, found from the text
    const kind = kindFromText(passage);
    if (kind === 'gift') main = /\w+ \w+ gave (\w+ \w+) a /.exec(passage)![1];
    else if (kind === 'pet') main = /gave the \w+ to (\w+ \w+)\./.exec(passage)![1];
    else if (kind === 'race') main = /(\w+ \w+) won the race/.exec(passage)![1];
    else if (kind === 'bus') main = /(\w+ \w+) missed the bus/.exec(passage)![1];
    else main = /(\w+ \w+) heard a loud noise/.exec(passage)![1];
    const q = ex.fields.query;
    const wantsMain = Object.values(RECORD_QUERIES).some((pair) => pair![0] === q);
    return wantsMain ? main : other(main);
  },
};

export const READING_COMMONSENSE_DATASETS = [cosmosLike, cosmosWhyLike, recordLike];
