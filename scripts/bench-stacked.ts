/**
 * Is stacked training faster than sequential runs? `npx tsx scripts/bench-stacked.ts [--backend wasm]
 * [--models nano,tiny] [--k 4] [--batch 32] [--seq-len 128] [--steps 3] [--reps 3] [--matmul auto|per-model|batched]`: per preset, K models one
 * after another vs the same K as one stack (src/core/train/stacked-bench.ts), repeated; prints medians.
 */
import { parseArgs } from 'node:util';
import { startNodeBackend, quietTfjsHint } from '../cli/node-backend';
import { presetConfig, type PresetName } from '../src/core/model/config';
import { measureStackedVsSequential } from '../src/core/train/stacked-bench';
import { setStackedMatMulMode } from '../src/core/train/stacked';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    models: { type: 'string', default: 'nano,tiny' },
    k: { type: 'string', default: '4' },
    batch: { type: 'string', default: '32' },
    'seq-len': { type: 'string', default: '128' },
    steps: { type: 'string', default: '3' },
    reps: { type: 'string', default: '3' },
    matmul: { type: 'string', default: 'auto' },
  },
});
quietTfjsHint();
setStackedMatMulMode(values.matmul as 'auto');
const info = await startNodeBackend(values.backend as 'wasm');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`| preset | backend | K | batch x seq | sequential ms/step (K models) | stacked ms/step | speedup (median, min-max) |`);
console.log(`|---|---|---|---|---|---|---|`);
for (const preset of values.models!.split(',') as PresetName[]) {
  const config = presetConfig(preset, undefined, Number(values['seq-len']));
  const runs = [];
  for (let r = 0; r < Number(values.reps); r++)
    runs.push(
      await measureStackedVsSequential({ config, batch: Number(values.batch), K: Number(values.k), steps: Number(values.steps), stackedFirst: r % 2 === 1 }),
    );
  const sp = runs.map((r) => r.speedup);
  console.log(
    `| ${preset} | ${info.backend} | ${values.k} | ${values.batch} x ${values['seq-len']} | ${median(runs.map((r) => r.sequentialMsPerStep)).toFixed(1)} | ${median(runs.map((r) => r.stackedMsPerStep)).toFixed(1)} | ${median(sp).toFixed(2)} (${Math.min(...sp).toFixed(2)}-${Math.max(...sp).toFixed(2)}) |`,
  );
}
