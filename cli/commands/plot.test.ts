import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../args';
import { run as plotCli } from './plot';
import { escapeXml, renderPlotSvg } from '../../src/core/experiments/plot';
import { makeSpec } from '../../src/core/experiments/presets';
import {
  createResults,
  markFailed,
  markRunning,
  mergeRunResult,
  parseResults,
  serializeResults,
  type Results,
  type RunResult,
} from '../../src/core/experiments/results';
import type { RunSpec } from '../../src/core/experiments/spec';

const EVIL = `<script>alert("x")</script> & 'co'`;

function result(perCluster: RunResult['perCluster'], datasets: Record<string, number> = { d: 0.5 }): RunResult {
  const perDataset: RunResult['perDataset'] = {};
  for (const [name, m] of Object.entries(datasets)) {
    perDataset[name] = { metric: 'acc', nTemplates: 2, mean: m, median: m, best: null, bestTemplate: null, spread: 0.1, min: m - 0.05, max: m + 0.05 };
  }
  return { perTemplate: {}, perDataset, perCluster, lossCurve: [], wallTimeSec: 1, tokensPerSec: 1, backend: 'cpu' };
}

/** Finishes every run `score` gives a value, with that value on each of its held-out clusters. */
function finish(results: Results, score: (run: RunSpec) => number | undefined, datasets?: (run: RunSpec, s: number) => Record<string, number>): Results {
  let out = results;
  for (const { run } of results.runs) {
    const s = score(run);
    if (s === undefined) continue;
    out = mergeRunResult(out, run.id, result(Object.fromEntries(run.heldOut.map((c) => [c, s])), datasets?.(run, s)));
  }
  return out;
}

/** Every element opened is closed in order; no stray markup characters in text or attributes. */
function expectWellFormed(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<>]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m !== null; m = tag.exec(svg)) {
    const between = svg.slice(last, m.index);
    expect(between, `stray markup before ${m[0]}`).not.toMatch(/[<>]/);
    expect(between).not.toMatch(/&(?!(amp|lt|gt|quot|#39);)/);
    last = m.index + m[0].length;
    const [, closing, name, , selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop(), `unbalanced </${name}>`).toBe(name);
    else stack.push(name);
  }
  expect(svg.slice(last)).not.toMatch(/[<>]/);
  expect(stack).toEqual([]);
  expect(count(svg, /<g[\s>]/g)).toBe(count(svg, /<\/g>/g));
  // accessible: title, desc and labelled root
  expect(svg).toMatch(/<svg [^>]*role="img"[^>]*aria-labelledby="tinyflan-plot-title tinyflan-plot-desc"/);
  expect(svg).toMatch(/<title id="tinyflan-plot-title">[^<]+<\/title>/);
  expect(svg).toMatch(/<desc id="tinyflan-plot-desc">[^<]+<\/desc>/);
  expect(svg).toContain('viewBox="0 0 720 420"');
}

function count(svg: string, re: RegExp): number {
  return svg.match(re)?.length ?? 0;
}
const points = (svg: string, series: string) => count(svg, new RegExp(`<circle class="point" data-series="${series}"`, 'g'));
const whiskers = (svg: string) => count(svg, /class="whisker"/g);
const bars = (svg: string) => count(svg, /<rect class="bar"/g);

describe('escapeXml', () => {
  it('escapes markup and quotes and drops characters XML forbids', () => {
    expect(escapeXml(`a<b>&"c"'d'`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39;');
    expect(escapeXml('x\u0000y\u0007')).toBe('x\uFFFDy\uFFFD');
    expect(escapeXml('é 😀')).toBe('é 😀');
  });
});

describe('renderPlotSvg per preset', () => {
  it('clusters: per-cluster lines, the mean with CI whiskers, the paper curve on a right-hand axis', () => {
    const spec = makeSpec('clusters', { seeds: [1, 2], counts: [1, 2, 3] });
    // n = 3 only has seed 1: its points have no whisker.
    const svg = renderPlotSvg(
      finish(createResults(spec), (r) => {
        const n = r.tune ? r.tune.clusters.length : 0;
        if (n === 3 && r.seed === 2) return undefined;
        return 0.3 + 0.05 * n + (r.seed === 1 ? 0 : 0.02);
      }),
    );
    expectWellFormed(svg);
    expect(points(svg, 'mean held-out')).toBe(4); // 0 (base), 1, 2, 3
    for (const c of spec.heldOut) expect(points(svg, c)).toBe(4);
    // 3 points per series with 2 seeds, 4 series (3 clusters + mean)
    expect(whiskers(svg)).toBe(3 * 4);
    expect(count(svg, /class="paper-line"/g)).toBe(1);
    expect(count(svg, /class="paper-point"/g)).toBe(7);
    expect(svg).toContain('stroke-dasharray="6 4"');
    expect(svg).toContain('class="y-axis-secondary"');
    expect(svg).toContain('paper 137B (right axis)');
    // x axis 0..7 even though only 0..3 were run
    for (const t of ['0', '7']) expect(svg).toMatch(new RegExp(`text-anchor="middle">${t}</text>`));
    expect(svg).toContain('number of instruction-tuning clusters (0 = base model)');
    expect(svg).toContain('closed book qa');
  });

  it('scale: base and tuned vs model size, labelled with parameter counts', () => {
    const spec = makeSpec('scale', { seeds: [1, 2], sizes: ['nano', 'micro', 'small'] });
    const results = finish(createResults(spec), (r) => (r.modelSize === 'small' ? undefined : (r.tune ? 0.45 : 0.4) + r.seed / 100));
    const svg = renderPlotSvg(results);
    expectWellFormed(svg);
    expect(points(svg, 'base')).toBe(2);
    expect(points(svg, 'tuned')).toBe(2);
    expect(whiskers(svg)).toBe(4);
    expect(svg).toMatch(/>nano<\/tspan><tspan [^>]*>\d+K params<\/tspan>/);
    expect(svg).toContain('>small</tspan>'); // a size without finished runs keeps its slot
    expect(svg).toMatch(/>\d+\.\dM params</);
  });

  it('main: grouped bars per held-out cluster, CI whiskers and the paper markers where the paper has the cluster', () => {
    const spec = makeSpec('main', { seeds: [1, 2, 3], heldOutClusters: ['nli', 'commonsense'] });
    // nli: every condition, 3 seeds; commonsense: only the tuned 0-shot condition, 1 seed.
    const results = finish(createResults(spec), (r) => {
      if (r.heldOut[0] === 'commonsense') return r.tune && r.eval.k === 0 && r.seed === 1 ? 0.6 : undefined;
      return (r.tune ? 0.5 : 0.35) + r.eval.k / 100 + r.seed / 50;
    });
    const svg = renderPlotSvg(results);
    expectWellFormed(svg);
    // conditions: base 0/3-shot × (GPT-3 prompt, instructions) + tuned 0/3-shot
    expect(bars(svg)).toBe(6 + 1);
    expect(whiskers(svg)).toBe(6);
    expect(count(svg, /class="paper-marker" data-shape="diamond"/g)).toBe(1);
    expect(count(svg, /class="paper-marker" data-shape="triangle"/g)).toBe(2);
    expect(svg).toContain('FLAN 137B 0-shot 56.2%');
    expect(svg).toContain('base 3-shot (GPT-3 prompt)');
    expect(svg).toContain('tuned 0-shot');
  });

  it('main: an untrusted cluster name is escaped everywhere', () => {
    const spec = makeSpec('main', { seeds: [1, 2], heldOutClusters: ['nli', 'commonsense'], baseRenders: ['instructions'] });
    const honest = finish(createResults(spec), (r) => 0.4 + r.seed / 100);
    // A hand-edited file that skipped validation: the cluster name carries markup.
    const tampered = JSON.parse(serializeResults(honest).replaceAll('"commonsense"', JSON.stringify(EVIL))) as Results;
    const svg = renderPlotSvg(tampered);
    expectWellFormed(svg);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;');
    expect(bars(svg)).toBe(8);
  });

  it('fewshot: bars per cluster and condition, no whiskers with one seed', () => {
    const spec = makeSpec('fewshot', { seeds: [1], heldOutClusters: ['nli', 'reading_comprehension'], kShot: 2 });
    const svg = renderPlotSvg(finish(createResults(spec), (r) => (r.tune ? 0.6 : 0.4)));
    expectWellFormed(svg);
    expect(bars(svg)).toBe(8);
    expect(whiskers(svg)).toBe(0);
    expect(count(svg, /class="paper-marker"/g)).toBe(6);
    expect(svg).toContain('base 2-shot (instructions)');
    expect(svg).toContain('reading comprehension');
  });

  it('instructions: one bar per setting with its CI and the paper value', () => {
    const spec = makeSpec('instructions', { seeds: [1, 2] });
    const results = finish(createResults(spec), (r) => (r.tune!.render === 'no_template' ? 0.3 : 0.5) + r.seed / 100);
    const svg = renderPlotSvg(results);
    expectWellFormed(svg);
    expect(bars(svg)).toBe(4);
    expect(whiskers(svg)).toBe(4);
    expect(count(svg, /class="paper-marker"/g)).toBe(4);
    expect(svg).toMatch(/>no template<\/tspan><tspan [^>]*>→ instructions<\/tspan>/);
    expect(svg).toContain('no template → instructions: 37.3%');
  });

  it('templates: the mean and one line per dataset vs templates per dataset; dataset names are escaped', () => {
    const spec = makeSpec('templates', { seeds: [1, 2], templateCounts: [1, 4, 10] });
    const results = finish(
      createResults(spec),
      (r) => (r.tune!.templatesPerDataset === 10 && r.seed === 2 ? undefined : 0.3 + r.tune!.templatesPerDataset / 100 + r.seed / 200),
      (_r, s) => ({ anli: s, [EVIL]: s / 2 }),
    );
    const svg = renderPlotSvg(results);
    expectWellFormed(svg);
    expect(points(svg, 'mean held-out')).toBe(3);
    expect(points(svg, 'anli')).toBe(3);
    expect(points(svg, escapeXml(EVIL).replace(/[()]/g, '\\$&'))).toBe(3);
    expect(whiskers(svg)).toBe(2 * 3); // 1 and 4 templates have two seeds, for each of 3 series
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain(`'co'`);
    expect(svg).toContain('&lt;script&gt;');
  });

  it('skips unfinished runs; no finished run gives an SVG that says so', () => {
    const spec = makeSpec('instructions', { seeds: [1] });
    let results = createResults(spec);
    results = markRunning(results, results.runs[0].run.id);
    results = markFailed(results, results.runs[1].run.id, 'boom');
    const svg = renderPlotSvg(results);
    expectWellFormed(svg);
    expect(svg).toContain('no finished runs');
    expect(bars(svg)).toBe(0);
    const one = renderPlotSvg(mergeRunResult(results, results.runs[2].run.id, result({ nli: 0.5, closed_book_qa: 0.4, commonsense: 0.3 })));
    expect(bars(one)).toBe(1);
    expect(one).not.toContain('no finished runs');
    for (const preset of ['main', 'clusters', 'scale', 'templates', 'fewshot'] as const) {
      const empty = renderPlotSvg(createResults(makeSpec(preset, { seeds: [1] })));
      expectWellFormed(empty);
      expect(empty).toContain('no finished runs');
    }
  });
});

describe('tinyflan plot', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyflan-plot-'));
  const spec = makeSpec('templates', { seeds: [1], templateCounts: [1, 2] });
  const file = join(dir, 'r.json');
  writeFileSync(file, serializeResults(finish(createResults(spec), () => 0.5)));

  it('writes the SVG to --out', async () => {
    const out = join(dir, 'figs', 'fig.svg');
    expect(await plotCli([file, '--out', out])).toBe(0);
    const svg = readFileSync(out, 'utf8');
    expectWellFormed(svg);
    expect(svg).toBe(`${renderPlotSvg(parseResults(readFileSync(file, 'utf8')))}\n`);
  });

  it('is a usage error without a file or with an unknown flag', async () => {
    await expect(plotCli([])).rejects.toBeInstanceOf(UsageError);
    await expect(plotCli([file, '--colour', 'red'])).rejects.toBeInstanceOf(UsageError);
    await expect(plotCli([file, 'other.json'])).rejects.toBeInstanceOf(UsageError);
  });

  it('refuses a results file of another schema version with a clear error', async () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: 99 }));
    const err = await plotCli([old, '--out', join(dir, 'x.svg')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/unsupported TinyFLAN results version 99/);
  });
});

describe('custom plot', () => {
  it('draws grouped bars per held-out cluster (and their mean), base vs tuned', () => {
    const spec = makeSpec('custom', { seeds: [1, 2], heldOut: ['nli', 'closed_book_qa'], tuningClusters: ['sentiment', 'translation'] });
    const svg = renderPlotSvg(finish(createResults(spec), (r) => (r.tune ? 0.6 : 0.4) + (r.seed === 1 ? 0 : 0.02)));
    expectWellFormed(svg);
    expect(bars(svg)).toBe(3 * 2); // NLI, closed-book QA, mean × base 0-shot, tuned 0-shot
    expect(whiskers(svg)).toBe(6);
    expect(svg).toContain('TinyFLAN custom run');
    expect(svg).toContain('tuned 0-shot');
  });

  it('slants short cluster labels when every cluster is held out, so that they do not overlap', () => {
    const all = [
      'nli',
      'reading_comprehension',
      'closed_book_qa',
      'commonsense',
      'coreference',
      'reading_comprehension_commonsense',
      'paraphrase',
      'sentiment',
      'struct_to_text',
      'translation',
      'summarization',
      'misc',
    ] as const;
    const many = renderPlotSvg(finish(createResults(makeSpec('main', { seeds: [1], heldOutClusters: [...all] })), () => 0.5));
    expectWellFormed(many);
    expect(many).toMatch(/transform="rotate\(-30 [^"]+\)">RC\+commonsense</);
    expect(many).not.toContain('>reading comprehension commonsense<');
    const few = renderPlotSvg(finish(createResults(makeSpec('main', { seeds: [1], heldOutClusters: ['nli', 'reading_comprehension'] })), () => 0.5));
    expect(few).not.toContain('rotate(-30');
    expect(few).toContain('>reading comprehension<');
  });
});
