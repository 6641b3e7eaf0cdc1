/**
 * Token coverage of pretraining: which tokens of the suite's prompts and answers the base model has
 * seen. The v1 world never showed " yes", " positive" or a line break in pretraining, so its base model
 * could not say "yes" and a constant "no" was reported as accuracy; these counts make that checkable.
 */
import type { Tokenizer } from '../tokenizer/bpe';
import { placeholdersOf, render } from './render';
import type { Dataset } from './suite';

/**
 * Instruction-format tokens: pieces of the templates' instruction-only wording (INSTRUCTION_PHRASES,
 * "Premise:", "@placeholder", the OPTIONS header), which the corpus must not contain. Instruction tuning
 * is what teaches them. Every other template token must be common in pretraining.
 */
export const INSTRUCTION_FORMAT_TOKENS: readonly string[] = [
  '\nOPTIONS',
  '@',
  'ise',
  'ec',
  'entence',
  'rap',
  'out',
  'ork',
  'ity',
  'ple',
  'ory',
  '/',
  'ills',
  'ue',
  'ation',
  '-',
  'hes',
  '\nQ',
  ' sc',
  'nglish',
  'yes',
  'ate',
];

export function tokenCounts(tok: Tokenizer, docs: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const d of docs) for (const id of tok.encode(d)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** Character spans of a rendered input that come from the template's own text (not from fields). */
function literalSpans(templateInput: string, rendered: string): [number, number][] {
  const pieces = templateInput
    .split(/\{[A-Za-z_][A-Za-z0-9_]*\}/)
    .map((p) => p.replace(/\n{3,}/g, '\n\n').trim())
    .filter(Boolean);
  const spans: [number, number][] = [];
  let from = 0;
  for (const p of pieces) {
    const at = rendered.indexOf(p, from);
    if (at < 0) continue;
    spans.push([at, at + p.length]);
    from = at + p.length;
  }
  return spans;
}

export interface CoverageGap {
  token: string;
  count: number;
  dataset: string;
  templateId: string;
}

/** Template tokens of the datasets' prompts seen fewer than `min` times in pretraining. */
export function templateTokenGaps(tok: Tokenizer, counts: Map<number, number>, datasets: readonly Dataset[], min = 100, perDataset = 10): CoverageGap[] {
  const gaps = new Map<string, CoverageGap>();
  for (const d of datasets) {
    for (const ex of d.examples('validation', perDataset, 1)) {
      for (const t of d.templates) {
        if (!placeholdersOf(t.input).length && !t.input) continue;
        const input = render(ex, t).input;
        const spans = literalSpans(t.input, input);
        let pos = 0;
        for (const id of tok.encode(input)) {
          const piece = tok.decode([id]);
          const end = pos + piece.length;
          const literal = spans.some(([a, b]) => pos < b && end > a);
          pos = end;
          const n = counts.get(id) ?? 0;
          if (literal && n < min && !INSTRUCTION_FORMAT_TOKENS.includes(piece) && !gaps.has(piece))
            gaps.set(piece, { token: piece, count: n, dataset: d.name, templateId: t.id });
        }
      }
    }
  }
  return [...gaps.values()];
}

/** Every token of every option string and answer word (as scored: after the target delimiter). */
export function answerTokenGaps(tok: Tokenizer, counts: Map<number, number>, datasets: readonly Dataset[], min = 100): CoverageGap[] {
  const gaps = new Map<string, CoverageGap>();
  for (const d of datasets) {
    if (d.kind !== 'classification') continue;
    const options = new Set(d.examples('validation', 200, 1).flatMap((e) => e.options ?? []));
    for (const o of options) {
      for (const id of tok.encode(' ' + o)) {
        const piece = tok.decode([id]);
        const n = counts.get(id) ?? 0;
        if (n < min && !gaps.has(piece)) gaps.set(piece, { token: piece, count: n, dataset: d.name, templateId: o });
      }
    }
  }
  return [...gaps.values()];
}

/** Label words: options shared by most examples of a dataset (yes/no, positive/negative, ...). */
export function labelWords(d: Dataset): string[] {
  const ex = d.examples('validation', 200, 1);
  const n = new Map<string, number>();
  for (const e of ex) for (const o of e.options ?? []) n.set(o, (n.get(o) ?? 0) + 1);
  return [...n.entries()].filter(([, c]) => c >= 0.5 * ex.length).map(([o]) => o);
}
