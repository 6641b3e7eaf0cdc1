/**
 * Seeded instruction-wording variation for tuning mixtures (Zhang, Wang & Charton 2024: transfer to unseen
 * instructions switches on between ~400 and ~1,000 distinct instructions). A template's instruction text is
 * rewritten with synonymous verbs and phrasings ("Answer the question" / "Reply to the question", "Is it true
 * that" / "Is it the case that", an optional "Please"); placeholders and field values are never touched.
 * Evaluation renders use the canonical templates; only buildMixture applies this, and only when asked.
 */
import type { Rng } from '../rng';
import type { Template } from './types';

/** Groups of interchangeable wordings (matched case-insensitively on word boundaries; longest first). */
export const INSTRUCTION_SYNONYMS: readonly (readonly string[])[] = [
  ['answer the question', 'reply to the question', 'respond to the question'],
  ['answer this question', 'reply to this question', 'respond to this question'],
  ['is it true that', 'is it the case that', 'would you say that'],
  ['can we conclude', 'can we say', 'can we infer'],
  ['does it follow that', 'does that mean that', 'can we say that'],
  ['based on the', 'using the', 'going by the'],
  ['the right answer', 'the correct answer', 'the best answer'],
  ['tell me', 'say'],
  ['choose', 'pick', 'select'],
  ['decide', 'determine', 'judge'],
  ['read', 'look at'],
  ['write', 'give', 'produce'],
  ['summarize', 'sum up'],
  ['describe', 'explain'],
  ['the text', 'the passage'],
  ['above', 'before'],
  ['mean the same', 'say the same', 'have the same meaning'],
  ['which option', 'what option', 'which choice'],
];

/** Imperatives that may take a leading "Please". */
const PLEASE_VERBS =
  /^(Answer|Reply|Respond|Choose|Pick|Select|Decide|Determine|Judge|Read|Look|Write|Give|Produce|Translate|Summarize|Sum|Tell|Say|Describe|Explain|Turn|Count|Generate|Complete|Fill|Check|Solve|Think|Use|Shorten)\b/;

const PLACEHOLDER_SPLIT = /(\{[A-Za-z_][A-Za-z0-9_]*\})/;

const escape = (s: string) => s.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
const ALTERNATIVES = INSTRUCTION_SYNONYMS.flatMap((group) => group.map((phrase) => ({ phrase, group }))).sort((a, b) => b.phrase.length - a.phrase.length);
const PATTERN = new RegExp(`\\b(${ALTERNATIVES.map((a) => escape(a.phrase)).join('|')})\\b`, 'gi');
const GROUP_OF = new Map(ALTERNATIVES.map((a) => [a.phrase, a.group]));

function matchCase(like: string, text: string): string {
  return /^[A-Z]/.test(like) ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}

/** Rewrite the instruction wording of one text (placeholders left as they are). */
export function paraphraseInstruction(text: string, rng: Rng): string {
  return text
    .split(PLACEHOLDER_SPLIT)
    .map((part, i) => {
      if (i % 2 === 1) return part; // a {placeholder}
      const swapped = part.replace(PATTERN, (m: string) => matchCase(m, rng.pick(GROUP_OF.get(m.toLowerCase())!)));
      // "Please" before a leading imperative, at the start of a line, half the time.
      return swapped.replace(/(^|\n)([A-Z][a-z]+)/g, (m, start: string, word: string) =>
        PLEASE_VERBS.test(word) && rng.next() < 0.5 ? `${start}Please ${word.toLowerCase()}` : m,
      );
    })
    .join('');
}

/** A template with seeded instruction wording; fields, target and id are kept. */
export function paraphraseTemplate(template: Template, rng: Rng): Template {
  return { ...template, input: paraphraseInstruction(template.input, rng) };
}
