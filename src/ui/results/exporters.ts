/**
 * Exports of a Results object: figure as SVG (renderPlotSvg) and PNG (that SVG drawn into a
 * canvas), results as JSON (serializeResults) and CSV. The SVG is only ever turned into a Blob for
 * download or an <img> source, never injected into the page: results may come from a shared link.
 */
import type { FigureMetricName } from '../../core/experiments/figure-metric';
import { renderPlotSvg } from '../../core/experiments/plot';
import { conditionLabel, heldOutScore } from '../../core/experiments/figure';
import { serializeResults, type Results } from '../../core/experiments/results';
import { CLUSTERS } from '../../core/experiments/names';

export function download(name: string, data: Blob): void {
  const url = URL.createObjectURL(data);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function csvCell(v: string | number | undefined): string {
  const s = v === undefined ? '' : String(v);
  // Quote always; also neutralise spreadsheet formulas from untrusted strings.
  return `"${(/^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s).replace(/"/g, '""')}"`;
}

export function resultsCsv(results: Results): string {
  const header = [
    'run_id',
    'kind',
    'condition',
    'seed',
    'model_size',
    'held_out',
    'tuning_clusters',
    'eval_render',
    'k',
    'status',
    'held_out_score',
    ...CLUSTERS.map((c) => `cluster_${c}`),
    'wall_time_sec',
    'backend',
    'error',
  ];
  const rows = results.runs.map((e) => [
    e.run.id,
    e.run.kind,
    conditionLabel(e.run),
    e.run.seed,
    e.run.modelSize,
    e.run.heldOut.join(' '),
    e.run.tune?.clusters.length ?? 0,
    e.run.eval.render,
    e.run.eval.k,
    e.status,
    e.result ? heldOutScore(e.result, e.run.heldOut) : undefined,
    ...CLUSTERS.map((c) => e.result?.perCluster[c]),
    e.result?.wallTimeSec,
    e.result?.backend,
    e.error,
  ]);
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
}

/** The file name says which score a balanced figure shows. */
const figureName = (r: Results, metric: FigureMetricName, ext: string) => `tinyflan-${r.spec.preset}${metric === 'acc' ? '' : `-${metric}`}.${ext}`;

export const exportSvg = (r: Results, metric: FigureMetricName = 'acc') =>
  download(figureName(r, metric, 'svg'), new Blob([renderPlotSvg(r, metric)], { type: 'image/svg+xml' }));
export const exportJson = (r: Results) => download(`tinyflan-${r.spec.preset}-results.json`, new Blob([serializeResults(r)], { type: 'application/json' }));
export const exportCsv = (r: Results) => download(`tinyflan-${r.spec.preset}-results.csv`, new Blob([resultsCsv(r)], { type: 'text/csv' }));

export async function exportPng(r: Results, metric: FigureMetricName = 'acc'): Promise<void> {
  const svg = renderPlotSvg(r, metric);
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error('the figure could not be drawn'));
      img.src = url;
    });
    const scale = 2; // crisp on slides
    const canvas = document.createElement('canvas');
    canvas.width = (img.naturalWidth || 720) * scale;
    canvas.height = (img.naturalHeight || 420) * scale;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    const png = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!png) throw new Error('PNG encoding failed');
    download(figureName(r, metric, 'png'), png);
  } finally {
    URL.revokeObjectURL(url);
  }
}
