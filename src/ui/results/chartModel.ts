/**
 * The numbers behind the Results panel's chart: the preset's Figure (the same one the CLI's SVG draws),
 * with the paper's values placed on the chart's categories. Pure: the chart and its accessible table are
 * drawn from this one model, and the model from the Figure, so screen, table and file cannot disagree.
 */
import type { Figure, FigureMetric, FigureSeries } from '../../core/experiments/figure';
import { figureFor, type FigureMetricName } from '../../core/experiments/figure-metric';
import type { Results } from '../../core/experiments/results';

export { formatCell, type Cell } from '../../core/experiments/figure';

export type Series = FigureSeries;

export interface PaperSeries {
  name: string;
  values: (number | null)[];
}

export interface ChartModel {
  title: string;
  xLabel: string;
  yLabel: string;
  metric: FigureMetric;
  kind: 'bar' | 'line';
  categories: string[];
  /** Shorter category names for a crowded axis. */
  shortCategories?: string[];
  series: Series[];
  paper: PaperSeries[];
  note?: string;
}

/** A Figure on the chart's category axis: a paper value shows at the category whose x it sits at. */
export function chartModelOf(fig: Figure): ChartModel {
  const xOf = (i: number) => fig.numericX?.at[i] ?? i;
  return {
    title: fig.title,
    xLabel: fig.xLabel,
    yLabel: fig.yLabel,
    metric: fig.metric,
    kind: fig.kind,
    categories: fig.categories,
    ...(fig.shortCategories ? { shortCategories: fig.shortCategories } : {}),
    series: fig.series,
    paper: fig.paper.map((p) => ({ name: p.name, values: fig.categories.map((_, i) => p.points.find((pt) => pt.x === xOf(i))?.value ?? null) })),
    ...(fig.note ? { note: fig.note } : {}),
  };
}

/** The chart of a results file, scored by accuracy or (classification datasets) balanced accuracy. */
export function chartModel(results: Results, metric: FigureMetricName = 'acc'): ChartModel {
  return chartModelOf(figureFor(results, metric));
}
