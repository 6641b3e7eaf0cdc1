import { describe, expect, it } from 'vitest';
import { labTokenizer } from '../experiments/lab';
import { PRETRAIN_RECIPES, pretrainDocuments } from '../experiments/base-models';
import { INSTRUCTION_FORMAT_TOKENS, answerTokenGaps, labelWords, templateTokenGaps, tokenCounts } from './coverage';
import { INSTRUCTION_PHRASES } from './instruction_phrases';
import { getSuite } from './suite';
import { WORLD_VERSION } from './version';

// The v1 world's failure, as invariants: the default-size corpus of the current world (v2 and later) shows
// every answer word and every template token of the current suite (but a short named list of
// instruction-format tokens) at least 100 times.
describe(`pretraining coverage (world v${WORLD_VERSION}, default corpus size)`, () => {
  const tok = labTokenizer(1);
  const docs = pretrainDocuments(1, 1, PRETRAIN_RECIPES.tiny.corpusChars, WORLD_VERSION);
  const counts = tokenCounts(tok, docs);
  const datasets = getSuite(1).datasets;
  const text = docs.join('\n\n');

  it('keeps line structure: line breaks and list markers are ordinary text, blank lines only between documents', () => {
    expect(docs.filter((d) => d.includes('\n')).length / docs.length).toBeGreaterThan(0.2);
    expect(docs.filter((d) => d.includes('\n- ')).length).toBeGreaterThan(1000);
    expect(docs.some((d) => /\n\s*\n/.test(d))).toBe(false);
  });

  it('shows every option token of every classification dataset at least 100 times', () => {
    expect(answerTokenGaps(tok, counts, datasets)).toEqual([]);
  });

  it('shows every label word (yes, no, it is not possible to tell, positive, ...) at least 100 times as a word', () => {
    const rare = datasets
      .filter((d) => d.kind === 'classification')
      .flatMap((d) => labelWords(d).map((w) => [d.name, w, text.split(' ' + w).length - 1] as const))
      .filter(([, , n]) => n < 100);
    expect(rare).toEqual([]);
  });

  it('shows every template token at least 100 times, except the named instruction-format tokens', () => {
    expect(templateTokenGaps(tok, counts, datasets)).toEqual([]);
    expect(INSTRUCTION_FORMAT_TOKENS.length).toBeLessThanOrEqual(25);
  });

  it('the exempt tokens really are rare in pretraining (the list is not a way around the check)', () => {
    const rareExempt = INSTRUCTION_FORMAT_TOKENS.filter((t) => {
      const ids = tok.encode(t);
      return ids.length === 1 && (counts.get(ids[0]) ?? 0) < 100;
    });
    expect(rareExempt.length).toBeGreaterThan(INSTRUCTION_FORMAT_TOKENS.length / 2);
  });

  it('still uses none of the instruction wording', () => {
    const lower = text.toLowerCase();
    expect(INSTRUCTION_PHRASES.filter((p) => lower.includes(p))).toEqual([]);
  });

  it('the v1 corpus fails the same check (the test can fail)', () => {
    const v1 = pretrainDocuments(1, 1, 600_000, 1);
    expect(v1.some((d) => d.includes('\n'))).toBe(false);
    expect(v1.join(' ').split(' yes').length - 1).toBe(0);
  });
});
