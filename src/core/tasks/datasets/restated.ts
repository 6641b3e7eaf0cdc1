/**
 * World v3: the 2-way verification datasets answered with a restatement.
 *
 * In v1/v2 these datasets ask "does claim C hold?" with options yes / no. The model must test two spans
 * for equality (the claim's value against the passage's, or against memory) with no word-level cue, and
 * the tiny model stays at chance on them held in (docs/WORLD-DESIGN.md, "World v2"). Here the same items
 * keep their fields, and each option restates a claim after its label word:
 *
 *   "yes, Tom Ford lives in Spain."   (the claim as shown)
 *   "no, Tom Ford lives in France."   (the other claim)
 *
 * Exactly one of the two claims is true, and the right option is always the one that states the truth,
 * so after "yes," or "no," the target always continues with a true statement. The label word alone is
 * still a blind guess (no cue), but the restated value can be copied from the passage or recalled from
 * pretraining — selection, which the tiny model learns (copy-like tasks are learnable in v2) — and the
 * base model's latent preference for true claims (the audit's likelihood AUCs) can decide the ranking.
 * The fields, and so a bag of words on the fields, are as in v2: the yes/no label is still not readable
 * from words. Each item's meta.label keeps that yes/no label: the suite balances classes on it.
 */
import type { Rng } from '../../rng';
import { PERSON_RELATIONS, PERSON_STATEMENTS, personValue, statePerson, type PersonRelation } from '../world/facts';
import { pickPerson, type World } from '../world/world';
import type { DatasetSpec, Example } from '../types';
import { rteLike, anliLike } from './nli';
import { boolqLike, multircLike } from './reading';
import { factCheckLike } from './closed_book';
import { dprLike } from './coreference';
import { GIFT_FORMS, changedGift, mrpcLike, randomGift } from './paraphrase';
import { YES_NO, classification } from './helpers';

/** The two claims of a verification item; `shown` is the one the fields ask about. */
interface Claims {
  shown: string;
  other: string;
}

/** First letter lower-cased unless the claim opens with a name ("Tom Ford ...", but "On Monday" → "on Monday"). */
const afterComma = (s: string) => (/^[A-Z][a-z]+ [A-Z]/.test(s) && !/^(On|The|Every) /.test(s) ? s : s[0].toLowerCase() + s.slice(1));

/** The v3 options of an item: the label word, a comma, then a claim. */
export function restatedOptions(claims: Claims): [string, string] {
  return [`yes, ${afterComma(claims.shown)}`, `no, ${afterComma(claims.other)}`];
}

/** A restated item from its true and false claim: the fields show the true one for "yes", the false one for "no". */
function restatedItem(fields: Record<string, string>, label: string, truth: string, falsehood: string, meta: Record<string, unknown> = {}): Example {
  const options = restatedOptions(label === 'yes' ? { shown: truth, other: falsehood } : { shown: falsehood, other: truth });
  return classification(fields, options, options[label === 'yes' ? 0 : 1], { ...meta, label });
}

/**
 * Wraps a v2 yes/no spec: its own make() draws the item (same fields, same label balance), `claims`
 * states the shown claim and its alternative, and the answer is the option of the v2 label. The check
 * reuses the v2 spec's independent solver on the fields and picks that label's option.
 */
function restated(base: DatasetSpec, claims: (world: World, ex: Example, rng: Rng) => Claims, description: string): DatasetSpec {
  return {
    ...base,
    description,
    make(world, rng) {
      const ex = base.make(world, rng);
      if (!ex.options || ex.options.join('/') !== YES_NO.join('/')) throw new Error(`${base.name}: not a yes/no item`);
      const options = restatedOptions(claims(world, ex, rng));
      return classification(ex.fields, options, ex.answer === 'yes' ? options[0] : options[1], { ...ex.meta, label: ex.answer });
    },
    check(world, ex) {
      const label = base.check(world, { ...ex, options: [...YES_NO], answer: ex.answer.startsWith('yes, ') ? 'yes' : 'no' });
      return ex.options![label === 'yes' ? 0 : 1];
    },
  };
}

/** A value of relation r other than `not`, drawn from the world's people (and absent from `avoid`). */
function otherValue(world: World, rng: Rng, r: PersonRelation, not: string, avoid = ''): string {
  const values = [...new Set(world.people.map((q) => personValue(q, r)))].filter((v) => v !== not && !avoid.includes(v));
  return rng.pick(values);
}

const CLASSES = ['mammal', 'bird', 'fish', 'insect'];

export const rteRestated = restated(
  rteLike,
  (world, ex, rng) => {
    const { premise, hypothesis } = ex.fields;
    const yes = ex.answer === 'yes';
    const lives = /^(.+) lives in (.+)\. .+ is the capital of (.+)\.$/.exec(premise);
    if (lives) {
      const [, name, , country] = lives;
      const alt = yes ? rng.pick(world.countries.filter((c) => c.name !== country)).name : country;
      return { shown: hypothesis, other: `${name} lives in ${alt}.` };
    }
    const has = /^(.+) has an? \w+\. Every \w+ is an? (\w+)\.$/.exec(premise);
    if (!has) throw new Error(`rte_like: unparsed premise ${premise}`);
    const [, name, cls] = has;
    const alt = yes ? rng.pick(CLASSES.filter((c) => c !== cls)) : cls;
    return { shown: hypothesis, other: `${name} has a ${alt}.` };
  },
  'Two-fact premises; each option restates a claim ("yes, ..." / "no, ..."), one of them true.',
);

export const anliRestated = restated(
  anliLike,
  (_world, ex) => {
    const h = /^(.+) is (older|younger) than (.+)\.$/.exec(ex.fields.hypothesis)!;
    return { shown: ex.fields.hypothesis, other: `${h[3]} is ${h[2]} than ${h[1]}.` };
  },
  'Ages are given; each option restates a comparison, one of them true.',
);

export const boolqRestated = restated(
  boolqLike,
  (world, ex, rng) => {
    const { relation, value, person } = ex.meta as { relation: PersonRelation; value: string; person: string };
    const p = world.people.find((x) => x.name === person)!;
    const say = PERSON_STATEMENTS[relation][0];
    const truth = personValue(p, relation);
    const shown = say(person, value);
    return { shown, other: ex.answer === 'yes' ? say(person, otherValue(world, rng, relation, truth, ex.fields.passage)) : say(person, truth) };
  },
  'A short biography and a yes/no question; each option restates a fact, one of them true.',
);

export const multircRestated = restated(
  multircLike,
  (_world, ex, rng) => {
    const qa = ex.meta!.qa as [string, string][];
    const right = qa.find(([q]) => q === ex.fields.question)![1];
    const other = ex.answer === 'yes' ? rng.pick(qa.map(([, a]) => a).filter((a) => a !== right)) : right;
    return { shown: `the answer is ${ex.fields.response}.`, other: `the answer is ${other}.` };
  },
  'A story, a question and a proposed answer; each option restates an answer, one of them right.',
);

/** fact_check_like's v2 items carry no meta, so v3 draws its own: a person, a relation, a true or false value. */
export const factCheckRestated: DatasetSpec = {
  ...factCheckLike,
  description: 'A statement about a person; each option restates a fact ("yes, ..." / "no, ..."), one of them true. Needs memorised facts.',
  make(world, rng) {
    const p = pickPerson(world, rng);
    const r = rng.pick(PERSON_RELATIONS);
    const label = rng.pick(YES_NO);
    const truth = statePerson(p, r, 0);
    const falsehood = PERSON_STATEMENTS[r][0](p.name, otherValue(world, rng, r, personValue(p, r)));
    return restatedItem({ statement: label === 'yes' ? truth : falsehood }, label, truth, falsehood, { person: p.name, relation: r });
  },
  check(world, ex) {
    const p = world.people.find((x) => ex.fields.statement.includes(x.name))!;
    const right = PERSON_RELATIONS.some((r) => statePerson(p, r, 0) === ex.fields.statement);
    return ex.options![right ? 0 : 1];
  },
};

export const dprRestated = restated(
  dprLike,
  (_world, ex) => {
    const { a, b } = ex.meta as { a: string; b: string };
    const { pronoun, candidate } = ex.fields;
    return { shown: `"${pronoun}" is ${candidate}.`, other: `"${pronoun}" is ${candidate === a ? b : a}.` };
  },
  'Does the pronoun refer to this candidate? Each option restates a reading, one of them right.',
);

/** mrpc_like draws its own gift (v2's draw, plus the changed gift also for true pairs): the other claim is sentence2's wording of it. */
export const mrpcRestated: DatasetSpec = {
  ...mrpcLike,
  description: 'Reworded sentences; each option restates the second sentence, one of them faithful to the first.',
  make(world, rng) {
    const g = randomGift(world, rng);
    const [f1, f2] = rng.shuffle([0, 1, 2]);
    const label = rng.pick(YES_NO);
    const [truth, falsehood] = [GIFT_FORMS[f2](g), GIFT_FORMS[f2](changedGift(g, rng))];
    return restatedItem({ sentence1: GIFT_FORMS[f1](g), sentence2: label === 'yes' ? truth : falsehood }, label, truth, falsehood);
  },
  check(world, ex) {
    return ex.options![mrpcLike.check(world, { ...ex, options: [...YES_NO], answer: 'yes' }) === 'yes' ? 0 : 1];
  },
};

/** The v3 replacements, by dataset name. qnli_like and qqp_like are not redesigned (see WORLD-DESIGN.md). */
export const RESTATED_SPECS: readonly DatasetSpec[] = [rteRestated, anliRestated, boolqRestated, multircRestated, factCheckRestated, dprRestated, mrpcRestated];
