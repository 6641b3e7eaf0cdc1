/** Summarization: a story → its gist, a long sentence → a headline, a dialogue → what was agreed. */
import { DAYS, OBJECTS, PLACES } from '../world/lexicon';
import { PERSON_RELATIONS, statePerson } from '../world/facts';
import { makeStory } from '../world/stories';
import { pickTwoPeople } from '../world/world';
import type { DatasetSpec } from '../types';
import { generation } from './helpers';

const STOP = new Set([
  'a',
  'an',
  'the',
  'and',
  'in',
  'at',
  'to',
  'of',
  'on',
  'way',
  'loses',
  'gives',
  'beats',
  'soaks',
  'eats',
  'breaks',
  'misses',
  'gets',
  'scares',
  'from',
]);
/** Every content word of the summary must come from the source (summaries never invent). */
function assertGrounded(summary: string, source: string): void {
  const src = new Set(source.toLowerCase().match(/[a-z]+/g));
  const extra = (summary.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !STOP.has(w) && !src.has(w));
  if (extra.length) throw new Error(`summary words not in source: ${extra.join(', ')}`);
}

export const cnnDmLike: DatasetSpec = {
  name: 'cnn_dm_like',
  cluster: 'summarization',
  kind: 'generation',
  fields: ['article'],
  description: 'A five-sentence story with background → one sentence saying what happened.',
  baseline: '{article}\nTL;DR:',
  make(world, rng) {
    const s = makeStory(world, rng);
    const background = statePerson(s.person, rng.pick(PERSON_RELATIONS), rng.int(3));
    const article = [s.sentences[0], background, ...s.sentences.slice(1)].join(' ');
    return generation({ article }, s.summary);
  },
  check(_world, ex) {
    assertGrounded(
      ex.answer.replace(/\b(lost|gave|won|got|wet|bought|ate|dropped|broke|missed|late|heard|called|against|rain|way|little)\b/g, ''),
      ex.fields.article,
    );
    return ex.answer;
  },
};

export const gigawordLike: DatasetSpec = {
  name: 'gigaword_like',
  cluster: 'summarization',
  kind: 'generation',
  fields: ['sentence'],
  description: 'One long news sentence → a short lower-case headline.',
  baseline: '{sentence}\nHeadline:',
  make(world, rng) {
    const s = makeStory(world, rng);
    const sentence = `${s.summary.replace(/\.$/, '')}, friends of ${s.person.name} in ${s.person.city} said on ${s.day}.`;
    return generation({ sentence }, s.headline);
  },
  check(_world, ex) {
    assertGrounded(ex.answer.replace(/\b(hungry|race|rain|loud|noise|night|way|bus)\b/g, ''), ex.fields.sentence);
    return ex.answer;
  },
};

export const samsumLike: DatasetSpec = {
  name: 'samsum_like',
  cluster: 'summarization',
  kind: 'generation',
  fields: ['dialogue'],
  description: 'A three-line chat → one sentence saying what was agreed.',
  baseline: '{dialogue}\nSummary:',
  make(world, rng) {
    const [a, b] = pickTwoPeople(world, rng);
    const place = rng.pick(PLACES);
    const day = rng.pick(DAYS);
    if (rng.next() < 0.5) {
      const dialogue = [`${a.name}: Shall we meet at the ${place} on ${day}?`, `${b.name}: Yes, good idea.`, `${a.name}: See you there.`].join('\n');
      return generation({ dialogue }, `${a.name} and ${b.name} will meet at the ${place} on ${day}.`);
    }
    const object = rng.pick(OBJECTS).name;
    const dialogue = [`${a.name}: Can you bring the ${object} to the ${place}?`, `${b.name}: Sure, I will bring it on ${day}.`, `${a.name}: Thank you!`].join(
      '\n',
    );
    return generation({ dialogue }, `${b.name} will bring the ${object} to the ${place} on ${day}.`);
  },
  check(_world, ex) {
    const d = ex.fields.dialogue;
    const meet = /^(.+?): Shall we meet at the (\w+) on (\w+)\?\n(.+?):/.exec(d);
    if (meet) return `${meet[1]} and ${meet[4]} will meet at the ${meet[2]} on ${meet[3]}.`;
    const bring = /^.+?: Can you bring the (\w+) to the (\w+)\?\n(.+?): Sure, I will bring it on (\w+)\./.exec(d)!;
    return `${bring[3]} will bring the ${bring[1]} to the ${bring[2]} on ${bring[4]}.`;
  },
};

export const SUMMARIZATION_DATASETS = [cnnDmLike, gigawordLike, samsumLike];
