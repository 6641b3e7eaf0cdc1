import { describe, expect, it } from 'vitest';
import { CLUSTERS, buildMixture, excludedClusters, getSuite, type ClusterName } from './index';

describe("excludedClusters (the paper's held-out rule)", () => {
  it('matches the paper for every cluster', () => {
    const expected: Record<ClusterName, ClusterName[]> = {
      nli: ['nli', 'paraphrase'],
      paraphrase: ['nli', 'paraphrase'],
      reading_comprehension: ['reading_comprehension', 'reading_comprehension_commonsense'],
      commonsense: ['reading_comprehension_commonsense', 'commonsense'],
      reading_comprehension_commonsense: ['reading_comprehension', 'reading_comprehension_commonsense', 'commonsense'],
      closed_book_qa: ['closed_book_qa'],
      coreference: ['coreference'],
      sentiment: ['sentiment'],
      struct_to_text: ['struct_to_text'],
      translation: ['translation'],
      summarization: ['summarization'],
      misc: ['misc'],
    };
    for (const c of CLUSTERS) expect(excludedClusters(c), c).toEqual(expected[c]);
    expect(excludedClusters(['nli', 'commonsense'])).toEqual(['nli', 'reading_comprehension_commonsense', 'commonsense', 'paraphrase']);
  });
});

describe('buildMixture', () => {
  const suite = getSuite(1);

  it("never leaks a held-out cluster's examples or templates (every cluster)", () => {
    for (const c of CLUSTERS) {
      const banned = new Set(excludedClusters(c));
      const bannedDatasets = new Set(suite.datasets.filter((d) => banned.has(d.cluster)).map((d) => d.name));
      const bannedTemplates = new Set(suite.datasets.filter((d) => bannedDatasets.has(d.name)).flatMap((d) => d.templates.map((t) => t.id)));
      // Single world words and facts are shared on purpose (transfer); a held-out example is its fields together.
      const bannedInputs = new Set(
        suite.datasets
          .filter((d) => bannedDatasets.has(d.name) && d.fields.length > 1)
          .flatMap((d) => [...d.examples('test', 50), ...d.examples('validation', 50)].map((e) => d.fields.map((f) => e.fields[f]).join(' '))),
      );
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

describe('instruction wording variation', () => {
  it('shows the model over 1,000 distinct instructions in a default mixture, deterministically', async () => {
    const { buildMixture } = await import('./mixture');
    const mix = buildMixture({});
    expect(new Set(mix.map((m) => m.instruction)).size).toBeGreaterThanOrEqual(1000);
    expect(buildMixture({}).slice(0, 50)).toEqual(mix.slice(0, 50));
    // Off: the same examples and templates, canonical wording (as evaluation renders use).
    const plain = buildMixture({ paraphraseInstructions: false });
    expect(plain.map((m) => m.templateId)).toEqual(mix.map((m) => m.templateId));
    expect(new Set(plain.map((m) => m.instruction)).size).toBeLessThan(450);
  });

  it('leaves the canonical evaluation render unchanged and never touches fields', async () => {
    const { getSuite } = await import('./suite');
    const { render } = await import('./render');
    const { paraphraseTemplate } = await import('./instruction_variants');
    const { rngFor } = await import('../rng');
    const d = getSuite(1).dataset('snli_like')!;
    const ex = d.examples('test', 1)[0];
    const t = d.templates.find((x) => x.id === 'snli_like_03')!;
    expect(render(ex, t).input.startsWith('Read the text and answer the question.')).toBe(true);
    const rng = rngFor(3, 'x');
    for (const tpl of d.templates) {
      const p = paraphraseTemplate(tpl, rng);
      expect(p.input.match(/\{[a-z_]+\}/g)).toEqual(tpl.input.match(/\{[a-z_]+\}/g));
      expect(p.target).toBe(tpl.target);
    }
  });
});

describe('excludeDatasets (one dataset held out, the rest of its cluster tuned on)', () => {
  it('drops exactly the named datasets and keeps their cluster', () => {
    const mix = buildMixture({ seed: 3, size: 3000, excludeDatasets: ['sst2_like', 'snli_like'] });
    const names = new Set(mix.map((m) => m.dataset));
    expect(names.has('sst2_like')).toBe(false);
    expect(names.has('snli_like')).toBe(false);
    expect(names.has('imdb_like')).toBe(true);
    expect(names.has('rte_like')).toBe(true);
  });

  it('rejects a dataset name the suite does not have', () => {
    expect(() => buildMixture({ size: 10, excludeDatasets: ['no_such_like'] })).toThrow(/unknown dataset "no_such_like"/);
  });
});
