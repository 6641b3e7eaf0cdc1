/**
 * One pivot of a results file and one Figure model. Every view of a preset's results — the markdown
 * report, the CLI's SVG (plot.ts) and the app's recharts chart (src/ui/results) — reads its numbers through
 * these helpers: finished runs only, grouped by keys, each group's seeds summarised as mean ± 95% CI
 * (Student t) in percent. A preset's `figure(results)` builds one Figure; the SVG and the screen both
 * draw it, so the file and the screen cannot disagree about series, order or values.
 */
import { confidenceInterval } from '../eval/aggregate';
import { mean } from '../eval/stats';
import type { ClusterName } from './names';
import type { Results, RunResult } from './results';
import { renderLabel, shotLabel, type RunSpec } from './spec';

export type Done = { run: RunSpec; result: RunResult };
export type Value = (d: Done) => number | undefined;
export type KeyOf = (d: Done) => string | null;

/** The runs that finished with a result; running, failed and pending runs are left out of every view. */
export function doneRuns(results: Pick<Results, 'runs'>): Done[] {
  return results.runs.flatMap((e) => (e.status === 'done' && e.result ? [{ run: e.run, result: e.result }] : []));
}

/** Unique values in first-seen order, nulls dropped. */
export function uniq<T>(values: readonly (T | null | undefined)[]): T[] {
  return [...new Set(values.filter((v): v is T => v !== null && v !== undefined))];
}

/** Mean over the run's held-out clusters: the paper's "mean held-out accuracy". */
export function heldOutScore(result: RunResult, heldOut: readonly ClusterName[]): number | undefined {
  const values = heldOut.map((c) => result.perCluster[c]);
  return values.some((v) => v === undefined) ? undefined : mean(values as number[]);
}

export const heldOutValue: Value = (d) => heldOutScore(d.result, d.run.heldOut);
export const clusterValue =
  (c: ClusterName): Value =>
  (d) =>
    d.result.perCluster[c];

/** "tuned 0-shot", "base 3-shot (GPT-3 prompt)": what a main/fewshot/custom condition stands for. */
export function conditionLabel(run: RunSpec): string {
  return run.tune ? `tuned ${shotLabel(run.eval)}` : `base ${shotLabel(run.eval)} (${renderLabel(run.eval.render)})`;
}

/** Condition labels in display order: base before tuned, then by number of shots (prompt styles keep their order). */
export function conditionColumns(runs: readonly RunSpec[]): string[] {
  const ordered = [...runs].sort((a, b) => Number(a.tune !== null) - Number(b.tune !== null) || a.eval.k - b.eval.k);
  return uniq(ordered.map(conditionLabel));
}

/** Seeds' values per (row, column) over the finished runs; a run without a row, column or finite value is skipped. */
export function pivot(done: readonly Done[], rowOf: KeyOf, colOf: KeyOf, value: Value): Map<string, Map<string, number[]>> {
  const table = new Map<string, Map<string, number[]>>();
  for (const d of done) {
    const row = rowOf(d);
    const col = colOf(d);
    const v = value(d);
    if (row === null || col === null || v === undefined || !Number.isFinite(v)) continue;
    const cols = table.get(row) ?? new Map<string, number[]>();
    table.set(row, cols);
    cols.set(col, [...(cols.get(col) ?? []), v]);
  }
  return table;
}

/**
 * tuned − base per seed among the runs `side` names as one or the other (pairing removes the variance that the
 * seed's evaluation items and the base model share). `value` defaults to the mean held-out score.
 */
export function pairedDifference(results: Pick<Results, 'runs'>, side: (run: RunSpec) => 'base' | 'tuned' | null, value: Value = heldOutValue): number[] {
  const bySeed = new Map<number, { base?: number; tuned?: number }>();
  for (const d of doneRuns(results)) {
    const which = side(d.run);
    const v = which ? value(d) : undefined;
    if (v === undefined || !which) continue;
    const entry = bySeed.get(d.run.seed) ?? {};
    entry[which] = v;
    bySeed.set(d.run.seed, entry);
  }
  return [...bySeed.values()].filter((e) => e.base !== undefined && e.tuned !== undefined).map((e) => e.tuned! - e.base!);
}

// ---------------------------------------------------------------------------------------------
// cells
// ---------------------------------------------------------------------------------------------

/** Mean ± 95% CI over seeds, in percent (scaled by 100 from the 0..1 scores). */
export interface Cell {
  mean: number;
  lo: number;
  hi: number;
  /** The CI half-width (hi − mean), kept as computed so that tables round it as the report always has. */
  half?: number;
  n: number;
}

export function cellOf(values: readonly number[] | undefined, scale = 100): Cell | null {
  const finite = (values ?? []).filter((v) => Number.isFinite(v));
  if (finite.length === 0) return null;
  const ci = confidenceInterval(finite);
  return { mean: scale * ci.mean, lo: scale * ci.lo, hi: scale * ci.hi, half: scale * ci.halfWidth, n: ci.n };
}

/**
 * How a cell reads in every table: "56.2 ± 3.1", "56.2 (1 seed)", "56.2 ± 3.1 (2/3 seeds)" (with the number
 * of seeds expected) or "—". Takes a Cell or the seeds' raw 0..1 values.
 */
export function formatCell(cell: Cell | readonly number[] | null | undefined, expectedSeeds?: number): string {
  const c = Array.isArray(cell) ? cellOf(cell) : (cell as Cell | null | undefined);
  if (!c) return '—';
  if (c.n === 1) return `${c.mean.toFixed(1)} (1 seed)`;
  const partial = expectedSeeds !== undefined && c.n < expectedSeeds ? ` (${c.n}/${expectedSeeds} seeds)` : '';
  return `${c.mean.toFixed(1)} ± ${(c.half ?? c.hi - c.mean).toFixed(1)}${partial}`;
}

// ---------------------------------------------------------------------------------------------
// the Figure model
// ---------------------------------------------------------------------------------------------

/** One of our series: a value (or none) per category. */
export interface FigureSeries {
  /** Stable identifier (the SVG's data-series). */
  key: string;
  /** What the legend and the table header say. */
  name: string;
  values: (Cell | null)[];
  /** 'mean': the headline line, drawn thick and on top; 'detail': a thin line behind it (one cluster or dataset). */
  role?: 'mean' | 'detail';
}

export type MarkerShape = 'diamond' | 'triangle';

/** A value the paper prints, at a category index (or at a numeric x, on a numeric axis). */
export interface PaperPoint {
  x: number;
  value: number;
  tip: string;
}

export interface PaperSeries {
  key: string;
  name: string;
  /** The marker a bar figure draws it with. */
  shape: MarkerShape;
  /** In a bar figure: the key of our series whose bar the marker sits over (the comparable condition). */
  over?: string;
  /** On a scale of its own (the SVG's right-hand axis): a curve read off the paper's plot, not comparable in level. */
  secondary?: boolean;
  points: PaperPoint[];
}

export type FigureMetric = 'accuracy' | 'balanced accuracy';

export interface Figure {
  kind: 'bar' | 'line';
  /** The score the values are: accuracy (each dataset's main metric) or balanced accuracy. */
  metric: FigureMetric;
  title: string;
  subtitle: string;
  xLabel: string;
  yLabel: string;
  /** The x values, in order; every series has one value (or null) per category. */
  categories: string[];
  /** Shorter category names for a crowded axis. */
  shortCategories?: string[];
  /** Category names split over lines where the SVG has the room ("no template" / "→ instructions"). */
  axisLabels?: string[][];
  /** Where the categories sit on a numeric x axis (a count), and the axis range; absent: evenly spaced categories. */
  numericX?: { at: number[]; min: number; max: number; ticks: number[] };
  series: FigureSeries[];
  paper: PaperSeries[];
  note?: string;
}

/** One series: per category, the seeds' values of the finished runs that `categoryOf` puts there. */
export function seriesOf(
  done: readonly Done[],
  categories: readonly string[],
  categoryOf: KeyOf,
  value: Value,
  named: Pick<FigureSeries, 'key' | 'name' | 'role'>,
): FigureSeries {
  const byCategory = pivot(done, () => named.key, categoryOf, value).get(named.key);
  return { ...named, values: categories.map((c) => cellOf(byCategory?.get(c))) };
}

/** Series per `seriesKeyOf` value, in the order of `keys` (each named by its key). */
export function seriesBy(
  done: readonly Done[],
  categories: readonly string[],
  categoryOf: KeyOf,
  seriesKeyOf: KeyOf,
  value: Value,
  keys: readonly string[],
): FigureSeries[] {
  const table = pivot(done, seriesKeyOf, categoryOf, value);
  return keys.map((key) => ({ key, name: key, values: categories.map((c) => cellOf(table.get(key)?.get(c))) }));
}

/** "3/8 runs done · 2 seeds · error bars: 95% CI over seeds", after a preset's own detail. */
export function subtitleOf(results: { runs: Results['runs']; spec: { seeds: readonly number[] } }, extra: string): string {
  const seeds = results.spec.seeds.length;
  const done = doneRuns(results).length;
  const parts = [`${done}/${results.runs.length} runs done`, `${seeds} seed${seeds === 1 ? '' : 's'}`, 'error bars: 95% CI over seeds'];
  return [extra, ...parts].filter((p) => p.length > 0).join(' · ');
}

/** Leaves out series without a single value and paper series without a point: nothing to draw or list. */
export function figure(fig: Omit<Figure, 'metric'> & { metric?: FigureMetric }): Figure {
  return {
    ...fig,
    metric: fig.metric ?? 'accuracy',
    series: fig.series.filter((s) => s.values.some((v) => v !== null)),
    paper: fig.paper.filter((p) => p.points.length > 0),
  };
}

/** Whether a figure has any of our values (the paper's alone do not make a plot). */
export function hasData(fig: Figure): boolean {
  return fig.series.length > 0;
}
