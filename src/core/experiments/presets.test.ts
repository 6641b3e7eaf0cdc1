import { describe, expect, it } from 'vitest';
import { excludedClusters, tuningClustersFor } from './heldout';
import { CLUSTERS as TASK_CLUSTERS } from '../tasks/types';
import { MODEL_SIZE_NAMES as MODEL_PRESETS } from '../model/config';
import { CLUSTERS, MODEL_SIZES, canonicalClusters } from './names';
import { PAPER_CLUSTER_ORDER, PRESET_NAMES, PresetSpecSchema, expandRuns, makeSpec } from './presets';
import { canonicalJson, contentHash, describeRun, makeRun, type RunSpec } from './spec';

const tuneIds = (runs: RunSpec[]) => new Set(runs.map((r) => r.tuneId).filter((t) => t !== null)).size;

describe('held-out rule', () => {
  it('uses the same cluster names, in the same order, as the task suite', () => {
    expect([...CLUSTERS]).toEqual([...TASK_CLUSTERS]);
    expect([...MODEL_SIZES]).toEqual([...MODEL_PRESETS]);
  });

  it('excludes the neighbours FLAN names', () => {
    expect(excludedClusters(['nli'])).toEqual(['nli', 'paraphrase']);
    expect(excludedClusters(['paraphrase'])).toEqual(['nli', 'paraphrase']);
    expect(excludedClusters(['commonsense'])).toEqual(['reading_comprehension_commonsense', 'commonsense']);
    expect(excludedClusters(['reading_comprehension_commonsense'])).toEqual(['reading_comprehension', 'reading_comprehension_commonsense', 'commonsense']);
    expect(excludedClusters(['closed_book_qa'])).toEqual(['closed_book_qa']);
    expect(() => excludedClusters(['nope'])).toThrow(/unknown cluster/);
  });

  it("leaves the ablations' seven tuning clusters", () => {
    const tuning = tuningClustersFor(['nli', 'closed_book_qa', 'commonsense']);
    expect(tuning).toHaveLength(7);
    expect(new Set(tuning)).toEqual(new Set(PAPER_CLUSTER_ORDER));
  });
});

describe('preset expansion', () => {
  it('main: per held-out cluster, base 0/k-shot in two prompt styles and tuned 0/k-shot', () => {
    const runs = expandRuns(makeSpec('main'));
    expect(runs).toHaveLength(3 * 3 * 6); // 3 clusters × 3 seeds × (4 base + 2 tuned)
    expect(tuneIds(runs)).toBe(9); // one tuned model per cluster and seed, shared by 0- and k-shot
    const nli = runs.filter((r) => r.seed === 1 && r.heldOut[0] === 'nli');
    expect(nli.map((r) => [r.kind, r.eval.render, r.eval.mode, r.eval.k])).toEqual([
      ['base-eval', 'gpt3_prompt', 'zero-shot', 0],
      ['base-eval', 'instructions', 'zero-shot', 0],
      ['base-eval', 'gpt3_prompt', 'few-shot', 3],
      ['base-eval', 'instructions', 'few-shot', 3],
      ['tune-eval', 'instructions', 'zero-shot', 0],
      ['tune-eval', 'instructions', 'few-shot', 3],
    ]);
    const tuned = nli.filter((r) => r.kind === 'tune-eval');
    expect(tuned[0].tune!.clusters).toEqual(CLUSTERS.filter((c) => c !== 'nli' && c !== 'paraphrase'));
    expect(tuned[0].tuneId).toBe(tuned[1].tuneId);
    expect(nli.filter((r) => r.kind === 'base-eval').every((r) => r.tune === null && r.tuneId === null)).toBe(true);
    const cbqa = runs.find((r) => r.kind === 'tune-eval' && r.heldOut[0] === 'closed_book_qa')!;
    expect(cbqa.tune!.clusters).toHaveLength(11);
  });

  it('clusters: base is the 0 point, then the first n clusters of the paper order', () => {
    const runs = expandRuns(makeSpec('clusters'));
    expect(runs).toHaveLength(3 * 8);
    const seed1 = runs.filter((r) => r.seed === 1);
    expect(seed1[0].kind).toBe('base-eval');
    expect(seed1.slice(1).map((r) => r.tune!.clusters.length)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(seed1[1].tune!.clusters).toEqual(['summarization']);
    expect(new Set(seed1[3].tune!.clusters)).toEqual(new Set(['summarization', 'translation', 'reading_comprehension']));
    expect(seed1.every((r) => r.heldOut.join() === 'nli,closed_book_qa,commonsense')).toBe(true);
  });

  it('clusters: random orders add curves but never duplicate a run', () => {
    const runs = expandRuns(makeSpec('clusters', { seeds: [1], randomOrders: 3 }));
    // All orders reach the same 7-cluster set, so that run appears once.
    expect(runs.filter((r) => r.tune?.clusters.length === 7)).toHaveLength(1);
    expect(runs.length).toBeGreaterThan(8);
    expect(runs.length).toBeLessThanOrEqual(1 + 4 * 6 + 1);
    // Deterministic: the same spec expands to the same runs.
    expect(expandRuns(makeSpec('clusters', { seeds: [1], randomOrders: 3 })).map((r) => r.id)).toEqual(runs.map((r) => r.id));
  });

  it('clusters: refuses an order that leaks a held-out neighbour', () => {
    expect(() => expandRuns(makeSpec('clusters', { order: ['paraphrase', 'sentiment'], counts: [1, 2] }))).toThrow(/paraphrase/);
    expect(() => expandRuns(makeSpec('clusters', { order: ['sentiment'], counts: [2] }))).toThrow(/cannot add 2/);
  });

  it('scale: base and tuned for every size, with optional per-size lr', () => {
    const runs = expandRuns(makeSpec('scale', { seeds: [4], lrBySize: { base: 3e-4 } }));
    expect(runs.map((r) => `${r.modelSize}:${r.kind}`)).toEqual([
      'nano:base-eval',
      'nano:tune-eval',
      'micro:base-eval',
      'micro:tune-eval',
      'tiny:base-eval',
      'tiny:tune-eval',
      'small:base-eval',
      'small:tune-eval',
      'base:base-eval',
      'base:tune-eval',
    ]);
    expect(runs.find((r) => r.modelSize === 'base' && r.tune)!.tune!.lr).toBe(3e-4);
    expect(runs.find((r) => r.modelSize === 'tiny' && r.tune)!.tune!.lr).toBe(1e-3);
    expect(expandRuns(makeSpec('scale'))).toHaveLength(5 * 2 * 3);
  });

  it('instructions: three tuning styles, the name-tuned model evaluated two ways', () => {
    const runs = expandRuns(makeSpec('instructions'));
    expect(runs).toHaveLength(4 * 3);
    expect(tuneIds(runs)).toBe(3 * 3);
    expect(runs.filter((r) => r.seed === 1).map((r) => `${r.tune!.render}->${r.eval.render}`)).toEqual([
      'instructions->instructions',
      'no_template->instructions',
      'dataset_name->instructions',
      'dataset_name->dataset_name',
    ]);
    // Renderings without templates record one template per dataset.
    expect(runs.filter((r) => r.seed === 1).map((r) => [r.tune!.templatesPerDataset, r.eval.templatesPerDataset])).toEqual([
      [10, 10],
      [1, 10],
      [1, 10],
      [1, 1],
    ]);
  });

  it('templates: 1, 2, 4, 7, 10 templates per dataset', () => {
    const runs = expandRuns(makeSpec('templates'));
    expect(runs).toHaveLength(5 * 3);
    expect(runs.filter((r) => r.seed === 2).map((r) => r.tune!.templatesPerDataset)).toEqual([1, 2, 4, 7, 10]);
  });

  it('fewshot: zero vs k-shot for base and tuned', () => {
    const runs = expandRuns(makeSpec('fewshot', { kShot: 5 }));
    expect(runs).toHaveLength(3 * 4 * 3);
    const nli = runs.filter((r) => r.seed === 1 && r.heldOut[0] === 'nli');
    expect(nli.map((r) => `${r.kind}:${r.eval.k}`)).toEqual(['base-eval:0', 'tune-eval:0', 'base-eval:5', 'tune-eval:5']);
    expect(nli.every((r) => r.eval.render === 'instructions')).toBe(true);
  });

  it('applies shared settings to every run', () => {
    const spec = makeSpec('templates', { steps: 123, lr: 0.01, batchSize: 8, evalExamples: 50, backend: 'wasm', modelSize: 'small' });
    for (const r of expandRuns(spec)) {
      expect([r.tune!.steps, r.tune!.lr, r.tune!.batchSize, r.eval.examplesPerDataset, r.backend, r.modelSize]).toEqual([123, 0.01, 8, 50, 'wasm', 'small']);
    }
  });

  it('validates specs', () => {
    expect(() => makeSpec('main', { heldOutClusters: ['bogus' as never] })).toThrow();
    expect(() => makeSpec('main', { seeds: [] })).toThrow();
  });
});

describe('run ids', () => {
  const all = PRESET_NAMES.flatMap((p) => expandRuns(makeSpec(p)));

  it('are unique within every preset and equal for equal content across presets', () => {
    for (const p of PRESET_NAMES) {
      const ids = expandRuns(makeSpec(p)).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
    const byId = new Map<string, RunSpec>();
    for (const r of all) {
      const seen = byId.get(r.id);
      if (seen) expect(canonicalJson(seen)).toBe(canonicalJson(r));
      byId.set(r.id, r);
    }
    // fewshot's runs are a subset of main's
    const mainIds = new Set(expandRuns(makeSpec('main')).map((r) => r.id));
    expect(expandRuns(makeSpec('fewshot')).every((r) => mainIds.has(r.id))).toBe(true);
  });

  it('are stable across builds (results files depend on them)', () => {
    const run = makeRun({
      kind: 'tune-eval',
      seed: 1,
      backend: 'auto',
      modelSize: 'tiny',
      heldOut: ['nli'],
      tune: { clusters: ['sentiment'], steps: 100, lr: 0.001, batchSize: 8, templatesPerDataset: 10, render: 'instructions' },
      eval: { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 10, templatesPerDataset: 10 },
    });
    expect(run.id).toMatch(/^tune-tiny-s1-[0-9a-f]{12}$/);
    expect(run.id).toBe(STABLE_ID);
    expect(run.tuneId).toBe(STABLE_TUNE_ID);
  });

  it('change with any setting and ignore key order', () => {
    const a = all.find((r) => r.kind === 'tune-eval')!;
    const { id: _id, tuneId: _t, ...content } = a;
    expect(makeRun(content).id).toBe(a.id);
    expect(makeRun({ ...content, tune: { ...content.tune!, lr: 0.002 } }).id).not.toBe(a.id);
    expect(makeRun({ ...content, eval: { ...content.eval, examplesPerDataset: 1 } }).tuneId).toBe(a.tuneId);
    expect(describeRun(a)).toMatch(/^tiny tuned on \d+ clusters \(instructions, 10 templates\) → .*, 0-shot instructions, seed 1$/);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
    expect(contentHash({ x: 1, y: 2 })).toBe(contentHash({ y: 2, x: 1 }));
  });
});

// Recorded from the first build; if these change, old results files can no longer be resumed.
const STABLE_ID = 'tune-tiny-s1-2c65680d2135';
const STABLE_TUNE_ID = 'tiny-s1-04840d68fdbd';

describe('custom preset', () => {
  it('defaults: hold out NLI, tune on every cluster the held-out rule allows, zero-shot only', () => {
    const spec = makeSpec('custom');
    expect(spec.heldOut).toEqual(['nli']);
    expect(spec.tuningClusters).toEqual(tuningClustersFor(['nli']));
    expect(spec.tuningClusters).not.toContain('paraphrase');
    expect(spec.evalFewShot).toBe(false);
    expect(PRESET_NAMES).toContain('custom');
    // the default depends on the held-out clusters given
    expect(makeSpec('custom', { heldOut: ['commonsense'] }).tuningClusters).toEqual(tuningClustersFor(['commonsense']));
  });

  it('expands to base and tuned runs per seed, tuned on exactly the chosen clusters, without held-out leakage', () => {
    const spec = makeSpec('custom', { seeds: [1, 2], heldOut: ['closed_book_qa', 'nli'], tuningClusters: ['sentiment', 'translation'] });
    const runs = expandRuns(spec);
    expect(runs).toHaveLength(2 * 2);
    expect(runs.filter((r) => r.kind === 'base-eval')).toHaveLength(2);
    for (const r of runs) {
      expect(r.heldOut).toEqual(canonicalClusters(['closed_book_qa', 'nli']));
      expect(r.eval).toMatchObject({ render: 'instructions', k: 0 });
      if (r.tune) {
        expect(r.tune.clusters).toEqual(canonicalClusters(['sentiment', 'translation']));
        const banned = new Set(excludedClusters(r.heldOut));
        expect(r.tune.clusters.some((c) => banned.has(c))).toBe(false);
      }
    }
    expect(tuneIds(runs)).toBe(2);

    const few = expandRuns({ ...spec, evalFewShot: true, kShot: 2 });
    expect(few).toHaveLength(2 * 4);
    expect(few.filter((r) => r.eval.k === 2)).toHaveLength(4);
    expect(tuneIds(few)).toBe(2); // the k-shot evaluation reuses each seed's tuned model

    const defaults = expandRuns(makeSpec('custom', { seeds: [1] }));
    expect(defaults.find((r) => r.tune)?.tune?.clusters).toEqual(tuningClustersFor(['nli']));
  });

  it('rejects a tuning cluster that the held-out rule excludes, with a clear message', () => {
    const parsed = PresetSpecSchema.safeParse({ preset: 'custom', heldOut: ['nli'], tuningClusters: ['sentiment', 'paraphrase'] });
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0];
    expect(issue.path).toEqual(['tuningClusters']);
    expect(issue.message).toMatch(/cannot tune on paraphrase while holding out nli/);
    expect(() => makeSpec('custom', { heldOut: ['nli'], tuningClusters: ['nli'] })).toThrow(/cannot tune on nli/);
  });

  it('does not change the ids of the other presets (its runs share ids with equal content)', () => {
    const a = expandRuns(makeSpec('custom', { seeds: [1], heldOut: ['nli'], tuningClusters: tuningClustersFor(['nli']) }));
    const b = expandRuns(makeSpec('fewshot', { seeds: [1], heldOutClusters: ['nli'] })).filter((r) => r.eval.k === 0);
    expect(a.map((r) => r.id).sort()).toEqual(b.map((r) => r.id).sort());
  });
});
