/**
 * Kernel profile of one training step on tfjs-wasm (Node, one thread): time per kernel name, then per
 * kernel name and input shapes, from tf.profile. Where the time of a step goes, to choose what to speed up.
 *   npx tsx cli/profile-step.ts [preset=tiny] [batch=32] [seqLen=128]
 * "unnamed scope" rows are tf.customGrad scopes: their time includes the kernels inside them, which are
 * also listed, so the kernel-ms total counts them twice. ms/step is two untimed-by-profile steps' mean.
 */
import * as tf from '@tensorflow/tfjs';
import { startNodeBackend } from './node-backend';
import { MODEL_SIZE_NAMES, presetConfig, type ModelSizeName } from '../src/core/model/config';
import { GPT } from '../src/core/model/gpt';
import { AdamW } from '../src/core/model/adamw';
import { train } from '../src/core/train/trainer';
import { randomTokensBatch } from '../src/core/train/bench';

const [model = 'tiny', B = '32', T = '128'] = process.argv.slice(2);
if (!(MODEL_SIZE_NAMES as readonly string[]).includes(model)) throw new Error(`unknown preset ${model}`);
await startNodeBackend('wasm');
const config = presetConfig(model as ModelSizeName, undefined, Number(T));
const gpt = GPT.create(config, 0);
const adamw = new AdamW(gpt.params);
const batch = randomTokensBatch(config, Number(B), 0);
await train(gpt, () => batch, { steps: 2, lr: 1e-4, adamw, readEvery: 1 }); // warm-up
const t0 = performance.now();
await train(gpt, () => batch, { steps: 2, lr: 1e-4, adamw, readEvery: 2 });
console.log(`${model} ${B} x ${T} on ${tf.getBackend()}: ${((performance.now() - t0) / 2).toFixed(1)} ms/step`);
const info = await tf.profile(async () => {
  await train(gpt, () => batch, { steps: 1, lr: 1e-4, adamw, readEvery: 1 });
  return [];
});

function table(key: (k: (typeof info.kernels)[number]) => string, limit: number): void {
  const rows = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    const r = rows.get(key(k)) ?? { n: 0, ms: 0 };
    r.n++;
    r.ms += Number(k.kernelTimeMs) || 0;
    rows.set(key(k), r);
  }
  for (const [name, r] of [...rows].sort((a, b) => b[1].ms - a[1].ms).slice(0, limit)) {
    console.log(`${r.ms.toFixed(1).padStart(8)} ms ${String(r.n).padStart(4)}x  ${name}`);
  }
}
const total = info.kernels.reduce((s, k) => s + (Number(k.kernelTimeMs) || 0), 0);
console.log(`${info.kernels.length} kernels, ${total.toFixed(1)} kernel-ms`);
table((k) => k.name, 40);
console.log('--- by input shapes');
table((k) => `${k.name} ${JSON.stringify(k.inputShapes)}`, 30);
adamw.dispose();
gpt.dispose();
