import { describe, expect, it } from 'vitest';
import { makeSpec } from './presets';
import { conditionLabel, formatCell, heldOutScore, markdownTable, renderMarkdown } from './report';
import { createResults, mergeRunResult, type Results, type RunResult } from './results';
import type { RunSpec } from './spec';

function result(perCluster: RunResult['perCluster'], spread = 0.1): RunResult {
  return {
    perTemplate: {},
    perDataset: { d: { metric: 'acc', nTemplates: 2, mean: 0.5, median: 0.5, best: null, bestTemplate: null, spread, min: 0.4, max: 0.4 + spread } },
    perCluster,
    lossCurve: [],
    wallTimeSec: 1,
    tokensPerSec: 1,
    backend: 'cpu',
  };
}

/** Finishes every run `score` gives a value, with that value on each of its held-out clusters. */
function finish(results: Results, score: (run: RunSpec) => number | undefined, spread?: (run: RunSpec) => number): Results {
  let out = results;
  for (const { run } of results.runs) {
    const s = score(run);
    if (s === undefined) continue;
    out = mergeRunResult(out, run.id, result(Object.fromEntries(run.heldOut.map((c) => [c, s])), spread?.(run)));
  }
  return out;
}

/** The markdown row whose first cell is `label`, as an array of cells. */
function row(markdown: string, label: string): string[] {
  const line = markdown.split('\n').find((l) => l.startsWith(`| ${label} |`));
  if (!line) throw new Error(`no row "${label}" in\n${markdown}`);
  return line.slice(2, -2).split(' | ');
}

describe('cells and tables', () => {
  it('formats mean ± CI, single seeds, partial seeds and missing cells', () => {
    // [0.55, 0.65]: mean 60.0; s = 0.0707107; t_{0.975,1} = 12.7062; hw = 12.7062 · 0.0707107 / sqrt 2 = 0.63531
    expect(formatCell([0.55, 0.65], 2)).toBe('60.0 ± 63.5');
    expect(formatCell([0.55, 0.65], 3)).toBe('60.0 ± 63.5 (2/3 seeds)');
    expect(formatCell([0.7], 3)).toBe('70.0 (1 seed)');
    expect(formatCell(undefined, 3)).toBe('—');
  });

  it('escapes pipes in markdown', () => {
    expect(markdownTable(['a|b'], [['1']])).toBe('| a\\|b |\n| --- |\n| 1 |');
  });

  it('scores a run as the mean over its held-out clusters', () => {
    expect(heldOutScore(result({ nli: 0.2, commonsense: 0.6 }), ['nli', 'commonsense'])).toBeCloseTo(0.4, 12);
    expect(heldOutScore(result({ nli: 0.2 }), ['nli', 'commonsense'])).toBeUndefined();
  });
});

describe('renderMarkdown per preset', () => {
  it('main: cluster × conditions, with the paper column', () => {
    const spec = makeSpec('main', { seeds: [1, 2], heldOutClusters: ['nli', 'commonsense'], baseRenders: ['instructions'] });
    const results = finish(createResults(spec), (r) => {
      if (r.heldOut[0] !== 'nli') return undefined;
      if (!r.tune && r.eval.k === 0) return r.seed === 1 ? 0.55 : 0.65;
      if (r.tune && r.eval.k === 0) return r.seed === 1 ? 0.7 : undefined;
      return undefined;
    });
    const md = renderMarkdown(results);
    expect(md).toContain('## TinyFLAN main (3/16 runs done)');
    expect(row(md, 'held-out cluster')).toEqual([
      'held-out cluster',
      'base 0-shot (instructions)',
      'base 3-shot (instructions)',
      'tuned 0-shot',
      'tuned 3-shot',
      'tuned − base 0-shot (instructions), paired by seed',
      'paper: FLAN 0-shot (GPT-3 0-shot / few-shot)',
    ]);
    // paired: only seed 1 has both (0.70 − 0.55); seed 2's base run has no tuned partner
    expect(row(md, 'nli')).toEqual(['nli', '60.0 ± 63.5', '—', '70.0 (1 seed)', '—', '15.0 (1 seed)', '56.2 (42.9 / 53.2)']);
    expect(row(md, 'commonsense')).toEqual(['commonsense', '—', '—', '—', '—', '—', '—']);
  });

  it('clusters: one row per number of tuning clusters, paper values and the trend', () => {
    const spec = makeSpec('clusters', { seeds: [1], counts: [1, 2, 3] });
    // held-out score rises with #clusters except a dip at 2: 0.40, 0.50, 0.45, 0.60
    const byN = [0.4, 0.5, 0.45, 0.6];
    const md = renderMarkdown(finish(createResults(spec), (r) => byN[r.tune ? r.tune.clusters.length : 0]));
    expect(row(md, '0')).toEqual(['0', '40.0 (1 seed)', '40.0 (1 seed)', '40.0 (1 seed)', '40.0 (1 seed)', '—']);
    expect(row(md, '2')[4]).toBe('45.0 (1 seed)');
    expect(row(md, '3')[5]).toBe('59.3');
    // ranks of y: 1, 3, 2, 4 vs x 1..4 -> Σd² = 2 -> ρ = 1 - 12/60 = 0.80
    expect(md).toContain('Spearman ρ(# clusters, mean held-out) = 0.80');
    expect(md).toContain('paper: 0.96');
  });

  it('scale: base, tuned and the paired difference per size', () => {
    const spec = makeSpec('scale', { seeds: [1, 2], sizes: ['nano', 'small'] });
    // nano: base 0.40/0.50, tuned 0.45/0.55 -> paired differences 0.05, 0.05 -> 5.0 ± 0.0
    const md = renderMarkdown(finish(createResults(spec), (r) => (r.modelSize === 'nano' ? (r.tune ? 0.05 : 0) + (r.seed === 1 ? 0.4 : 0.5) : undefined)));
    expect(row(md, 'nano')).toEqual(['nano', '45.0 ± 63.5', '50.0 ± 63.5', '5.0 ± 0.0']);
    expect(row(md, 'small')).toEqual(['small', '—', '—', '—']);
  });

  it('instructions: one row per (tuned with → evaluated with)', () => {
    const spec = makeSpec('instructions', { seeds: [1] });
    const md = renderMarkdown(finish(createResults(spec), (r) => (r.tune!.render === 'no_template' ? 0.3 : 0.5)));
    expect(row(md, 'no template → instructions')).toEqual(['no template → instructions', '30.0 (1 seed)', '37.3']);
    expect(row(md, 'dataset name → dataset name')).toEqual(['dataset name → dataset name', '50.0 (1 seed)', '47.0']);
  });

  it('templates: one row per templates-per-dataset setting', () => {
    const spec = makeSpec('templates', { seeds: [1], templateCounts: [1, 10] });
    const md = renderMarkdown(finish(createResults(spec), (r) => r.tune!.templatesPerDataset / 20));
    expect(row(md, '1')).toEqual(['1', '5.0 (1 seed)']);
    expect(row(md, '10')).toEqual(['10', '50.0 (1 seed)']);
  });

  it('fewshot: scores and template spread, base and tuned, 0- and k-shot', () => {
    const spec = makeSpec('fewshot', { seeds: [1], heldOutClusters: ['nli'], kShot: 2 });
    const md = renderMarkdown(
      finish(
        createResults(spec),
        () => 0.5,
        (r) => (r.eval.k === 0 ? 0.2 : 0.1),
      ),
    );
    const rows = md.split('\n').filter((l) => l.startsWith('| nli |'));
    expect(rows).toHaveLength(2);
    expect(row(md, 'held-out cluster').slice(1)).toEqual(['base 0-shot (instructions)', 'base 2-shot (instructions)', 'tuned 0-shot', 'tuned 2-shot']);
    expect(rows[1]).toBe('| nli | 20.0 (1 seed) | 10.0 (1 seed) | 20.0 (1 seed) | 10.0 (1 seed) |');
  });

  it('labels conditions', () => {
    const [base] = createResults(makeSpec('main', { seeds: [1] })).runs.map((e) => e.run);
    expect(conditionLabel(base)).toBe('base 0-shot (GPT-3 prompt)');
  });
});

describe('custom report', () => {
  it('tabulates each held-out cluster and their mean × base / tuned, zero- and few-shot', () => {
    const spec = makeSpec('custom', { seeds: [1, 2], heldOut: ['nli', 'commonsense'], tuningClusters: ['sentiment'], evalFewShot: true });
    const md = renderMarkdown(finish(createResults(spec), (r) => (r.tune ? 0.6 : 0.4) + (r.eval.k > 0 ? 0.1 : 0) + (r.seed === 1 ? 0 : 0.02)));
    expect(md).toContain('## TinyFLAN custom (8/8 runs done)');
    const header = md.split('\n').find((l) => l.startsWith('| held-out cluster |'));
    expect(header).toBe('| held-out cluster | base 0-shot (instructions) | base 3-shot (instructions) | tuned 0-shot | tuned 3-shot |');
    expect(row(md, 'nli')[1]).toMatch(/^41\.0 ± /);
    expect(row(md, 'nli')[4]).toMatch(/^71\.0 ± /);
    expect(row(md, 'mean held-out')[3]).toMatch(/^61\.0 ± /);
    expect(md).toContain('Tuned on: ');
  });
});
