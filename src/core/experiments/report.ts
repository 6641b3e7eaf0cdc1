/**
 * Markdown tables of a preset's results, one layout per preset, shaped like the paper's
 * figures. Cells are mean ± 95% CI half-width over seeds (Student t), in percent.
 */
import { confidenceInterval, monotoneTrend } from '../eval/aggregate';
import { mean } from '../eval/stats';
import { balancedView } from './balanced';
import { clusterLabel, type ClusterName } from './names';
import { PAPER_CLUSTERS_CURVE, PAPER_HEADLINE, PAPER_INSTRUCTIONS } from './paper';
import type { RunEntry, RunResult, Results } from './results';
import { renderLabel, shotLabel, type RunSpec } from './spec';

type Done = { run: RunSpec; result: RunResult };
type Value = (d: Done) => number | undefined;
type Key = (run: RunSpec) => string | null;

/** Mean over the run's held-out clusters: the paper's "mean held-out accuracy". */
export function heldOutScore(result: RunResult, heldOut: readonly ClusterName[]): number | undefined {
  const values = heldOut.map((c) => result.perCluster[c]);
  return values.some((v) => v === undefined) ? undefined : mean(values as number[]);
}

const heldOutValue: Value = (d) => heldOutScore(d.result, d.run.heldOut);
const clusterValue = (c: ClusterName): Value => (d) => d.result.perCluster[c];
/** Mean over evaluated datasets of the template spread (max - min). */
const spreadValue: Value = (d) => {
  const spreads = Object.values(d.result.perDataset).map((a) => a.spread);
  return spreads.length === 0 ? undefined : mean(spreads);
};

/** "tuned 0-shot", "base 3-shot (GPT-3 prompt)": what a main/fewshot column stands for. */
export function conditionLabel(run: RunSpec): string {
  return run.tune ? `tuned ${shotLabel(run.eval)}` : `base ${shotLabel(run.eval)} (${renderLabel(run.eval.render)})`;
}

function doneRuns(results: Results): Done[] {
  return results.runs.filter((e): e is RunEntry & Done => e.status === 'done' && e.result !== undefined);
}

/** Seeds' values per (row, column). */
function pivot(results: Results, rowOf: Key, colOf: Key, value: Value): Map<string, Map<string, number[]>> {
  const table = new Map<string, Map<string, number[]>>();
  for (const d of doneRuns(results)) {
    const row = rowOf(d.run);
    const col = colOf(d.run);
    const v = value(d);
    if (row === null || col === null || v === undefined) continue;
    const cols = table.get(row) ?? new Map<string, number[]>();
    table.set(row, cols);
    cols.set(col, [...(cols.get(col) ?? []), v]);
  }
  return table;
}

const pct = (x: number) => (100 * x).toFixed(1);

/** "56.2 ± 3.1", "56.2 (1 seed)", "56.2 ± 3.1 (2/3 seeds)" or "—". */
export function formatCell(values: readonly number[] | undefined, expectedSeeds: number): string {
  if (!values || values.length === 0) return '—';
  const ci = confidenceInterval(values);
  if (ci.singleSample) return `${pct(ci.mean)} (1 seed)`;
  const partial = values.length < expectedSeeds ? ` (${values.length}/${expectedSeeds} seeds)` : '';
  return `${pct(ci.mean)} ± ${pct(ci.halfWidth)}${partial}`;
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const line = (cells: readonly string[]) => `| ${cells.map(esc).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** main-style condition columns: base before tuned, then by number of shots (stable: prompt styles keep their order). */
function conditionColumns(runs: readonly RunSpec[]): string[] {
  const ordered = [...runs].sort((a, b) => Number(a.tune !== null) - Number(b.tune !== null) || a.eval.k - b.eval.k);
  return uniq(ordered.map(conditionLabel));
}

/** Unique values in first-seen order. */
function uniq(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))];
}

/** One row per `rows` entry, one column per `cols` entry, plus optional extra columns. */
function grid(
  results: Results,
  spec: { rows: string[]; rowOf: Key; cols: string[]; colOf: Key; value: Value; rowHeader: string; rowLabel?: (row: string) => string },
  extra: { header: string; cell: (row: string) => string }[] = [],
): string {
  const seeds = results.spec.seeds.length;
  const table = pivot(results, spec.rowOf, spec.colOf, spec.value);
  return markdownTable(
    [spec.rowHeader, ...spec.cols, ...extra.map((e) => e.header)],
    spec.rows.map((row) => [(spec.rowLabel ?? String)(row), ...spec.cols.map((c) => formatCell(table.get(row)?.get(c), seeds)), ...extra.map((e) => e.cell(row))]),
  );
}

const NOTE = 'Cells: mean ± 95% CI over seeds (Student t), in %; "—": no finished run.';

/** The markdown report for any preset's results. */
export function renderMarkdown(results: Results): string {
  const done = doneRuns(results).length;
  const worlds = [...new Set(doneRuns(results).map((d) => d.result.worldVersion ?? 1))].sort();
  const world = worlds.length ? `\n\nWorld ${worlds.map((v) => `v${v}`).join(' + ')} (the base models' pretraining text; v1 never showed the answer words).` : '';
  const title = `## TinyFLAN ${results.spec.preset} (${done}/${results.runs.length} runs done)${world}`;
  const balanced = balancedView(results);
  // Files evaluated before bal_acc was recorded (v1) get no second table: it would repeat the first.
  if (balanced.missing >= done) return [title, '', renderBody(results), '', NOTE, ''].join('\n');
  const balancedNote = balanced.missing ? ` ${balanced.missing} run(s) were evaluated before balanced accuracy was recorded and show accuracy.` : '';
  return [
    title, '', renderBody(results), '', NOTE, '',
    '### Balanced accuracy (mean recall over classes; a constant answer scores 1/K)', '',
    renderBody(balanced.results), '', `Classification datasets by balanced accuracy, others by their main metric.${balancedNote}`, '',
  ].join('\n');
}

function renderBody(results: Results): string {
  const spec = results.spec;
  const runs = results.runs.map((e) => e.run);
  switch (spec.preset) {
    case 'main':
    case 'fewshot': {
      const cols = conditionColumns(runs);
      const rowOf: Key = (r) => r.heldOut[0];
      const rows = spec.heldOutClusters;
      const layout = { rows, rowOf, cols, colOf: conditionLabel, rowHeader: 'held-out cluster', rowLabel: clusterLabel };
      const paper = {
        header: 'paper: FLAN 0-shot (GPT-3 0-shot / few-shot)',
        cell: (row: string) => {
          const p = PAPER_HEADLINE[row as ClusterName];
          return p ? `${p.flanZeroShot} (${p.gpt3ZeroShot} / ${p.gpt3FewShot})` : '—';
        },
      };
      // Tuned and base zero-shot with the same templates: the paper's comparison, paired by seed.
      const gain = {
        header: 'tuned − base 0-shot (instructions), paired by seed',
        cell: (row: string) => formatCell(pairedDifference(results, (r) => {
          if (r.heldOut[0] !== row) return null;
          const label = conditionLabel(r);
          return label === 'tuned 0-shot' ? 'tuned' : label === 'base 0-shot (instructions)' ? 'base' : null;
        }), spec.seeds.length),
      };
      const scores = grid(results, { ...layout, value: heldOutValue }, spec.preset === 'main' ? [gain, paper] : []);
      if (spec.preset === 'main') return scores;
      const spread = grid(results, { ...layout, value: spreadValue });
      return `${scores}\n\nMean spread across templates (max − min, per dataset; few-shot should shrink it):\n\n${spread}`;
    }
    case 'custom': {
      // One row per held-out cluster (all held out together), then their mean; columns as in main.
      const cols = conditionColumns(runs);
      const rows = [...spec.heldOut.map((c) => ({ label: clusterLabel(c), value: clusterValue(c) })), ...(spec.heldOut.length > 1 ? [{ label: 'mean held-out', value: heldOutValue }] : [])];
      const tables = rows.map((r) => pivot(results, () => 'x', conditionLabel, r.value));
      const body = markdownTable(
        ['held-out cluster', ...cols],
        rows.map((r, i) => [r.label, ...cols.map((c) => formatCell(tables[i].get('x')?.get(c), spec.seeds.length))]),
      );
      return `${body}\n\nTuned on: ${spec.tuningClusters.map(clusterLabel).join(', ')}.`;
    }
    case 'clusters': {
      const nOf = (r: RunSpec) => String(r.tune ? r.tune.clusters.length : 0);
      const rows = uniq(runs.map(nOf)).sort((a, b) => Number(a) - Number(b));
      const perCluster = spec.heldOut.map((c) => ({ header: clusterLabel(c), value: clusterValue(c) }));
      const columns = [...perCluster, { header: 'mean held-out', value: heldOutValue }];
      const tables = columns.map((c) => pivot(results, nOf, () => 'x', c.value));
      const paper = (row: string) => PAPER_CLUSTERS_CURVE.accuracy[Number(row) - 1]?.toFixed(1) ?? '—';
      const body = markdownTable(
        ['# tuning clusters', ...columns.map((c) => c.header), 'paper (137B)'],
        rows.map((row) => [row, ...tables.map((t) => formatCell(t.get(row)?.get('x'), spec.seeds.length)), paper(row)]),
      );
      const points = rows
        .map((row) => ({ x: Number(row), values: tables[tables.length - 1].get(row)?.get('x') }))
        .filter((p): p is { x: number; values: number[] } => p.values !== undefined)
        .map((p) => ({ x: p.x, y: mean(p.values) }));
      const rho = points.length >= 2 ? monotoneTrend(points) : NaN;
      const trend = Number.isNaN(rho) ? 'not enough points' : rho.toFixed(2);
      const paperRho = monotoneTrend(PAPER_CLUSTERS_CURVE.accuracy.map((y, i) => ({ x: i + 1, y }))).toFixed(2);
      return `${body}\n\nSpearman ρ(# clusters, mean held-out) = ${trend} (1 = rises monotonically; paper: ${paperRho}).`;
    }
    case 'scale': {
      const rows = spec.sizes;
      const colOf: Key = (r) => (r.tune ? 'tuned' : 'base');
      const table = pivot(results, (r) => r.modelSize, colOf, heldOutValue);
      return markdownTable(
        ['model size', 'base', 'tuned', 'tuned − base (paired by seed)'],
        rows.map((size) => [
          size,
          formatCell(table.get(size)?.get('base'), spec.seeds.length),
          formatCell(table.get(size)?.get('tuned'), spec.seeds.length),
          formatCell(pairedDifference(results, (r) => (r.modelSize !== size ? null : r.tune ? 'tuned' : 'base')), spec.seeds.length),
        ]),
      );
    }
    case 'instructions': {
      const label = (r: RunSpec) => (r.tune ? `${renderLabel(r.tune.render)} → ${renderLabel(r.eval.render)}` : null);
      const paper = (row: string) =>
        PAPER_INSTRUCTIONS.find((p) => `${renderLabel(p.tune)} → ${renderLabel(p.eval)}` === row)?.accuracy.toFixed(1) ?? '—';
      return grid(
        results,
        { rows: uniq(runs.map(label)), rowOf: label, cols: ['mean held-out'], colOf: () => 'mean held-out', value: heldOutValue, rowHeader: 'tuned with → evaluated with' },
        [{ header: 'paper (137B)', cell: paper }],
      );
    }
    case 'templates': {
      const nOf = (r: RunSpec) => (r.tune ? String(r.tune.templatesPerDataset) : null);
      return grid(results, {
        rows: uniq(runs.map(nOf)),
        rowOf: nOf,
        cols: ['mean held-out'],
        colOf: () => 'mean held-out',
        value: heldOutValue,
        rowHeader: 'templates per dataset',
      });
    }
  }
}

/**
 * tuned − base per seed among the runs `side` names as one or the other (pairing removes the variance that the
 * seed's evaluation items and the base model share). `value` defaults to the mean held-out score.
 */
export function pairedDifference(results: Results, side: (run: RunSpec) => 'base' | 'tuned' | null, value: Value = heldOutValue): number[] {
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

/**
 * Per-dataset view of a main, fewshot or custom results file: one row per evaluated dataset, one column per condition
 * (as in main's table), each cell the dataset's mean over templates across seeds.
 */
export function renderDatasetMarkdown(results: Results): string {
  // Only where a column (condition) is one model per seed: in scale, clusters or instructions a condition
  // label alone would mix models of different sizes or mixtures.
  if (!['main', 'fewshot', 'custom'].includes(results.spec.preset)) {
    throw new Error(`a per-dataset table is available for main, fewshot and custom results, not ${results.spec.preset}`);
  }
  const done = doneRuns(results);
  const cols = conditionColumns(done.map((d) => d.run));
  const cells = new Map<string, Map<string, number[]>>();
  const rows: string[] = [];
  for (const d of done) {
    for (const [name, agg] of Object.entries(d.result.perDataset)) {
      if (!cells.has(name)) (cells.set(name, new Map()), rows.push(name));
      const col = conditionLabel(d.run);
      const byCol = cells.get(name)!;
      byCol.set(col, [...(byCol.get(col) ?? []), agg.mean]);
    }
  }
  const table = markdownTable(['dataset', ...cols], rows.map((r) => [r, ...cols.map((c) => formatCell(cells.get(r)?.get(c), results.spec.seeds.length))]));
  return [`## TinyFLAN ${results.spec.preset}, per dataset (${done.length}/${results.runs.length} runs done)`, '', table, '', NOTE, ''].join('\n');
}
