import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import { run as plotCli } from './plot';
import { getSuite } from '../../src/core/tasks/suite';
import { figureFor } from '../../src/core/experiments/figure-metric';
import { renderPlotSvg } from '../../src/core/experiments/plot';
import { makeSpec } from '../../src/core/experiments/presets';
import { createResults, mergeRunResult, serializeResults, type Results, type RunResult } from '../../src/core/experiments/results';

const nli = getSuite(1).datasets.find((d) => d.cluster === 'nli' && d.kind === 'classification')!;

/** Accuracy 0.6 + tuned bonus, balanced accuracy 0.1 lower: a model leaning on the majority class. */
function result(tuned: boolean): RunResult {
  const acc = tuned ? 0.7 : 0.6;
  const bal = acc - 0.1;
  return {
    perTemplate: { [nli.name]: { t1: { acc, bal_acc: bal }, t2: { acc, bal_acc: bal } } },
    perDataset: { [nli.name]: { metric: 'acc', nTemplates: 2, mean: acc, median: acc, best: null, bestTemplate: null, spread: 0, min: acc, max: acc } },
    perCluster: { nli: acc },
    lossCurve: [],
    wallTimeSec: 1,
    tokensPerSec: 1,
    backend: 'cpu',
  };
}

function finished(): Results {
  let r = createResults(makeSpec('fewshot', { seeds: [1], heldOutClusters: ['nli'] }));
  for (const e of r.runs) r = mergeRunResult(r, e.run.id, result(e.run.tune !== null));
  return r;
}

describe('a figure scored by balanced accuracy', () => {
  it('rescored classification datasets, the metric named in the figure', () => {
    const acc = figureFor(finished());
    const bal = figureFor(finished(), 'bal_acc');
    expect(acc.metric).toBe('accuracy');
    expect(bal.metric).toBe('balanced accuracy');
    expect(bal.title).toMatch(/\(balanced accuracy\)$/);
    expect(bal.series.map((s) => s.key)).toEqual(acc.series.map((s) => s.key));
    const tunedAcc = acc.series.find((s) => s.key === 'tuned 0-shot')!.values[0]!.mean;
    const tunedBal = bal.series.find((s) => s.key === 'tuned 0-shot')!.values[0]!.mean;
    expect(tunedAcc).toBeCloseTo(70, 6);
    expect(tunedBal).toBeCloseTo(60, 6);
  });

  it('tinyflan plot --metric bal_acc draws it; an unknown metric is a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyflan-metric-'));
    const file = join(dir, 'r.json');
    writeFileSync(file, serializeResults(finished()));
    const out = join(dir, 'bal.svg');
    expect(await plotCli([file, '--metric', 'bal_acc', '--out', out])).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expect(svg).toBe(`${renderPlotSvg(finished(), 'bal_acc')}\n`);
    expect(svg).toContain('(balanced accuracy)');
    expect(svg).toContain('tuned 0-shot: 60.0% (1 seed)');
    await expect(plotCli([file, '--metric', 'f1'])).rejects.toBeInstanceOf(UsageError);
  });
});
