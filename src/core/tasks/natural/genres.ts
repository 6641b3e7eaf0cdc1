/**
 * World v2 pretraining genres: the suite's tasks as they would appear in natural text — dialogues,
 * FAQs, quizzes with a list of choices, letters, forum threads — plus everyday notes and lists, so line
 * breaks, list markers and words such as "answer", "question", "text" are ordinary tokens.
 *
 * Only train-split items are used, and only those about the "known half" of the people (even popularity
 * ranks): the base model must reach the other half by generalisation, as in Physics of Language Models
 * 3.1's celebrity split. Nothing here may use the templates' instruction wording (corpus.test.ts).
 */
import { rngFor, type Rng } from '../../rng';
import { DAYS, OBJECTS, PLACES, COLOURS } from '../world/lexicon';
import type { World } from '../world/world';
import type { Dataset } from '../suite';
import type { Example } from '../types';
import { NATURAL_VIEWS, cap, noDot, type NaturalView } from './views';
import { ballotDocument } from './ballots';

type Frame = (v: NaturalView, answer: string, ex: Example, a: string, b: string, rng: Rng) => string;

/** Document frames around a view; the answer always follows the question, in the task's own words. */
const FRAMES: Frame[] = [
  (v, ans, _ex, a, b) => `${v.context ? `${a}: ${v.context}\n` : ''}${b}: ${v.question}\n${a}: ${cap(noDot(ans))}.`,
  (v, ans) => `Q: ${v.context ? v.context + ' ' : ''}${v.question}\nA: ${noDot(ans)}.`,
  (v, ans) => `${v.context ? v.context + '\n' : ''}${v.question}\n${cap(noDot(ans))}.`,
  (v, ans) => `${v.context ? v.context + ' ' : ''}${v.question} The answer is ${noDot(ans)}.`,
  (v, ans, ex) =>
    ex.options
      ? `${v.context ? v.context + '\n' : ''}Question of the day: ${v.question}\n- ${ex.options.join('\n- ')}\nThe answer was ${noDot(ans)}. That option is true.`
      : `${v.context ? v.context + '\n' : ''}${v.question}\nThat one is easy: ${noDot(ans)}.`,
  (v, ans, _ex, a) =>
    `Dear ${a.split(' ')[0]},\n${v.context ? v.context + '\n' : ''}You asked me this. ${v.question} As I said above, I would say ${noDot(ans)}.`,
  (v, ans, _ex, a, b) => `${b} wrote:\n${v.context ? v.context + ' ' : ''}${v.question}\nReply from ${a}:\n${cap(noDot(ans))}.`,
];

export interface NaturalSource {
  datasets: Dataset[];
  pools: Example[][];
  /** Share of items with options written as a ballot (world v4; 0 before, which keeps v2/v3's text). */
  ballotShare: number;
}

/** Names of the people whose tasks may appear in pretraining (even popularity ranks). */
export function knownHalf(world: World): Set<string> {
  return new Set(world.people.filter((_, i) => i % 2 === 0).map((p) => p.name));
}

/** Train items per dataset that mention only known-half people. */
export function naturalSource(world: World, datasets: readonly Dataset[], seed: number, ballotShare = 0): NaturalSource {
  const known = knownHalf(world);
  const unknown = world.people.map((p) => p.name).filter((n) => !known.has(n));
  const usable = datasets.filter((d) => NATURAL_VIEWS[d.name]);
  const pools = usable.map((d) =>
    d.examples('train', 2000, 7919 + seed).filter((ex) => {
      const text = Object.values(ex.fields).join(' ') + ' ' + ex.answer + ' ' + (ex.options ?? []).join(' ');
      return !unknown.some((n) => text.includes(n));
    }),
  );
  return { datasets: usable.filter((_, i) => pools[i].length > 0), pools: pools.filter((p) => p.length > 0), ballotShare };
}

/** One natural-task document: a random dataset, one of its known-half items, one view and one frame. */
export function naturalTaskDocument(world: World, source: NaturalSource, rng: Rng): string {
  const i = rng.int(source.datasets.length);
  const ex = rng.pick(source.pools[i]);
  const view = NATURAL_VIEWS[source.datasets[i].name](ex.fields, rng, ex);
  const a = rng.pick(world.people).name;
  let b = rng.pick(world.people).name;
  if (b === a) b = world.people[(world.people.findIndex((p) => p.name === a) + 1) % world.people.length].name;
  // Drawn only when ballots are on, so v2/v3 corpora stay byte-identical to what their models saw.
  const ballot = source.ballotShare > 0 && rng.next() < source.ballotShare ? ballotDocument(view, ex, a, b, rng) : null;
  return ballot ?? rng.pick(FRAMES)(view, ex.answer, ex, a, b, rng);
}

/** Everyday notes and lists: line structure and common imperative words in a non-instruction sense. */
export function notesDocument(world: World, rng: Rng): string {
  const p = rng.pick(world.people);
  const q = rng.pick(world.people);
  const obj = rng.pick(OBJECTS).name;
  const items = rng
    .shuffle([
      `Read the ${rng.pick(COLOURS)} book from ${q.name}.`,
      `Write to ${q.name} about the ${rng.pick(PLACES)}.`,
      `Choose a ${rng.pick(COLOURS)} ${obj} for ${q.name}.`,
      `Decide about the trip on ${rng.pick(DAYS)}.`,
      `Tell ${q.name} about the ${rng.pick(PLACES)}.`,
      `Use the old ${obj} if the new one is lost.`,
      `Ask ${q.name} a question about the ${rng.pick(PLACES)}.`,
      `Find the answer in the text ${q.name} sent.`,
      `Which ${obj} is mine? Ask ${q.name}.`,
      `How many ${obj}s are left? Look in the bag.`,
      `It is true that ${q.name} has the ${obj}; ask about it.`,
      `Fill the bag with the ${obj}s for ${q.name}.`,
      `Write two sentences about the ${rng.pick(PLACES)} in the summary for ${q.name}.`,
      `See the list above: one option is the ${rng.pick(PLACES)}.`,
    ])
    .slice(0, 3 + rng.int(4));
  // Two in three notes open with a bare imperative line, as a note on the fridge does: prompts open
  // with such words ("Read", "Write", "Answer" ...) and byte-level BPE gives a word at the very start
  // of a text its own token, which only documents that start with it can train.
  if (rng.next() < 2 / 3) {
    const first = rng.pick([
      `Read this, ${p.first}.`,
      `Write back soon, ${p.first}.`,
      `Answer me when you can, ${p.first}.`,
      `Tell ${q.name} I said hello.`,
      `Choose one ${obj} and leave the rest.`,
      `Decide by ${rng.pick(DAYS)}, ${p.first}.`,
      `Use the ${rng.pick(COLOURS)} ${obj}.`,
      `Answer the phone if ${q.name} calls.`,
      `Read the note above first.`,
      `Write it down.`,
    ]);
    return `${first}\n${items.join('\n')}`;
  }
  const head = rng.pick([`Notes of ${p.name}`, `${p.name}, things to do on ${rng.pick(DAYS)}`, `To do (${p.name})`, `Reminder for ${p.first}`]);
  return `${head}:\n- ${items.join('\n- ')}`;
}

/** A stream of natural-task documents for a world; exported for the corpus and the coverage audit. */
export function naturalRng(seed: number): Rng {
  return rngFor(seed, 'corpus/natural');
}
