import { describe, expect, it } from 'vitest';
import { aggregateDatasets, aggregateTemplates, clusterMeans, confidenceInterval, monotoneTrend, spearman, summariseScores } from './aggregate';
import { averageRanks, median, studentTCdf, studentTQuantile } from './stats';

describe('Student t', () => {
  it('matches published two-sided 95% critical values', () => {
    // From standard t tables: t_{0.975} for dof 1, 2, 4, 9, 30.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062047, 5);
    expect(studentTQuantile(0.975, 2)).toBeCloseTo(4.3026527, 6);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.7764451, 6);
    expect(studentTQuantile(0.975, 9)).toBeCloseTo(2.2621572, 6);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0422725, 6);
    expect(studentTQuantile(0.025, 4)).toBeCloseTo(-2.7764451, 6);
  });

  it('has a symmetric CDF', () => {
    expect(studentTCdf(0, 3)).toBeCloseTo(0.5, 12);
    // dof 1 is the Cauchy distribution: F(1) = 1/2 + atan(1)/pi = 0.75
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 10);
    expect(studentTCdf(-1, 1)).toBeCloseTo(0.25, 10);
  });
});

describe('per-dataset aggregation', () => {
  it('computes mean, median, spread and the validation-chosen best', () => {
    const test = { t1: 0.4, t2: 0.8, t3: 0.6, t4: 0.5 };
    // validation prefers t3 even though t2 is best on test: best must report test[t3] = 0.6.
    const validation = { t1: 0.3, t2: 0.5, t3: 0.9, t4: 0.1 };
    const agg = aggregateTemplates(test, validation, 'acc');
    expect(agg.mean).toBeCloseTo((0.4 + 0.8 + 0.6 + 0.5) / 4, 12); // 0.575
    expect(agg.median).toBeCloseTo((0.5 + 0.6) / 2, 12); // sorted 0.4 0.5 0.6 0.8
    expect(agg.spread).toBeCloseTo(0.8 - 0.4, 12);
    expect(agg.bestTemplate).toBe('t3');
    expect(agg.best).toBe(0.6);
    expect(agg.metric).toBe('acc');
    expect(agg.nTemplates).toBe(4);
  });

  it('reports no best without validation scores', () => {
    const agg = aggregateTemplates({ a: 1 });
    expect(agg.best).toBeNull();
    expect(agg.spread).toBe(0);
    expect(() => aggregateTemplates({})).toThrow(/no template/);
  });

  it('aggregates datasets on their main metric', () => {
    const test = {
      rte: { t1: { acc: 0.6, acc_norm: 0.7 }, t2: { acc: 0.8, acc_norm: 0.1 } },
      squad: { t1: { exact_match: 0.2, f1: 0.5 } },
    };
    const main = (d: string) => (d === 'rte' ? 'acc' : 'exact_match');
    const out = aggregateDatasets(test, main);
    expect(out.rte.mean).toBeCloseTo(0.7, 12);
    expect(out.squad.mean).toBeCloseTo(0.2, 12);
    expect(() => aggregateDatasets(test, () => 'bleu')).toThrow(/no metric "bleu"/);
  });

  it('averages datasets (not examples) within a cluster', () => {
    const perDataset = {
      rte: aggregateTemplates({ t: 0.6 }),
      cb: aggregateTemplates({ t: 0.8 }),
      arc: aggregateTemplates({ t: 0.3 }),
    };
    const clusterOf = (d: string) => ({ rte: 'nli', cb: 'nli', arc: 'closed_book_qa' })[d];
    const means = clusterMeans(perDataset, clusterOf);
    expect(means.nli).toBeCloseTo(0.7, 12);
    expect(means.closed_book_qa).toBeCloseTo(0.3, 12);
    expect(() => clusterMeans(perDataset, clusterOf, 'best')).toThrow(/no "best"/);
    expect(() => clusterMeans(perDataset, () => undefined)).toThrow(/no cluster/);
  });
});

describe('confidence interval over seeds', () => {
  it('uses Student t with n-1 dof', () => {
    // [0.5, 0.6, 0.7]: mean 0.6, s = 0.1, t_{0.975,2} = 4.3026527
    // half width = 4.3026527 · 0.1 / sqrt(3) = 0.2484138
    const ci = confidenceInterval([0.5, 0.6, 0.7]);
    expect(ci.mean).toBeCloseTo(0.6, 12);
    expect(ci.std).toBeCloseTo(0.1, 12);
    expect(ci.halfWidth).toBeCloseTo(0.2484138, 6);
    expect(ci.lo).toBeCloseTo(0.6 - 0.2484138, 6);
    expect(ci.singleSample).toBe(false);
  });

  it('collapses and flags a single seed', () => {
    expect(confidenceInterval([0.42])).toEqual({ mean: 0.42, lo: 0.42, hi: 0.42, halfWidth: 0, n: 1, std: 0, singleSample: true });
    expect(() => confidenceInterval([])).toThrow();
  });

  it('is zero width for identical seeds', () => {
    expect(confidenceInterval([0.3, 0.3]).halfWidth).toBe(0);
  });
});

describe('Spearman rank correlation', () => {
  it('averages tied ranks', () => {
    expect(averageRanks([10, 30, 30, 40])).toEqual([1, 2.5, 2.5, 4]);
    expect(averageRanks([3, 1, 2])).toEqual([3, 1, 2]);
  });

  it('matches hand computations with and without ties', () => {
    // No ties: d = [-1, 1, -1, 1, 0], Σd² = 4 -> 1 - 6·4/(5·24) = 0.8
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
    // Ties: ranks y = [1, 2.5, 2.5, 4]; Pearson on ranks = 4.5 / sqrt(5 · 4.5) = sqrt(0.9)
    expect(spearman([1, 2, 3, 4], [1, 3, 3, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
    expect(spearman([1, 2, 3], [9, 5, 1])).toBeCloseTo(-1, 12);
    expect(spearman([1, 2, 3], [5, 5, 5])).toBeNaN();
  });

  it('checks the clusters curve', () => {
    const curve = [0, 1, 2, 3].map((x) => ({ x, y: [0.4, 0.45, 0.44, 0.5][x] }));
    // ranks y: 1, 3, 2, 4 -> d = [0, -1, 1, 0], Σd² = 2 -> 1 - 12/60 = 0.8
    expect(monotoneTrend(curve)).toBeCloseTo(0.8, 12);
  });

  it('median of even and odd lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe('summariseScores', () => {
  it('goes from evaluator output to per-dataset and per-cluster numbers', () => {
    const test = {
      perTemplate: {
        rte: { t1: { acc: 0.6, acc_norm: 0.1 }, t2: { acc: 0.8, acc_norm: 0.1 } },
        cb: { t1: { acc: 0.4, acc_norm: 0.9 } },
        nq: { t1: { exact_match: 0.3, f1: 0.5, rouge_l: 0.5, bleu: 0.2 } },
      },
      mainMetrics: { rte: 'acc', cb: 'acc_norm', nq: 'exact_match' },
    };
    const validation = { perTemplate: { rte: { t1: { acc: 0.9, acc_norm: 0 }, t2: { acc: 0.1, acc_norm: 0 } } } };
    const clusterOf = (d: string) => (d === 'nq' ? 'closed_book_qa' : 'nli');
    const out = summariseScores(test, clusterOf, validation);
    // rte mean acc 0.7; cb main metric acc_norm 0.9 -> nli = (0.7 + 0.9) / 2 = 0.8
    expect(out.perCluster.nli).toBeCloseTo(0.8, 12);
    expect(out.perCluster.closed_book_qa).toBeCloseTo(0.3, 12);
    expect(out.perDataset.rte.best).toBe(0.6); // t1 wins on validation
    expect(out.perDataset.cb.best).toBeNull();
    expect(() => summariseScores({ ...test, mainMetrics: {} }, clusterOf)).toThrow(/no main metric/);
  });
});
