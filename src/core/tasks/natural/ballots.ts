/**
 * World v4's ballots: a natural-task document that lists an item's options before its answer, as a
 * poll, a quiz sheet or a form does. v3's corpus lists options in one frame of seven; its base model
 * knew sentiment only in the corpus's own question frames and answered one word to every item of an
 * instruction template (docs/WORLD-DESIGN.md, "ten real items"). FLAN's templates list the options and
 * ask for one of them, so the skill they call on is "choose among listed words by the text's content";
 * ballots put that skill in natural text, in several frames, with the options in a fresh order each
 * time so that no position or order carries the answer. No frame uses instruction wording (corpus.test.ts).
 */
import type { Rng } from '../../rng';
import type { Example } from '../types';
import { cap, noDot, type NaturalView } from './views';

const withContext = (v: NaturalView, sep: string) => (v.context ? v.context + sep : '');

type Ballot = (v: NaturalView, answer: string, options: string[], a: string, b: string) => string;

const BALLOTS: Ballot[] = [
  (v, ans, opts, a) => `${withContext(v, '\n')}${v.question}\n- ${opts.join('\n- ')}\n${a}: ${noDot(ans)}.`,
  (v, ans, opts) => `${withContext(v, '\n')}${v.question}\n${lettered(opts)}\nIt was ${noDot(ans)}.`,
  (v, ans, opts, a, b) => `${b} asked: ${v.question}\n${withContext(v, '\n')}The choices were ${orList(opts)}.\n${a} went with ${noDot(ans)}.`,
  (v, ans, opts) => `${withContext(v, ' ')}${v.question} It is one of ${orList(opts)}, and here it is ${noDot(ans)}.`,
  (v, ans, opts, a) => `Poll from ${a}\n${withContext(v, '\n')}${v.question}\n${opts.map((o) => `[${o === ans ? 'x' : ' '}] ${o}`).join('\n')}`,
  (v, ans, opts, _a, b) => `${withContext(v, '\n')}${v.question} ${cap(orList(opts))}?\n${b} said ${noDot(ans)}, and that is so.`,
];

/** "(a) x\n(b) y\n(c) z" */
function lettered(opts: string[]): string {
  return opts.map((o, i) => `(${String.fromCharCode(97 + i)}) ${o}`).join('\n');
}

function orList(opts: string[]): string {
  const o = opts.map(noDot);
  return o.length <= 2 ? o.join(' or ') : `${o.slice(0, -1).join(', ')} or ${o[o.length - 1]}`;
}

/** A ballot for an item with options, or null when it has none (generation tasks). */
export function ballotDocument(view: NaturalView, ex: Example, a: string, b: string, rng: Rng): string | null {
  if (!ex.options || ex.options.length < 2) return null;
  return rng.pick(BALLOTS)(view, ex.answer, rng.shuffle([...ex.options]), a, b);
}
