/**
 * World v2: how each dataset's task looks in natural text. A view turns one example into a context and
 * a question in everyday words (never the templates' instruction wording); the answer is the example's
 * own answer, so the base model meets the tasks' answer words ("yes", "it is not possible to tell",
 * "positive", "acceptable", ...) and the skill itself in pretraining. Instruction tuning then only has
 * to teach the model to use that skill when asked through an instruction with OPTIONS — FLAN's mechanism.
 *
 * Each view picks among several wordings (rng), and genres.ts wraps it in several document frames,
 * so every skill is seen in many phrasings. probePrompt() is one more frame the corpus never uses: the
 * latent probe asks the base model in it (cli/commands/probe.ts).
 */
import type { Rng } from '../../rng';
import type { Example } from '../types';

export interface NaturalView {
  /** Text the question is about; may be empty (closed-book questions). */
  context: string;
  question: string;
}

type ViewMaker = (f: Record<string, string>, rng: Rng, ex: Example) => NaturalView;

/** Text without its closing punctuation, and with a capital first letter: shared by the natural-text frames. */
export const noDot = (s: string) => s.replace(/[.?!]+$/, '');
export const cap = (s: string) => (s ? s[0].toUpperCase() + s.slice(1) : s);
const lc = (s: string) => (/^[A-Z][a-z]/.test(s) && !/^[A-Z][a-z]+ [A-Z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);
const quoted = (s: string) => `"${noDot(s)}"`;

/** Yes/no claims about a text, in five wordings. */
function claimQuestion(rng: Rng, claim: string): string {
  return rng.pick([
    `Does that mean that ${lc(noDot(claim))}?`,
    `Then is ${quoted(claim)} correct?`,
    `So would you say ${quoted(claim)}?`,
    `Must it be that ${lc(noDot(claim))}?`,
    `And so, ${quoted(claim)}, right?`,
  ]);
}

const nliView: ViewMaker = (f, rng) => ({ context: f.premise, question: claimQuestion(rng, f.hypothesis) });
const reviewQuestion = (rng: Rng) =>
  rng.pick([
    'Was that positive or negative?',
    'Positive or negative, what was the verdict?',
    'So was the review positive or negative?',
    'Would you call that a positive or a negative review?',
    'Was the writer positive or negative about it?',
  ]);
const sameQuestion = (rng: Rng, a: string, b: string) =>
  rng.pick([
    `Do ${quoted(a)} and ${quoted(b)} say the same thing?`,
    `Is ${quoted(b)} just another way to say ${quoted(a)}?`,
    `Are ${quoted(a)} and ${quoted(b)} equal in what they say?`,
    `Does ${quoted(b)} say what ${quoted(a)} says?`,
    `${quoted(a)}, ${quoted(b)}: the same thing or not?`,
  ]);

export const NATURAL_VIEWS: Record<string, ViewMaker> = {
  snli_like: nliView,
  rte_like: nliView,
  cb_like: nliView,
  anli_like: nliView,
  qnli_like: (f, rng) => ({
    context: f.sentence,
    question:
      rng.pick([
        `Does that give the answer to "${f.question}"`,
        `Can it answer "${f.question}"`,
        `Is the answer to "${f.question}" in there`,
        `Would that help with "${f.question}"`,
        `Does it say "${noDot(f.question)}"`,
      ]) + '?',
  }),
  boolq_like: (f) => ({ context: f.passage, question: f.question }),
  multirc_like: (f, rng) => ({
    context: f.passage,
    question: `${f.question} ${rng.pick(['Is it', 'Could it be', 'Would it be', 'Is the answer', 'Might it be'])} "${noDot(f.response)}"?`,
  }),
  cosmos_like: (f) => ({ context: f.context, question: f.question }),
  cosmos_why_like: (f) => ({ context: f.context, question: f.question }),
  record_like: (f, rng) => ({
    context: f.passage,
    question: `${rng.pick(['Who is missing in', 'Who goes in the gap of', 'Whose name fits', 'Which person belongs in', 'Who completes'])} "${f.query.replace('@placeholder', '___')}"?`,
  }),
  arc_like: (f) => ({ context: '', question: f.question }),
  fact_check_like: (f, rng) => ({
    context: '',
    question: rng.pick([
      `Is it so that ${lc(noDot(f.statement))}?`,
      `${quoted(f.statement)}: is that correct?`,
      `Someone said ${quoted(f.statement)}. Is that right?`,
      `Would you agree that ${lc(noDot(f.statement))}?`,
      `Is ${quoted(f.statement)} a fact?`,
    ]),
  }),
  copa_like: (f, rng) => ({
    context: f.premise,
    question:
      f.question === 'effect'
        ? rng.pick(['What happened as a result?', 'What came of it?', 'So what happened then?', 'What did that lead to?', 'And then?'])
        : rng.pick(['What was the cause?', 'Why was that?', 'What made it happen?', 'How did that come about?', 'What caused it?']),
  }),
  piqa_like: (f) => ({ context: '', question: f.goal }),
  hellaswag_like: (f, rng) => ({
    context: f.context,
    question: rng.pick(['What happened next?', 'And then?', 'What came after that?', 'How did it go on?', 'What was next?']),
  }),
  story_cloze_like: (f, rng) => ({
    context: f.story,
    question: rng.pick(['How did the story end?', 'And in the end?', 'What was the ending?', 'How did it end?', 'What came last?']),
  }),
  wsc_like: (f, rng) => ({
    context: f.sentence,
    question: rng.pick([
      `Who or what is "${f.pronoun}" there?`,
      `What does "${f.pronoun}" stand for?`,
      `"${f.pronoun}" is who or what?`,
      `Who or what was "${f.pronoun}"?`,
      `Here "${f.pronoun}" means who or what?`,
    ]),
  }),
  winogrande_like: (f, rng) => ({
    context: f.sentence,
    question: rng.pick(['Who is the _?', 'Who goes in the _?', 'Whose name is the _?', 'The _ is who?', 'Who fits the _?']),
  }),
  dpr_like: (f, rng) => ({
    context: f.sentence,
    question: rng.pick([
      `Is "${f.pronoun}" ${f.candidate} there?`,
      `Does "${f.pronoun}" mean ${f.candidate}?`,
      `Is ${f.candidate} the one called "${f.pronoun}"?`,
      `Was "${f.pronoun}" ${f.candidate}?`,
      `"${f.pronoun}" is ${f.candidate}, right?`,
    ]),
  }),
  sst2_like: (f, rng) => ({ context: f.sentence, question: reviewQuestion(rng) }),
  imdb_like: (f, rng) => ({ context: f.review, question: reviewQuestion(rng) }),
  yelp_like: (f, rng) => ({ context: f.review, question: reviewQuestion(rng) }),
  mrpc_like: (f, rng) => ({ context: '', question: sameQuestion(rng, f.sentence1, f.sentence2) }),
  paws_like: (f, rng) => ({ context: '', question: sameQuestion(rng, f.sentence1, f.sentence2) }),
  qqp_like: (f, rng) => ({
    context: '',
    question: rng.pick([
      `Do "${f.question1}" and "${f.question2}" ask the same thing?`,
      `Is "${f.question2}" the same as asking "${f.question1}"?`,
      `Would "${f.question1}" and "${f.question2}" get the same answer?`,
      `Are "${f.question1}" and "${f.question2}" one and the same?`,
      `"${f.question1}" or "${f.question2}": the same thing?`,
    ]),
  }),
  stsb_like: (f, rng) => ({
    context: `${quoted(f.sentence1)} and ${quoted(f.sentence2)}.`,
    question: rng.pick([
      'How close are they, from 0 to 5?',
      'On a scale from 0 to 5, how alike are they?',
      'On a scale of 0 to 5, how much do they agree?',
      'How near are the two, on a scale of 0 to 5?',
      'Score them from 0 to 5: how alike?',
    ]),
  }),
  trec_like: (f, rng) => ({
    context: `"${f.question}"`,
    question: rng.pick([
      'Does that ask about a person, a place, a number or a thing?',
      'Is it about a person, a place, a number or a thing?',
      'A person, a place, a number or a thing: what does it ask for?',
      'Which is it after: a person, a place, a number or a thing?',
      'Person, place, number or thing?',
    ]),
  }),
  cola_like: (f, rng) => ({
    context: `"${f.sentence}"`,
    question: rng.pick([
      'Is that acceptable English or unacceptable?',
      'Acceptable or unacceptable as a sentence?',
      'Would a teacher call it acceptable or unacceptable?',
      'Is the grammar acceptable or unacceptable?',
      'Is that sentence acceptable or unacceptable?',
    ]),
  }),
  squad_like: (f) => ({ context: f.passage, question: f.question }),
  drop_like: (f) => ({ context: f.passage, question: f.question }),
  triviaqa_like: (f) => ({ context: '', question: f.question }),
  nq_like: (f) => ({ context: '', question: f.question.endsWith('?') ? f.question : `${f.question}?` }),
  common_gen_like: (f, rng) => ({
    context: `Words: ${f.concepts}.`,
    question: rng.pick([
      'A sentence with all of them?',
      'Can you make one sentence of them?',
      'Put them in one sentence?',
      'What sentence uses them all?',
      'One sentence with these words?',
    ]),
  }),
  dart_like: (f, rng) => ({
    context: f.triples,
    question: rng.pick(['In words?', 'As a sentence?', 'How would you say it?', 'Said plainly?', 'In plain words?']),
  }),
  e2e_like: (f, rng) => ({
    context: f.meaning,
    question: rng.pick(['In words?', 'As a sentence?', 'How would you say it?', 'Said plainly?', 'In plain words?']),
  }),
  en_to_lumi: (f, rng) => ({
    context: `"${f.sentence}"`,
    question: rng.pick(['How do you say that in Lumi?', 'And in Lumi?', 'What is that in Lumi?', 'How does it go in Lumi?', 'Lumi for that?']),
  }),
  lumi_to_en: (f, rng) => ({
    context: `"${f.sentence}"`,
    question: rng.pick(['What does that mean in English?', 'And in English?', 'What is that in English?', 'How does it go in English?', 'English for that?']),
  }),
  lumi_words: (f, rng) => ({
    context: '',
    question: rng.pick([
      `What is the Lumi word for ${f.word}?`,
      `How do you say ${f.word} in Lumi?`,
      `${f.word} in Lumi?`,
      `The word ${f.word}, in Lumi?`,
      `What does Lumi call ${f.word}?`,
    ]),
  }),
  cnn_dm_like: (f, rng) => ({
    context: f.article,
    question: rng.pick(['What happened, in short?', 'In short?', 'The main thing?', 'What is the news in one line?', 'What is the summary?']),
  }),
  gigaword_like: (f, rng) => ({
    context: f.sentence,
    question: rng.pick(['The headline?', 'What would the headline be?', 'As a headline?', 'In the paper it said:', 'The title of the story?']),
  }),
  samsum_like: (f, rng) => ({
    context: f.dialogue,
    question: rng.pick(['What did they agree, in short?', 'In short?', 'What came of the dialogue?', 'So what is the plan?', 'The chat in one line?']),
  }),
  math_like: (f) => ({ context: '', question: f.question }),
  fix_punctuation_like: (f, rng) => ({
    context: f.sentence,
    question: rng.pick(['How should it be written?', 'With capitals and full stops?', 'Written properly?', 'The same, written well?', 'Cleaned up?']),
  }),
  counting_like: (f, rng) => ({
    context: `${f.words}.`,
    question: rng.pick([
      `How many of them are ${f.category}?`,
      `Of these, how many are ${f.category}?`,
      `Count of ${f.category}?`,
      `How many ${f.category} are there?`,
      `Number of ${f.category} in the list?`,
    ]),
  }),
};

/**
 * The probe's frame: context and question on one line, then "I think the answer is" — words the corpus
 * never writes in this order (it writes "The answer is ..."). A first try, "...\nMy guess:", was too far
 * from any frame for the tiny model: it gave a constant answer even where the in-frame skill was there.
 */
export function probePrompt(view: NaturalView): string {
  return `${view.context ? view.context + ' ' : ''}${view.question} I think the answer is`;
}
