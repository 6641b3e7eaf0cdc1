import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from './cli/node-backend';
import { presetConfig } from './src/core/model/config';
import { GPT } from './src/core/model/gpt';
import { AdamW } from './src/core/model/adamw';
import { train } from './src/core/train/trainer';
import { randomTokensBatch } from './src/core/train/bench';
await startNodeBackend((process.argv[2] ?? 'wasm') as 'wasm');
for (const size of (process.argv[3] ?? 'nano').split(',') as 'nano'[]) {
const B = Number(process.argv[4] ?? 16), T = Number(process.argv[5] ?? 64);
const config = presetConfig(size, undefined, T);
const model = GPT.create(config, 0);
const adamw = new AdamW(model.params);
const batch = randomTokensBatch(config, B, 0);
await train(model, () => batch, { steps: 3, lr: 1e-4, adamw, readEvery: 1 });
let t = performance.now();
await train(model, () => batch, { steps: 5, lr: 1e-4, adamw, readEvery: 5 });
const ms = (performance.now() - t) / 5;
const info = await tf.profile(async () => { await train(model, () => batch, { steps: 1, lr: 1e-4, adamw, readEvery: 1 }); return []; });
const by = new Map<string, { n: number; ms: number }>();
for (const k of info.kernels) { const e = by.get(k.name) ?? { n: 0, ms: 0 }; e.n++; e.ms += Number(k.kernelTimeMs) || 0; by.set(k.name, e); }
const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
console.log(`${size} ${B}x${T} d=${config.nEmbd} L=${config.nLayer} V=${config.vocabSize}: ${ms.toFixed(1)} ms/step; kernels ${rows.reduce((s, r) => s + r[1].ms, 0).toFixed(1)} ms: ` + rows.slice(0, 6).map(([n, e]) => `${n} ${e.ms.toFixed(1)}`).join(', '));
adamw.dispose(); model.dispose();
}
