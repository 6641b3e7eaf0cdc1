/** Commonsense: causes and effects, what happens next, what tool fits a goal, how stories end. */
import { OBJECTS } from '../world/lexicon';
import { FEELING_OF, FEELINGS, STORY_KINDS, makeStory } from '../world/stories';
import { pickPerson } from '../world/world';
import type { DatasetSpec } from '../types';
import { ENDING_CUES, EXPECTED_FEELING, kindFromText } from './story_keys';
import { classification } from './helpers';

/** Cause → effect pairs; {n} is a person's name. */
const CAUSES: [string, string][] = [
  ['{n} was hungry.', '{n} ate some bread.'],
  ['{n} was tired.', '{n} went to bed early.'],
  ['It started to rain.', '{n} opened an umbrella.'],
  ['{n} dropped a glass.', 'The glass broke.'],
  ['{n} missed the bus.', '{n} was late for work.'],
  ['{n} ran for an hour.', '{n} was very thirsty.'],
  ['The room was dark.', '{n} turned on the lamp.'],
  ['{n} won the race.', '{n} felt proud.'],
  ['The floor was dirty.', '{n} took a broom.'],
  ['{n} got a gift.', '{n} said thank you.'],
  ['The tea was too hot.', '{n} waited a minute before drinking it.'],
  ['{n} heard a loud noise.', '{n} felt scared.'],
];

export const copaLike: DatasetSpec = {
  name: 'copa_like',
  cluster: 'commonsense',
  kind: 'classification',
  fields: ['premise', 'question', 'choice1', 'choice2'],
  description: 'Pick the more plausible cause or effect of a premise.',
  baseline: '{premise} What was the {question}?\n',
  make(world, rng) {
    const n = pickPerson(world, rng).name;
    const i = rng.int(CAUSES.length);
    let j = rng.int(CAUSES.length - 1);
    if (j >= i) j++;
    const fill = (s: string) => s.replace('{n}', n);
    const question = rng.pick(['cause', 'effect']);
    const [premise, right, wrong] = question === 'effect' ? [CAUSES[i][0], CAUSES[i][1], CAUSES[j][1]] : [CAUSES[i][1], CAUSES[i][0], CAUSES[j][0]];
    const [c1, c2] = rng.next() < 0.5 ? [right, wrong] : [wrong, right];
    return classification({ premise: fill(premise), question, choice1: fill(c1), choice2: fill(c2) }, [fill(c1), fill(c2)], fill(right));
  },
  check(world, ex) {
    const name = world.people.find((p) => Object.values(ex.fields).some((v) => v.includes(p.name)))?.name ?? '';
    const unfill = (s: string) => s.split(name).join('{n}');
    const { premise, question, choice1, choice2 } = ex.fields;
    const linked = (c: string) =>
      CAUSES.some(([cause, effect]) =>
        question === 'effect' ? cause === unfill(premise) && effect === unfill(c) : effect === unfill(premise) && cause === unfill(c),
      );
    return [choice1, choice2].find(linked)!;
  },
};

export const piqaLike: DatasetSpec = {
  name: 'piqa_like',
  cluster: 'commonsense',
  kind: 'classification',
  fields: ['goal', 'sol1', 'sol2'],
  description: 'Which of two ways reaches a goal? Needs what objects are for.',
  baseline: 'Goal: {goal}\nSolution:',
  make(_world, rng) {
    const [o, w] = rng.shuffle([...OBJECTS]).slice(0, 2);
    const goal = `How can you ${o.use}?`;
    const right = `Use ${o.name.match(/^[aeiou]/) ? 'an' : 'a'} ${o.name}.`;
    const wrong = `Use ${w.name.match(/^[aeiou]/) ? 'an' : 'a'} ${w.name}.`;
    const [sol1, sol2] = rng.next() < 0.5 ? [right, wrong] : [wrong, right];
    return classification({ goal, sol1, sol2 }, [sol1, sol2], right);
  },
  check(_world, ex) {
    const tool = OBJECTS.find((o) => ex.fields.goal === `How can you ${o.use}?`)!;
    return [ex.fields.sol1, ex.fields.sol2].find((s) => s.endsWith(` ${tool.name}.`))!;
  },
};

export const hellaswagLike: DatasetSpec = {
  name: 'hellaswag_like',
  cluster: 'commonsense',
  kind: 'classification',
  fields: ['context'],
  description: 'Pick the most likely next sentence of a short story.',
  baseline: '{context}',
  make(world, rng) {
    const s = makeStory(world, rng);
    // Wrong endings: the third sentence of other kinds of story about the same people.
    const wrong = rng
      .shuffle(STORY_KINDS.filter((k) => k !== s.kind))
      .slice(0, 3)
      .map((k) => {
        const t = makeStory(world, rng, k);
        // Recast onto the same two people so names give nothing away.
        return t.sentences[2].split(t.person.name).join('\u0001').split(t.other.name).join(s.other.name).split('\u0001').join(s.person.name);
      });
    const answer = s.sentences[2];
    return classification({ context: s.sentences.slice(0, 2).join(' ') }, rng.shuffle([answer, ...wrong]), answer);
  },
  check(_world, ex) {
    const kind = kindFromText(ex.fields.context)!;
    return ex.options!.find((o) => ENDING_CUES[kind].test(o))!;
  },
};

export const storyClozeLike: DatasetSpec = {
  name: 'story_cloze_like',
  cluster: 'commonsense',
  kind: 'classification',
  fields: ['story', 'ending1', 'ending2'],
  description: 'Pick the right ending of a three-sentence story.',
  baseline: '{story}',
  make(world, rng) {
    const s = makeStory(world, rng);
    const wrongFeeling = rng.pick(FEELINGS.filter((f) => f !== s.feeling && !Object.entries(FEELING_OF).some(([k, v]) => v === f && k === s.kind)));
    const right = s.sentences[3];
    const wrong = `${s.person.name} felt ${wrongFeeling}.`;
    const [ending1, ending2] = rng.next() < 0.5 ? [right, wrong] : [wrong, right];
    return classification({ story: s.sentences.slice(0, 3).join(' '), ending1, ending2 }, [ending1, ending2], right);
  },
  check(_world, ex) {
    const feeling = EXPECTED_FEELING[kindFromText(ex.fields.story)!];
    return [ex.fields.ending1, ex.fields.ending2].find((e) => e.endsWith(` ${feeling}.`))!;
  },
};

export const COMMONSENSE_DATASETS = [copaLike, piqaLike, hellaswagLike, storyClozeLike];
