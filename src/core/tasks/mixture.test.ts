import { describe, expect, it } from 'vitest';
import { CLUSTERS, buildMixture, excludedClusters, getSuite, type ClusterName } from './index';

describe('excludedClusters (the paper\'s held-out rule)', () => {
  it('matches the paper for every cluster', () => {
    const expected: Record<ClusterName, ClusterName[]> = {
      nli: ['nli', 'paraphrase'],
      paraphrase: ['nli', 'paraphrase'],
      reading_comprehension: ['reading_comprehension', 'reading_comprehension_commonsense'],
      commonsense: ['reading_comprehension_commonsense', 'commonsense'],
      reading_comprehension_commonsense: ['reading_comprehension', 'reading_comprehension_commonsense', 'commonsense'],
      closed_book_qa: ['closed_book_qa'], coreference: ['coreference'], sentiment: ['sentiment'], struct_to_text: ['struct_to_text'],
      translation: ['translation'], summarization: ['summarization'], misc: ['misc'],
    };
    for (const c of CLUSTERS) expect(excludedClusters(c), c).toEqual(expected[c]);
    expect(excludedClusters(['nli', 'commonsense'])).toEqual(['nli', 'reading_comprehension_commonsense', 'commonsense', 'paraphrase']);
  });
});

describe('buildMixture', () => {
  const suite = getSuite(1);

  it('never leaks a held-out cluster\'s examples or templates (every cluster)', () => {
    for (const c of CLUSTERS) {
      const banned = new Set(excludedClusters(c));
      const bannedDatasets = new Set(suite.datasets.filter((d) => banned.has(d.cluster)).map((d) => d.name));
      const bannedTemplates = new Set(suite.datasets.filter((d) => bannedDatasets.has(d.name)).flatMap((d) => d.templates.map((t) => t.id)));
      // Single world words and facts are shared on purpose (transfer); a held-out example is its fields together.
      const bannedInputs = new Set(suite.datasets.filter((d) => bannedDatasets.has(d.name) && d.fields.length > 1)
        .flatMap((d) => [...d.examples('test', 50), ...d.examples('validation', 50)].map((e) => d.fields.map((f) => e.fields[f]).join(' '))));
      const mix = buildMixture({ heldOut: c, seed: 2, size: 600 });
      expect(mix.length).toBe(600);
      for (const m of mix) {
        expect(banned.has(m.cluster), c).toBe(false);
        expect(bannedDatasets.has(m.dataset)).toBe(false);
        expect(bannedTemplates.has(m.templateId)).toBe(false);
      }
      for (const inp of bannedInputs) for (const m of mix.slice(0, 100)) expect(m.input.replace(/\s+/g, ' ').includes(inp), inp).toBe(false);
    }
  });

  it('is deterministic per seed and mixes many datasets, proportionally with a rate cap', () => {
    const a = buildMixture({ heldOut: 'nli', seed: 5, size: 3000 });
    expect(buildMixture({ heldOut: 'nli', seed: 5, size: 3000 })).toEqual(a);
    expect(buildMixture({ heldOut: 'nli', seed: 6, size: 3000 })).not.toEqual(a);
    const counts = new Map<string, number>();
    for (const m of a) counts.set(m.dataset, (counts.get(m.dataset) ?? 0) + 1);
    expect(counts.size).toBeGreaterThan(25);
    // Rate cap 300 vs a small dataset (lumi_words ~130 items): the big ones get at most ~2.5x the small one.
    expect(counts.get('cnn_dm_like')! / counts.get('lumi_words')!).toBeLessThan(4);
  });

  it('restricts to tuning clusters and templates per dataset', () => {
    const mix = buildMixture({ clusters: ['sentiment', 'translation'], templatesPerDataset: 2, seed: 1, size: 500 });
    expect(new Set(mix.map((m) => m.cluster))).toEqual(new Set(['sentiment', 'translation']));
    const perDataset = new Map<string, Set<string>>();
    for (const m of mix) perDataset.set(m.dataset, (perDataset.get(m.dataset) ?? new Set()).add(m.templateId));
    for (const ids of perDataset.values()) expect(ids.size).toBeLessThanOrEqual(2);
  });

  it('formats k-shot with blank-line-separated exemplars, and drops options on request', () => {
    const mix = buildMixture({ clusters: ['sentiment'], shots: 2, seed: 1, size: 20, inverted: false });
    for (const m of mix) expect(m.input.split('\n\n').length).toBeGreaterThanOrEqual(3);
    const noOpt = buildMixture({ clusters: ['sentiment'], withOptions: false, seed: 1, size: 50 });
    for (const m of noOpt) expect(m.input).not.toContain('OPTIONS:');
    const withOpt = buildMixture({ clusters: ['sentiment'], seed: 1, size: 50, inverted: false });
    for (const m of withOpt) expect(m.input).toContain('OPTIONS:\n- positive\n- negative');
  });

  it('supports the no_template and dataset_name ablations', () => {
    const raw = buildMixture({ clusters: ['sentiment'], mode: 'no_template', seed: 1, size: 20 });
    for (const m of raw) expect(m.templateId).toBe('no_template');
    const named = buildMixture({ clusters: ['sentiment'], mode: 'dataset_name', seed: 1, size: 20 });
    for (const m of named) expect(m.input.startsWith(`${m.dataset}:`)).toBe(true);
  });
});
