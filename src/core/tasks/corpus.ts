/**
 * Pretraining corpus: plain text about the world — encyclopedia-like biographies, stories, dialogues,
 * definitions and bilingual sentences. It never uses the templates' instruction wording (tested), so any
 * instruction-following must come from tuning, while the facts themselves come from here.
 * Every fact is said in rotating paraphrases in different documents; documents are shuffled.
 */
import { Rng, rngFor } from '../rng';
import { ANIMALS, FOODS, NEGATIVE_WORDS, NUMBER_WORDS, OBJECTS, OPPOSITES, PLACES, POSITIVE_WORDS, SYNONYMS, DAYS, TOY_LANGUAGE } from './world/lexicon';
import { ANIMAL_STATEMENTS, CAPITAL_STATEMENTS, FOOD_STATEMENTS, OBJECT_STATEMENTS, PERSON_RELATIONS, PERSON_STATEMENTS, personValue } from './world/facts';
import { makeStory } from './world/stories';
import { translateWords } from './world/toy';
import { pickTwoPeople, zipfPick, type Person, type World } from './world/world';
import { bilingualSentence } from './world/sentences';
import { naturalSource, naturalTaskDocument, notesDocument } from './natural/genres';
import { getSuite } from './suite';
import { WORLD_VERSION, type WorldVersion } from './version';

export interface CorpusOptions {
  seed: number;
  /** Stop once the documents hold at least this many characters. */
  targetChars?: number;
  /** Alternative size: approximate tokens (≈ 4 characters each). */
  targetTokens?: number;
  /** World version (default WORLD_VERSION; see version.ts). */
  version?: WorldVersion;
}

export { WORLD_VERSION, type WorldVersion } from './version';

type DocMaker = (world: World, rng: Rng, state: CorpusState) => string;
interface CorpusState {
  docIndex: number;
  mentions: Map<string, number>;
}

/** Paraphrase index for this fact: rotates so repeated mentions use different wordings. */
function nextForm(state: CorpusState, key: string, forms: number): number {
  const n = state.mentions.get(key) ?? 0;
  state.mentions.set(key, n + 1);
  return n % forms;
}

const biography: DocMaker = (world, rng, state) => {
  // Alternate a round-robin person (coverage of rare people) with a Zipf-popular one (celebrities).
  const p: Person = state.docIndex % 2 === 0 ? world.people[(state.docIndex >> 1) % world.people.length] : zipfPick(rng, world.people);
  const relations = rng.shuffle([...PERSON_RELATIONS]).slice(0, 3 + rng.int(3));
  return relations.map((r) => PERSON_STATEMENTS[r][nextForm(state, `${p.name}/${r}`, 5)](p.name, personValue(p, r))).join(' ');
};

const geography: DocMaker = (world, rng, state) => {
  const c = rng.pick(world.countries);
  const out = [CAPITAL_STATEMENTS[nextForm(state, c.name, CAPITAL_STATEMENTS.length)](c.name, c.capital)];
  const residents = world.people.filter((p) => p.city === c.capital);
  if (residents.length) out.push(`${residents.map((p) => p.name).join(' and ')} ${residents.length > 1 ? 'live' : 'lives'} in ${c.capital}, in ${c.name}.`);
  return out.join(' ');
};

const nature: DocMaker = (_world, rng, state) => {
  const a = rng.pick(ANIMALS);
  const o = rng.pick(OBJECTS);
  const f = rng.pick(FOODS);
  return [
    ANIMAL_STATEMENTS[nextForm(state, a.name, ANIMAL_STATEMENTS.length)](a),
    ANIMAL_STATEMENTS[nextForm(state, a.name, ANIMAL_STATEMENTS.length)](a),
    OBJECT_STATEMENTS[nextForm(state, o.name, OBJECT_STATEMENTS.length)](o),
    FOOD_STATEMENTS[nextForm(state, f.name, FOOD_STATEMENTS.length)](f),
  ].join(' ');
};

const story: DocMaker = (world, rng) => makeStory(world, rng).sentences.join(' ');

const dialogue: DocMaker = (world, rng) => {
  const [a, b] = pickTwoPeople(world, rng);
  const place = rng.pick(PLACES);
  const day = rng.pick(DAYS);
  const lines =
    rng.next() < 0.5
      ? [
          `${a.name}: Hello ${b.name}, where do you live now?`,
          `${b.name}: I live in ${b.city}. And you?`,
          `${a.name}: I live in ${a.city}. I work as a ${a.job}.`,
          `${b.name}: Nice. I like ${b.likes}.`,
        ]
      : [
          `${a.name}: Shall we meet at the ${place} on ${day}?`,
          `${b.name}: Yes, I will bring my ${b.pet}.`,
          `${a.name}: Good, see you at the ${place} on ${day}.`,
        ];
  return lines.join('\n');
};

const definitions: DocMaker = (_world, rng) => {
  const [x, y] = rng.pick(OPPOSITES);
  const [s, t] = rng.pick(SYNONYMS);
  const forms = [
    `${cap(x)} is the opposite of ${y}. ${cap(s)} means the same as ${t}.`,
    `The opposite of ${y} is ${x}. The word ${t} means ${s}.`,
    `Something ${x} is not ${y}. To say ${s} you can also say ${t}.`,
  ];
  return rng.pick(forms);
};

const bilingual: DocMaker = (world, rng) => {
  if (rng.next() < 0.4) {
    const words = rng.shuffle([...world.toy.toToy.keys()]).slice(0, 3);
    return words.map((w) => `In ${TOY_LANGUAGE}, the word for ${w} is ${world.toy.toToy.get(w)}.`).join(' ');
  }
  const en = bilingualSentence(world, rng);
  return rng.next() < 0.5
    ? `${en} In ${TOY_LANGUAGE}: ${translateWords(en, world.toy.toToy)}`
    : `${TOY_LANGUAGE}: ${translateWords(en, world.toy.toToy)} English: ${en}`;
};

const comparisons: DocMaker = (world, rng) => {
  const [a, b] = pickTwoPeople(world, rng);
  const [old, young] = a.age > b.age ? [a, b] : [b, a];
  const x = rng.int(10);
  const y = rng.int(10);
  return (
    rng.pick([
      `${old.name} is older than ${young.name}. ${young.name} is younger than ${old.name}.`,
      `${old.name} is ${old.age} and ${young.name} is ${young.age}, so ${old.name} is the older one.`,
    ]) + ` ${cap(NUMBER_WORDS[x])} and ${NUMBER_WORDS[y]} make ${NUMBER_WORDS[x + y]}, so ${x} plus ${y} is ${x + y}.`
  );
};

const review: DocMaker = (world, rng) => {
  const p = zipfPick(rng, world.people);
  const good = rng.next() < 0.5;
  const word = rng.pick(good ? POSITIVE_WORDS : NEGATIVE_WORDS);
  const food = good ? p.likes : p.dislikes;
  return `${p.name} had ${food} at the cafe in ${p.city}. ${p.name} said the ${food} ${food.endsWith('s') ? 'were' : 'was'} ${word}.`;
};

const MAKERS: [DocMaker, number][] = [
  [biography, 34],
  [geography, 6],
  [nature, 10],
  [story, 14],
  [dialogue, 8],
  [definitions, 6],
  [bilingual, 10],
  [comparisons, 6],
  [review, 6],
];

/** World v4: half of the natural-task items that have options are written as ballots (natural/ballots.ts). */
const BALLOT_SHARE = 0.5;

/**
 * v2 adds natural-task documents (about a third of all documents) and notes. The v1 genres keep their
 * weights, so every fact is still stated in several paraphrases. v3 is v2 with its own suite's items
 * (the verification datasets' restated answers) in the natural-task documents.
 */
function makersFor(world: World, version: WorldVersion, seed: number): [DocMaker, number][] {
  if (version === 1) return MAKERS;
  const source = naturalSource(world, getSuite(world.seed, { worldVersion: version }).datasets, seed, version >= 4 ? BALLOT_SHARE : 0);
  const natural: DocMaker = (w, rng) => naturalTaskDocument(w, source, rng);
  const notes: DocMaker = (w, rng) => notesDocument(w, rng);
  return [...MAKERS, [natural, 50], [notes, 8]];
}

/** Generate shuffled documents until the size target is met. Deterministic per (world, seed). */
export function generateCorpus(world: World, options: CorpusOptions): string[] {
  const target = options.targetChars ?? (options.targetTokens ?? 250_000) * 4;
  const rng = rngFor(options.seed, 'corpus');
  const makers = makersFor(world, options.version ?? WORLD_VERSION, options.seed);
  const total = makers.reduce((s, [, w]) => s + w, 0);
  const state: CorpusState = { docIndex: 0, mentions: new Map() };
  const docs: string[] = [];
  let chars = 0;
  while (chars < target) {
    let u = rng.next() * total;
    let maker = makers[0][0];
    for (const [m, w] of makers) {
      if ((u -= w) < 0) {
        maker = m;
        break;
      }
    }
    const doc = maker(world, rng, state);
    if (maker === biography) state.docIndex++;
    docs.push(doc);
    chars += doc.length;
  }
  return rng.shuffle(docs);
}

function cap(s: string): string {
  return s[0].toUpperCase() + s.slice(1);
}
