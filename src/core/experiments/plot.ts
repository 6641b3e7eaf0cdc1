/**
 * SVG figures of a preset's results: the preset's Figure (presets/<name>.ts → figure.ts), laid out for
 * plot-svg.ts and drawn as a standalone 720 × 420 SVG document. The app's chart draws the same Figure, so
 * the file and the screen show the same series, in the same order, with the same values.
 */
import { hasData, type Cell, type Figure } from './figure';
import { figureFor, type FigureMetricName } from './figure-metric';
import type { Results } from './results';
import {
  MEAN_COLOR,
  PAPER_COLOR,
  color,
  renderBar,
  renderEmpty,
  renderLine,
  type Bar,
  type BarFigure,
  type LineFigure,
  type LineSeries,
  type Marker,
  type Stat,
} from './plot-svg';

export { PLOT_HEIGHT, PLOT_WIDTH, escapeXml } from './plot-svg';

const statOf = (c: Cell): Stat => ({ mean: c.mean, lo: c.lo, hi: c.hi, n: c.n, single: c.n < 2 });
const exact = (v: number): Stat => ({ mean: v, lo: v, hi: v, n: 1, single: true });
/** "56.2% (1 seed)", "56.2 ± 3.1% (3 seeds)": a point's tooltip. */
const statText = (c: Cell) => (c.n < 2 ? `${c.mean.toFixed(1)}% (1 seed)` : `${c.mean.toFixed(1)} ± ${(c.half ?? c.hi - c.mean).toFixed(1)}% (${c.n} seeds)`);

const common = (fig: Figure) => ({ title: fig.title, subtitle: fig.subtitle, xLabel: fig.xLabel, yLabel: fig.yLabel });

/** Groups over more than six clusters take the short names, so that labels fit. */
const groupLabels = (fig: Figure): string[][] =>
  fig.categories.map((c, i) => fig.axisLabels?.[i] ?? [fig.categories.length > 6 && fig.shortCategories ? fig.shortCategories[i] : c]);

function barLayout(fig: Figure): BarFigure {
  const slots = fig.series.map((s, i) => ({ key: s.key, label: s.name, color: color(i) }));
  // With one series the category alone says what a bar is.
  const name = (s: Figure['series'][number]) => (fig.series.length === 1 ? '' : `, ${s.name}`);
  const bars: Bar[] = fig.series.flatMap((s, slot) =>
    s.values.flatMap((c, group) => (c ? [{ group, slot, stat: statOf(c), tip: `${fig.categories[group]}${name(s)}: ${statText(c)}` }] : [])),
  );
  // Drawn group by group, as the bars stand.
  bars.sort((a, b) => a.group - b.group || a.slot - b.slot);
  const markers: Marker[] = fig.paper.flatMap((p) => {
    const slot = fig.series.findIndex((s) => s.key === p.over);
    return p.points.map((pt) => ({ group: pt.x, slot: slot < 0 ? null : slot, value: pt.value, shape: p.shape, tip: pt.tip }));
  });
  return {
    kind: 'bar',
    ...common(fig),
    groups: groupLabels(fig),
    slots,
    bars,
    markers,
    markerLegend: fig.paper.map((p) => ({ shape: p.shape, label: p.name })),
  };
}

function lineLayout(fig: Figure): LineFigure {
  const xOf = (i: number) => fig.numericX?.at[i] ?? i;
  let detail = 0;
  let plain = 0;
  const ours: LineSeries[] = fig.series.map((s) => ({
    key: s.key,
    label: s.name,
    color: s.role === 'mean' ? MEAN_COLOR : color(s.role === 'detail' ? detail++ : plain++),
    width: s.role === 'mean' ? 3 : s.role === 'detail' ? 1.25 : 2.5,
    points: s.values.flatMap((c, i) => (c ? [{ x: xOf(i), stat: statOf(c), tip: `${s.name}, ${fig.categories[i]}: ${statText(c)}` }] : [])),
  }));
  const paper: LineSeries[] = fig.paper.map((p) => ({
    key: p.key,
    label: p.secondary ? `${p.name} (right axis)` : p.name,
    color: PAPER_COLOR,
    width: 2,
    paper: true,
    secondary: p.secondary,
    points: p.points.map((pt) => ({ x: pt.x, stat: exact(pt.value), tip: pt.tip })),
  }));
  const x: LineFigure['x'] = fig.numericX
    ? { kind: 'numeric', min: fig.numericX.min, max: fig.numericX.max, ticks: fig.numericX.ticks }
    : { kind: 'category', labels: groupLabels(fig) };
  const secondary = fig.paper.find((p) => p.secondary);
  return { kind: 'line', ...common(fig), x, series: [...ours, ...paper], ...(secondary ? { secondaryLabel: `${secondary.name} (%)` } : {}) };
}

/** A Figure as an SVG document; one without any of our values says "no finished runs". */
export function renderFigureSvg(fig: Figure): string {
  if (!hasData(fig)) return renderEmpty(fig);
  return fig.kind === 'bar' ? renderBar(barLayout(fig)) : renderLine(lineLayout(fig));
}

/**
 * The figure the paper draws for this preset, as a standalone SVG document (720 × 420):
 * main / fewshot / custom: grouped bars per held-out cluster (with the paper's Figure 1 values as markers);
 * clusters: score vs number of tuning clusters, the mean over one line per held-out cluster, the paper's
 * curve dashed on a right-hand axis; scale: base and tuned lines vs model size; instructions: bars per
 * (tuned with → evaluated with) setting with the paper's values; templates: score vs templates per dataset,
 * the mean over one line per held-out dataset. `metric` 'bal_acc' scores classification by balanced accuracy.
 */
export function renderPlotSvg(results: Results, metric: FigureMetricName = 'acc'): string {
  return renderFigureSvg(figureFor(results, metric));
}
