/**
 * Events and short stories. Each story kind knows its cause, its effect, the feeling it leads to,
 * a one-sentence summary and a headline, so reading, commonsense and summarization tasks share
 * one source of truth. Stories use full names, never pronouns (pretraining-friendly, unambiguous).
 */
import type { Rng } from '../../rng';
import { COLOURS, DAYS, FOODS, OBJECTS, PLACES } from './lexicon';
import { pickTwoPeople, type Person, type World } from './world';

export const STORY_KINDS = ['lost', 'gift', 'race', 'rain', 'hungry', 'broke', 'bus', 'pet', 'noise'] as const;
export type StoryKind = (typeof STORY_KINDS)[number];

export interface Story {
  kind: StoryKind;
  person: Person;
  other: Person;
  place: string;
  day: string;
  sentences: string[];
  /** One plain sentence saying what happened. */
  summary: string;
  /** Lower-case news headline. */
  headline: string;
  /** How the main person felt at the end. */
  feeling: string;
  /** Why the person felt that way, as a short clause ("lost a red bike"). */
  reason: string;
  /** Extractive question/answer pairs; each answer occurs verbatim in the story. */
  qa: [string, string][];
}

/** The feeling each kind of event leads to: common sense the commonsense tasks rely on. */
export const FEELING_OF: Record<StoryKind, string> = {
  lost: 'sad',
  gift: 'happy',
  race: 'proud',
  rain: 'cold',
  hungry: 'full',
  broke: 'upset',
  bus: 'angry',
  pet: 'happy',
  noise: 'scared',
};
export const FEELINGS = ['sad', 'happy', 'proud', 'cold', 'full', 'upset', 'angry', 'scared'];

export function makeStory(world: World, rng: Rng, kind: StoryKind = rng.pick(STORY_KINDS)): Story {
  const [p, o] = pickTwoPeople(world, rng);
  const P = p.name;
  const O = o.name;
  const place = rng.pick(PLACES);
  const day = rng.pick(DAYS);
  const colour = rng.pick(COLOURS);
  const object = rng.pick(OBJECTS).name;
  const food = rng.pick(FOODS.filter((f) => f.cls !== 'drink')).name;
  const feeling = FEELING_OF[kind];
  const base = { kind, person: p, other: o, place, day, feeling };
  switch (kind) {
    case 'lost':
      return {
        ...base,
        sentences: [
          `On ${day}, ${P} went to the ${place}.`,
          `${P} lost a ${colour} ${object} at the ${place}.`,
          `${P} looked everywhere but could not find the ${object}.`,
          `${P} felt ${feeling}.`,
        ],
        summary: `${P} lost a ${colour} ${object} at the ${place}.`,
        headline: `${lower(P)} loses ${colour} ${object} at ${place}`,
        reason: `lost a ${colour} ${object}`,
        qa: [
          [`What did ${P} lose?`, `a ${colour} ${object}`],
          [`Where did ${P} go on ${day}?`, `the ${place}`],
          [`How did ${P} feel?`, feeling],
        ],
      };
    case 'gift':
      return {
        ...base,
        sentences: [
          `On ${day}, ${O} met ${P} at the ${place}.`,
          `${O} gave ${P} a ${colour} ${object} as a gift.`,
          `${P} thanked ${O}.`,
          `${P} felt ${feeling}.`,
        ],
        summary: `${O} gave ${P} a ${colour} ${object}.`,
        headline: `${lower(O)} gives ${lower(P)} ${colour} ${object}`,
        reason: `got a gift from ${O}`,
        qa: [
          [`Who gave ${P} a gift?`, O],
          [`What did ${O} give ${P}?`, `a ${colour} ${object}`],
          [`Where did ${O} meet ${P}?`, `the ${place}`],
        ],
      };
    case 'race':
      return {
        ...base,
        sentences: [`${P} and ${O} ran a race in the ${place} on ${day}.`, `${P} was faster than ${O}.`, `${P} won the race.`, `${P} felt ${feeling}.`],
        summary: `${P} won a race against ${O}.`,
        headline: `${lower(P)} beats ${lower(O)} in race`,
        reason: `won the race`,
        qa: [
          [`Who won the race?`, P],
          [`Where was the race?`, `the ${place}`],
          [`Who was slower?`, O],
        ],
      };
    case 'rain':
      return {
        ...base,
        sentences: [`On ${day}, ${P} walked to the ${place}.`, `It started to rain.`, `${P} had no umbrella, so ${P} got wet.`, `${P} felt ${feeling}.`],
        summary: `${P} got wet in the rain on the way to the ${place}.`,
        headline: `rain soaks ${lower(P)} on way to ${place}`,
        reason: `got wet in the rain`,
        qa: [
          [`Where did ${P} walk?`, `the ${place}`],
          [`What did ${P} not have?`, `umbrella`],
          [`When did ${P} walk to the ${place}?`, day],
        ],
      };
    case 'hungry':
      return {
        ...base,
        sentences: [
          `${P} was hungry on ${day}.`,
          `${P} went to the market and bought ${food}.`,
          `${P} ate the ${food} in the ${place}.`,
          `${P} felt ${feeling}.`,
        ],
        summary: `${P} bought ${food} and ate the ${food} in the ${place}.`,
        headline: `hungry ${lower(P)} eats ${food} in ${place}`,
        reason: `ate ${food}`,
        qa: [
          [`What did ${P} buy?`, food],
          [`Where did ${P} eat the ${food}?`, `the ${place}`],
          [`When was ${P} hungry?`, day],
        ],
      };
    case 'broke':
      return {
        ...base,
        sentences: [`${P} was carrying a ${colour} ${object} in the ${place}.`, `${P} dropped the ${object}.`, `The ${object} broke.`, `${P} felt ${feeling}.`],
        summary: `${P} dropped and broke a ${colour} ${object}.`,
        headline: `${lower(P)} breaks ${colour} ${object}`,
        reason: `broke a ${colour} ${object}`,
        qa: [
          [`What did ${P} drop?`, `a ${colour} ${object}`],
          [`Where was ${P}?`, `the ${place}`],
          [`What colour was the ${object}?`, colour],
        ],
      };
    case 'bus':
      return {
        ...base,
        sentences: [`On ${day}, ${P} wanted to take the bus to the ${place}.`, `${P} missed the bus.`, `${P} was late to meet ${O}.`, `${P} felt ${feeling}.`],
        summary: `${P} missed the bus to the ${place} and was late to meet ${O}.`,
        headline: `${lower(P)} misses bus to ${place}`,
        reason: `missed the bus`,
        qa: [
          [`What did ${P} miss?`, `the bus`],
          [`Who did ${P} want to meet?`, O],
          [`Where did ${P} want to go?`, `the ${place}`],
        ],
      };
    case 'pet': {
      const animal = rng.pick(world.animals.filter((a) => a.pet)).name;
      return {
        ...base,
        sentences: [
          `On ${day}, ${O} brought a little ${animal} to the ${place}.`,
          `${O} gave the ${animal} to ${P}.`,
          `${P} took the ${animal} home.`,
          `${P} felt ${feeling}.`,
        ],
        summary: `${O} gave ${P} a little ${animal}.`,
        headline: `${lower(P)} gets ${animal} from ${lower(O)}`,
        reason: `got a new ${animal}`,
        qa: [
          [`What animal did ${O} bring?`, animal],
          [`Who took the ${animal} home?`, P],
          [`Where did ${O} bring the ${animal}?`, `the ${place}`],
        ],
      };
    }
    case 'noise':
      return {
        ...base,
        sentences: [`${P} was alone in the ${place} at night.`, `${P} heard a loud noise.`, `${P} called ${O}.`, `${P} felt ${feeling}.`],
        summary: `${P} heard a loud noise at night and called ${O}.`,
        headline: `loud noise scares ${lower(P)} at night`,
        reason: `heard a loud noise`,
        qa: [
          [`What did ${P} hear?`, `a loud noise`],
          [`Who did ${P} call?`, O],
          [`Where was ${P}?`, `the ${place}`],
        ],
      };
  }
}

function lower(s: string): string {
  return s.toLowerCase();
}
