/**
 * The numbers behind the Results panel's charts, one layout per preset (the paper's figure):
 * categories on the x axis, our series as mean ± 95% CI over seeds (Student t,
 * confidenceInterval), and the paper's values where it prints them. Pure: the chart and its
 * accessible table are drawn from the same model, so they cannot disagree.
 */
import { confidenceInterval } from '../../core/eval/aggregate';
import { MODEL_SIZES, clusterLabel, type ClusterName } from '../../core/experiments/names';
import { PAPER_CLUSTERS_CURVE, PAPER_HEADLINE, PAPER_INSTRUCTIONS } from '../../core/experiments/paper';
import { conditionLabel, heldOutScore } from '../../core/experiments/report';
import type { Results, RunResult } from '../../core/experiments/results';
import { renderLabel, type RunSpec } from '../../core/experiments/spec';

export interface Cell {
  /** Percent. */
  mean: number;
  lo: number;
  hi: number;
  n: number;
}

export interface Series {
  name: string;
  values: (Cell | null)[];
}

export interface PaperSeries {
  name: string;
  values: (number | null)[];
}

export interface ChartModel {
  title: string;
  xLabel: string;
  kind: 'bar' | 'line';
  categories: string[];
  series: Series[];
  paper: PaperSeries[];
  note?: string;
}

type Done = { run: RunSpec; result: RunResult };

function doneRuns(results: Results): Done[] {
  return results.runs.flatMap((e) => (e.status === 'done' && e.result ? [{ run: e.run, result: e.result }] : []));
}

function cellOf(values: number[] | undefined): Cell | null {
  if (!values || values.length === 0) return null;
  const ci = confidenceInterval(values);
  return { mean: 100 * ci.mean, lo: 100 * ci.lo, hi: 100 * ci.hi, n: ci.n };
}

/** Groups values by (series, category) and turns each group into a Cell. */
function build(
  done: Done[],
  categories: string[],
  categoryOf: (d: Done) => string | null,
  seriesOf: (d: Done) => string | null,
  value: (d: Done) => number | undefined,
): Series[] {
  const groups = new Map<string, Map<string, number[]>>();
  for (const d of done) {
    const s = seriesOf(d);
    const c = categoryOf(d);
    const v = value(d);
    if (s === null || c === null || v === undefined || !Number.isFinite(v)) continue;
    const bySeries = groups.get(s) ?? new Map<string, number[]>();
    groups.set(s, bySeries);
    bySeries.set(c, [...(bySeries.get(c) ?? []), v]);
  }
  return [...groups].map(([name, byCat]) => ({ name, values: categories.map((c) => cellOf(byCat.get(c))) }));
}

const heldOutValue = (d: Done) => heldOutScore(d.result, d.run.heldOut);
const uniq = <T,>(xs: T[]) => [...new Set(xs)];

export function chartModel(results: Results): ChartModel {
  const spec = results.spec;
  const done = doneRuns(results);
  switch (spec.preset) {
    case 'main':
    case 'fewshot': {
      const clusters: ClusterName[] = spec.heldOutClusters;
      const categories = clusters.map(clusterLabel);
      const paperRows = clusters.map((c) => PAPER_HEADLINE[c]);
      const hasPaper = paperRows.some(Boolean);
      return {
        title: spec.preset === 'main' ? 'Zero- and few-shot accuracy on held-out clusters, base vs instruction-tuned' : 'Few-shot vs zero-shot, base vs tuned',
        xLabel: 'Held-out cluster',
        kind: 'bar',
        categories,
        series: build(done, categories, (d) => clusterLabel(d.run.heldOut[0]), (d) => conditionLabel(d.run), (d) => d.result.perCluster[d.run.heldOut[0]]),
        paper: hasPaper
          ? [
              { name: 'paper: GPT-3 175B zero-shot', values: paperRows.map((p) => p?.gpt3ZeroShot ?? null) },
              { name: 'paper: GPT-3 175B few-shot', values: paperRows.map((p) => p?.gpt3FewShot ?? null) },
              { name: 'paper: FLAN 137B zero-shot', values: paperRows.map((p) => p?.flanZeroShot ?? null) },
            ]
          : [],
        note: 'Paper values are 137B/175B models: compare shapes, not levels.',
      };
    }
    case 'custom': {
      // All held-out clusters are evaluated by every run: one category per cluster, bars per condition.
      const clusters: ClusterName[] = spec.heldOut;
      const categories = clusters.map(clusterLabel);
      const merged = new Map<string, Series>();
      for (const c of clusters) {
        for (const s of build(done, categories, () => clusterLabel(c), (d) => conditionLabel(d.run), (d) => d.result.perCluster[c])) {
          const into = merged.get(s.name);
          if (!into) merged.set(s.name, s);
          else into.values = into.values.map((v, i) => v ?? s.values[i]);
        }
      }
      const order = (name: string) => (name.startsWith('base') ? 0 : 1) * 100 + (name.includes('0-shot') ? 0 : 1);
      return {
        title: 'Custom run: held-out accuracy per cluster, base vs instruction-tuned',
        xLabel: 'Held-out cluster (held out together)',
        kind: 'bar',
        categories,
        series: [...merged.values()].sort((a, b) => order(a.name) - order(b.name)),
        paper: [],
        note: `Tuned on: ${spec.tuningClusters.map(clusterLabel).join(', ')}.`,
      };
    }
    case 'clusters': {
      const counts = [0, ...uniq(spec.counts).sort((a, b) => a - b)];
      const categories = counts.map(String);
      return {
        title: 'Held-out accuracy vs number of tuning clusters',
        xLabel: 'Tuning clusters',
        kind: 'line',
        categories,
        series: build(done, categories, (d) => String(d.run.tune?.clusters.length ?? 0), () => 'TinyFLAN (mean held-out)', heldOutValue),
        paper: [{ name: 'paper: FLAN 137B (approx.)', values: counts.map((n) => (n === 0 ? null : (PAPER_CLUSTERS_CURVE.accuracy[n - 1] ?? null))) }],
      };
    }
    case 'scale': {
      const categories = MODEL_SIZES.filter((s) => spec.sizes.includes(s));
      return {
        title: 'Held-out accuracy vs model size, base vs instruction-tuned',
        xLabel: 'Model size',
        kind: 'bar',
        categories: [...categories],
        series: build(done, [...categories], (d) => d.run.modelSize, (d) => (d.run.tune ? 'instruction-tuned' : 'base (untuned)'), heldOutValue),
        paper: [],
        note: 'The paper prints no values for this figure: tuning hurts at 8B and below, helps at 68B and up.',
      };
    }
    case 'instructions': {
      const label = (t: string, e: string) => `tuned: ${t} → eval: ${e}`;
      const categories = spec.settings.map((s) => label(renderLabel(s.tune), renderLabel(s.eval)));
      return {
        title: 'Role of instructions during tuning',
        xLabel: 'Tuning → evaluation format',
        kind: 'bar',
        categories,
        series: build(done, categories, (d) => (d.run.tune ? label(renderLabel(d.run.tune.render), renderLabel(d.run.eval.render)) : null), () => 'TinyFLAN', heldOutValue),
        paper: [
          {
            name: 'paper: FLAN 137B (approx.)',
            values: spec.settings.map((s) => PAPER_INSTRUCTIONS.find((p) => p.tune === s.tune && p.eval === s.eval)?.accuracy ?? null),
          },
        ],
      };
    }
    case 'templates': {
      const categories = uniq(spec.templateCounts).sort((a, b) => a - b).map(String);
      return {
        title: 'Held-out accuracy vs templates per dataset',
        xLabel: 'Templates per dataset',
        kind: 'line',
        categories,
        series: build(done, categories, (d) => String(d.run.tune?.templatesPerDataset ?? 0), () => 'TinyFLAN', heldOutValue),
        paper: [],
      };
    }
  }
}

/** "56.2 ± 3.1", "56.2 (1 seed)" or "—": how a cell reads in tables. */
export function formatCell(c: Cell | null): string {
  if (!c) return '—';
  return c.n === 1 ? `${c.mean.toFixed(1)} (1 seed)` : `${c.mean.toFixed(1)} ± ${(c.hi - c.mean).toFixed(1)}`;
}
