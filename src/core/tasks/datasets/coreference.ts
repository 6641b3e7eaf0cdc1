/** Coreference: who does the pronoun (or blank) stand for? Winograd-style schemas over world entities. */
import type { Rng } from '../../rng';
import { OBJECTS } from '../world/lexicon';
import { pickTwoPeople, pronoun, type World } from '../world/world';
import type { DatasetSpec } from '../types';
import { YES_NO, classification, findIn } from './helpers';

/**
 * A schema: a sentence with two candidates A, B and a pronoun slot; the special word picks the referent.
 * `first` words resolve to A, `second` words to B.
 */
interface Schema {
  people: boolean;
  text: string;
  first: string;
  second: string;
}
const SCHEMAS: Schema[] = [
  { people: false, text: 'The {A} did not fit in the {B} because {P} was too {W}.', first: 'big', second: 'small' },
  { people: false, text: 'The {A} could not carry the {B} because {P} was too {W}.', first: 'weak', second: 'heavy' },
  { people: true, text: '{A} gave {B} some bread because {P} was {W}.', first: 'full', second: 'hungry' },
  { people: true, text: '{A} thanked {B} because {P} {W}.', first: 'got help', second: 'had helped' },
  { people: true, text: '{A} called {B} because {P} {W}.', first: 'needed help', second: 'knew the answer' },
  { people: true, text: '{A} could not beat {B} in the race because {P} was too {W}.', first: 'slow', second: 'fast' },
];

interface Instance {
  sentence: string;
  pronoun: string;
  a: string;
  b: string;
  answer: string;
  blank: string;
}

function instance(world: World, rng: Rng): Instance {
  const s = rng.pick(SCHEMAS);
  let a: string, b: string, pro: string, mention: (x: string) => string;
  if (s.people) {
    const [p, q] = pickTwoPeople(world, rng, true);
    [a, b, pro, mention] = [p.name, q.name, pronoun(p).subj, (x) => x];
  } else {
    const [x, y] = rng.shuffle([...world.animals.map((an) => an.name), ...OBJECTS.map((o) => o.name)]).slice(0, 2);
    [a, b, pro, mention] = [x, y, 'it', (n) => `the ${n}`];
  }
  const firstWins = rng.next() < 0.5;
  const word = firstWins ? s.first : s.second;
  const base = s.text.replace('{A}', a).replace('{B}', b).replace('{W}', word);
  const sentence = base.replace('{P}', pro);
  const blank = base.replace('{P}', '_');
  return { sentence, pronoun: pro, a: mention(a), b: mention(b), answer: mention(firstWins ? a : b), blank };
}

/** Independent solver: the cue word says "first" or "second"; candidates are ordered by position. */
const FIRST_CUES = /too big|too weak|was full|got help|needed help|too slow/;
function solve(sentence: string, a: string, b: string): string {
  const bare = (x: string) => x.replace(/^the /, '');
  const first = findIn(sentence, [bare(a), bare(b)]) === bare(a) ? a : b;
  const second = first === a ? b : a;
  return FIRST_CUES.test(sentence) ? first : second;
}

export const wscLike: DatasetSpec = {
  name: 'wsc_like',
  cluster: 'coreference',
  kind: 'classification',
  fields: ['sentence', 'pronoun'],
  description: 'Who does the pronoun refer to? Two candidates.',
  baseline: '{sentence}\nIn the sentence above, "{pronoun}" refers to',
  make(world, rng) {
    const x = instance(world, rng);
    return classification({ sentence: x.sentence, pronoun: x.pronoun }, [x.a, x.b], x.answer);
  },
  check(_world, ex) {
    return solve(ex.fields.sentence, ex.options![0], ex.options![1]);
  },
};

export const winograndeLike: DatasetSpec = {
  name: 'winogrande_like',
  cluster: 'coreference',
  kind: 'classification',
  fields: ['sentence', 'option1', 'option2'],
  description: 'Fill the blank _ with one of two candidates.',
  baseline: '{sentence}\nThe _ is',
  make(world, rng) {
    const x = instance(world, rng);
    const [option1, option2] = rng.next() < 0.5 ? [x.a, x.b] : [x.b, x.a];
    return classification({ sentence: x.blank, option1, option2 }, [option1, option2], x.answer);
  },
  check(_world, ex) {
    return solve(ex.fields.sentence, ex.fields.option1, ex.fields.option2);
  },
};

export const dprLike: DatasetSpec = {
  name: 'dpr_like',
  cluster: 'coreference',
  kind: 'classification',
  fields: ['sentence', 'pronoun', 'candidate'],
  description: 'Does the pronoun refer to this candidate? Yes or no.',
  baseline: '{sentence}\nquestion: Does "{pronoun}" refer to {candidate}? Yes or no?\nanswer:',
  make(world, rng) {
    const x = instance(world, rng);
    const label = rng.pick(YES_NO);
    const candidate = label === 'yes' ? x.answer : x.answer === x.a ? x.b : x.a;
    return classification({ sentence: x.sentence, pronoun: x.pronoun, candidate }, [...YES_NO], label, { a: x.a, b: x.b });
  },
  check(_world, ex) {
    return solve(ex.fields.sentence, ex.meta!.a as string, ex.meta!.b as string) === ex.fields.candidate ? 'yes' : 'no';
  },
};

export const COREFERENCE_DATASETS = [wscLike, winograndeLike, dprLike];
