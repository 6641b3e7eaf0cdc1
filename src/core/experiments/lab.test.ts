import { describe, expect, it } from 'vitest';
import { getSuite } from '../tasks';
import { evalItems, evalTemplates, labTokenizer, mainMetricOf } from './lab';

describe('lab ingredients', () => {
  it('has a deterministic ~1k tokenizer that round-trips suite text', () => {
    const a = labTokenizer(1);
    expect(a.vocabSize).toBe(1024);
    const d = getSuite(1).datasets[0];
    const text = evalItems(d, { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 3, templatesPerDataset: 2 }, 'test', 3, 1)[0].input;
    expect(a.decode(a.encode(text))).toBe(text);
    // Suite words are single tokens or close to it: far fewer tokens than bytes.
    expect(a.encode(text).length).toBeLessThan(text.length / 2.5);
  });

  it('renders the same examples under each template, with k exemplars before the query', () => {
    const d = getSuite(1).datasets.find((x) => x.kind === 'classification')!;
    const zero = evalItems(d, { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 4, templatesPerDataset: 3 }, 'test', 4, 1);
    expect(zero).toHaveLength(12);
    expect(new Set(zero.map((i) => i.templateId))).toEqual(new Set(evalTemplates(d, 3).map((t) => t.id)));
    expect(zero.every((i) => i.options && i.options.includes(i.target))).toBe(true);
    const few = evalItems(d, { render: 'instructions', mode: 'few-shot', k: 2, examplesPerDataset: 4, templatesPerDataset: 3 }, 'test', 4, 1);
    few.forEach((item, i) => {
      expect(item.input.endsWith(zero[i].input)).toBe(true);
      expect(item.input.length).toBeGreaterThan(zero[i].input.length);
    });
    const gpt3 = evalItems(d, { render: 'gpt3_prompt', mode: 'zero-shot', k: 0, examplesPerDataset: 4, templatesPerDataset: 1 }, 'test', 4, 1);
    expect(gpt3.every((i) => i.templateId === 'gpt3_prompt' && !i.input.includes('OPTIONS'))).toBe(true);
  });

  it('judges each cluster by its usual metric', () => {
    const suite = getSuite(1);
    for (const d of suite.datasets) {
      const m = mainMetricOf(d);
      if (d.kind === 'classification') expect(m).toBe('acc');
      else if (d.cluster === 'translation') expect(m).toBe('bleu');
      else expect(['rouge_l', 'exact_match']).toContain(m);
    }
  });
});
