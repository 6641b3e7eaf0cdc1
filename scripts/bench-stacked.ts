/**
 * Is stacked training faster than sequential runs? `npx tsx scripts/bench-stacked.ts [--backend wasm]
 * [--models nano,tiny] [--k 1,4,12] [--batch 32] [--seq-len 128] [--steps 3] [--reps 3] [--matmul auto|per-model|batched]
 * [--counts] [--json]`: per preset and K, K models one after another vs the same K as one stack
 * (src/core/train/stacked-bench.ts), repetitions alternating which goes first; prints medians and spreads.
 * --counts adds the kernels (and webgpu dispatches) of one stacked step per K. `npm run bench` runs this too.
 */
import { parseArgs } from 'node:util';
import { startNodeBackend, quietTfjsHint } from '../cli/node-backend';
import { formatSpread, spread } from '../cli/bench-stats';
import { presetConfig, type PresetName } from '../src/core/model/config';
import { measureStackedVsSequential } from '../src/core/train/stacked-bench';
import { stackedStepCounts } from '../src/core/train/stacked-check';
import { setStackedMatMulMode } from '../src/core/train/stacked';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    models: { type: 'string', default: 'nano,tiny' },
    k: { type: 'string', default: '1,4,12' },
    batch: { type: 'string', default: '32' },
    'seq-len': { type: 'string', default: '128' },
    steps: { type: 'string', default: '3' },
    reps: { type: 'string', default: '3' },
    matmul: { type: 'string', default: 'auto' },
    counts: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
quietTfjsHint();
setStackedMatMulMode(values.matmul as 'auto');
const info = await startNodeBackend(values.backend as 'wasm');
const Ks = values.k!.split(',').map(Number);
const batch = Number(values.batch);
const seqLen = Number(values['seq-len']);
const rows = [];
for (const preset of values.models!.split(',') as PresetName[]) {
  const config = presetConfig(preset, undefined, seqLen);
  const counts = values.counts ? await stackedStepCounts(config, batch, Ks) : [];
  for (const K of Ks) {
    const runs = []; // --reps 0: counts only (webgpu on SwiftShader, whose timings are not a GPU's)
    for (let r = 0; r < Number(values.reps); r++)
      runs.push(await measureStackedVsSequential({ config, batch, K, steps: Number(values.steps), stackedFirst: r % 2 === 1 }));
    const c = counts.find((x) => x.K === K);
    const row = {
      preset,
      backend: info.backend,
      K,
      batch,
      seqLen,
      reps: runs.length,
      sequentialMsPerStep: spread(runs.map((r) => r.sequentialMsPerStep)),
      stackedMsPerStep: spread(runs.map((r) => r.stackedMsPerStep)),
      speedup: spread(runs.map((r) => r.speedup)),
      ...(c ? { stackedKernelsPerStep: c.kernels, stackedDispatchesPerStep: c.dispatches } : {}),
    };
    rows.push(row);
    if (values.json) console.log(JSON.stringify(row));
  }
}
if (!values.json) {
  console.log(`| preset | backend | K | batch x seq | sequential ms/step (K models) | stacked ms/step | speedup | kernels / dispatches per stacked step |`);
  console.log(`|---|---|---|---|---|---|---|---|`);
  for (const r of rows) {
    const counts = r.stackedKernelsPerStep === undefined ? '–' : `${r.stackedKernelsPerStep} / ${r.stackedDispatchesPerStep ?? '–'}`;
    console.log(
      `| ${r.preset} | ${r.backend} | ${r.K} | ${r.batch} x ${r.seqLen} | ${formatSpread(r.sequentialMsPerStep, 1)} | ${formatSpread(r.stackedMsPerStep, 1)} | ${formatSpread(r.speedup, 2)} | ${counts} |`,
    );
  }
  console.log(`\nmedian (min-max) over ${values.reps} repetitions; speedup = sequential / stacked, per repetition.`);
}
process.exit(0);
