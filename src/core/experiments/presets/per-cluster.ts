/**
 * The layout main and fewshot share: each cluster held out on its own (one tuned model per cluster and seed),
 * one row or bar group per held-out cluster, one column or bar per condition (base / tuned × shots × prompt
 * style), the paper's Figure 1 values beside them.
 */
import { clusterLabel, shortClusterLabel, type ClusterName } from '../names';
import { PAPER_HEADLINE, type PaperHeadline } from '../paper';
import { grid, type ExtraColumn } from '../report-table';
import {
  conditionColumns,
  conditionLabel,
  doneRuns,
  formatCell,
  heldOutValue,
  pairedDifference,
  seriesBy,
  subtitleOf,
  figure,
  type Done,
  type Figure,
  type PaperSeries,
  type Value,
} from '../figure';
import type { RunSpec } from '../spec';
import type { ResultsOf } from './common';

type PerClusterSpec = { preset: 'main' | 'fewshot'; heldOutClusters: ClusterName[]; seeds: number[]; modelSize: string };

/** Mean over templates of each dataset's spread (max − min), averaged over the evaluated datasets. */
const spreadValue: Value = (d) => {
  const spreads = Object.values(d.result.perDataset).map((a) => a.spread);
  return spreads.length === 0 ? undefined : spreads.reduce((a, b) => a + b, 0) / spreads.length;
};

const rowOf = (d: Done) => d.run.heldOut[0];
const conditionOf = (d: Done) => conditionLabel(d.run);

/**
 * The markdown table: score per cluster and condition; `vsPaper` adds the paired tuned − base gain and the paper's
 * values (main), `spread` a second table of the template spread (fewshot: exemplars should shrink it).
 */
export function perClusterTable(results: ResultsOf<PerClusterSpec>, extras: { vsPaper?: boolean; spread?: boolean }): string {
  const spec = results.spec;
  const done = doneRuns(results);
  const seeds = spec.seeds.length;
  const layout = {
    rows: spec.heldOutClusters,
    rowOf,
    cols: conditionColumns(results.runs.map((e) => e.run)),
    colOf: conditionOf,
    rowHeader: 'held-out cluster',
    rowLabel: clusterLabel,
  };
  const paper: ExtraColumn = {
    header: 'paper: FLAN 0-shot (GPT-3 0-shot / few-shot)',
    cell: (row) => {
      const p = PAPER_HEADLINE[row as ClusterName];
      return p ? `${p.flanZeroShot} (${p.gpt3ZeroShot} / ${p.gpt3FewShot})` : '—';
    },
  };
  // Tuned and base zero-shot with the same templates: the paper's comparison, paired by seed.
  const gain: ExtraColumn = {
    header: 'tuned − base 0-shot (instructions), paired by seed',
    cell: (row) =>
      formatCell(
        pairedDifference(results, (r) => {
          if (r.heldOut[0] !== row) return null;
          const label = conditionLabel(r);
          return label === 'tuned 0-shot' ? 'tuned' : label === 'base 0-shot (instructions)' ? 'base' : null;
        }),
        seeds,
      ),
  };
  const scores = grid(done, seeds, { ...layout, value: heldOutValue }, extras.vsPaper ? [gain, paper] : []);
  if (!extras.spread) return scores;
  const spread = grid(done, seeds, { ...layout, value: spreadValue });
  return `${scores}\n\nMean spread across templates (max − min, per dataset; few-shot should shrink it):\n\n${spread}`;
}

/** Grouped bars per held-out cluster, one per condition, the paper's markers over the condition they compare with. */
export function perClusterFigure(results: ResultsOf<PerClusterSpec>, title: string): Figure {
  const spec = results.spec;
  const done = doneRuns(results);
  const runs = results.runs.map((e) => e.run);
  const clusters = spec.heldOutClusters;
  const categories = clusters.map(clusterLabel);
  const conditions = conditionColumns(runs);
  const series = seriesBy(done, categories, (d) => clusterLabel(rowOf(d)), conditionOf, heldOutValue, conditions);
  // Paper markers sit over the condition they correspond to.
  const ordered = [...runs].sort((a, b) => Number(a.tune !== null) - Number(b.tune !== null) || a.eval.k - b.eval.k);
  const over = (...preds: ((r: RunSpec) => boolean)[]): string | undefined => {
    for (const p of preds) {
      const r = ordered.find(p);
      if (r) return conditionLabel(r);
    }
    return undefined;
  };
  const paperSeries = (
    key: string,
    name: string,
    shape: PaperSeries['shape'],
    at: string | undefined,
    pick: (p: PaperHeadline) => number,
    tip: string,
  ): PaperSeries => ({
    key,
    name,
    shape,
    over: at,
    points: clusters.flatMap((c, x) => {
      const p = PAPER_HEADLINE[c];
      return p ? [{ x, value: pick(p), tip: `paper, ${clusterLabel(c)}: ${tip} ${pick(p)}%` }] : [];
    }),
  });
  return figure({
    kind: 'bar',
    title,
    subtitle: subtitleOf(results, `model ${spec.modelSize}`),
    xLabel: 'held-out cluster (each held out on its own)',
    yLabel: 'mean held-out score (%)',
    categories,
    shortCategories: clusters.map(shortClusterLabel),
    series,
    paper: [
      paperSeries(
        'gpt3-0',
        'paper: GPT-3 175B zero-shot',
        'triangle',
        over(
          (r) => !r.tune && r.eval.k === 0 && r.eval.render === 'gpt3_prompt',
          (r) => !r.tune && r.eval.k === 0,
        ),
        (p) => p.gpt3ZeroShot,
        'GPT-3 175B 0-shot',
      ),
      paperSeries(
        'gpt3-k',
        'paper: GPT-3 175B few-shot',
        'triangle',
        over(
          (r) => !r.tune && r.eval.k > 0 && r.eval.render === 'gpt3_prompt',
          (r) => !r.tune && r.eval.k > 0,
        ),
        (p) => p.gpt3FewShot,
        'GPT-3 175B few-shot',
      ),
      paperSeries(
        'flan-0',
        'paper: FLAN 137B zero-shot',
        'diamond',
        over((r) => r.tune !== null && r.eval.k === 0),
        (p) => p.flanZeroShot,
        'FLAN 137B 0-shot',
      ),
    ],
    note: 'Paper values are 137B/175B models: compare shapes, not levels.',
  });
}
