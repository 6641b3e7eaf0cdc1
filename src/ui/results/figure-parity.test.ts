/**
 * The CLI's SVG and the app's chart are two drawings of one Figure: for every preset, the same series
 * (names, order) with the same values per category, and the same paper series.
 */
import { describe, expect, it } from 'vitest';
import { figureOf } from '../../core/experiments/presets';
import { escapeXml, renderPlotSvg } from '../../core/experiments/plot';
import { PRESET_NAMES, makeSpec } from '../../core/experiments/presets';
import { createResults, mergeRunResult, type Results, type RunResult } from '../../core/experiments/results';
import type { RunSpec } from '../../core/experiments/spec';
import { chartModel } from './chartModel';

/** A score that differs by condition, size, mixture and seed, so that series and categories cannot be confused. */
function score(run: RunSpec): number {
  const tune = run.tune ? 0.1 + 0.01 * run.tune.clusters.length + 0.002 * run.tune.templatesPerDataset + (run.tune.render === 'instructions' ? 0.03 : 0) : 0;
  const size = ['nano', 'micro', 'tiny', 'small', 'base'].indexOf(run.modelSize) * 0.02;
  return 0.3 + tune + size + 0.01 * run.eval.k + (run.eval.render === 'gpt3_prompt' ? 0.015 : 0) + 0.007 * run.seed;
}

function result(run: RunSpec): RunResult {
  const s = score(run);
  const perCluster = Object.fromEntries(run.heldOut.map((c, i) => [c, s + 0.01 * i]));
  const perDataset = Object.fromEntries(
    ['ds_a', 'ds_b'].map((name, i) => {
      const m = s + 0.02 * i;
      return [name, { metric: 'acc', nTemplates: 2, mean: m, median: m, best: null, bestTemplate: null, spread: 0.1, min: m - 0.05, max: m + 0.05 }];
    }),
  );
  return { perTemplate: {}, perDataset, perCluster, lossCurve: [], wallTimeSec: 1, tokensPerSec: 1, backend: 'cpu' } as RunResult;
}

/** Every run but the last finished, on two seeds. */
function finishedMostly(results: Results): Results {
  let out = results;
  for (const { run } of results.runs.slice(0, -1)) out = mergeRunResult(out, run.id, result(run));
  return out;
}

/** Legend labels of the SVG, in order. */
function svgLegend(svg: string): string[] {
  return [...svg.matchAll(/<g class="legend-entry">.*?<text [^>]*>([^<]*)<\/text><\/g>/gs)].map((m) => m[1]);
}

/** The means (one decimal) the SVG's bars or points of one series show, in drawing order. */
function svgMeans(svg: string, key: string): string[] {
  const re = new RegExp(
    `<(?:rect class="bar"|circle class="point") data-series="${escapeXml(key).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*><title>([^<]*)</title>`,
    'g',
  );
  return [...svg.matchAll(re)].map((m) => /: (-?\d+\.\d)(?: ±|%)/.exec(m[1])?.[1] ?? `unparsed: ${m[1]}`);
}

describe('SVG and screen draw the same Figure', () => {
  for (const preset of PRESET_NAMES) {
    it(`${preset}: same series, order, values and paper series`, () => {
      const results = finishedMostly(createResults(makeSpec(preset, { seeds: [1, 2] })));
      const fig = figureOf(results);
      const model = chartModel(results);
      const svg = renderPlotSvg(results);
      expect(fig.series.length).toBeGreaterThan(0);
      // The screen's model is the figure's series, unchanged.
      expect(model.series.map((s) => [s.key, s.name])).toEqual(fig.series.map((s) => [s.key, s.name]));
      expect(model.series.map((s) => s.values)).toEqual(fig.series.map((s) => s.values));
      expect(model.categories).toEqual(fig.categories);
      expect(model.kind).toBe(fig.kind);
      expect(model.title).toBe(fig.title);
      expect(model.paper.map((p) => p.name)).toEqual(fig.paper.map((p) => p.name));
      // The SVG's legend lists the same series in the same order, then the paper's.
      const legend = svgLegend(svg);
      expect(legend.slice(0, fig.series.length)).toEqual(model.series.map((s) => s.name.slice(0, 27)));
      expect(legend.slice(fig.series.length).map((l) => l.replace(/ \(right axis\)$/, ''))).toEqual(model.paper.map((p) => p.name));
      // Each series' bars or points show the screen's values, category by category.
      for (const s of model.series) {
        expect(svgMeans(svg, s.key), s.key).toEqual(s.values.flatMap((c) => (c ? [c.mean.toFixed(1)] : [])));
      }
      expect(svg).toContain(escapeXml(fig.title));
    });
  }

  it('scale is a line plot on both, sizes smallest first', () => {
    const results = finishedMostly(createResults(makeSpec('scale', { seeds: [1], sizes: ['small', 'nano'] })));
    expect(chartModel(results).kind).toBe('line');
    expect(chartModel(results).categories).toEqual(['nano', 'small']);
    expect(renderPlotSvg(results)).toContain('class="line" data-series="tuned"');
  });
});
