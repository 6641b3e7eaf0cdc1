/**
 * Each fused kernel against the stock-op composition it replaces, on the current backend, with
 * micro-size inputs: forward values and gradients. Shared by the unit tests (cpu, wasm), the Node
 * webgpu test (cli/checks/kernels-webgpu.test.ts) and the e2e webgpu check, so every backend runs the very same comparisons.
 * Returns the largest relative error (max |a - b| / max |b|) of each comparison.
 */
import * as tf from '@tensorflow/tfjs';
import { rngFor } from '../../rng';
import { AdamW } from '../adamw';
import { embedding, embeddingComposite, geluComposite, layerNormComposite, linear, linearComposite } from '../ops';
import { transpose2d } from './transpose';
import { geluFused } from './gelu';
import { linearFused } from './linear';
import { columnSum } from './colsum';
import { layerNormFused } from './layernorm';
import { targetLogProbsFused } from './cross-entropy';
import { GPT } from '../gpt';
import { attentionComposite, attentionFused } from '../attention';
import { attentionMaskData } from '../ops';

export type CheckResult = { name: string; relErr: number };

export function relErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]));
    den = Math.max(den, Math.abs(b[i]));
  }
  return a.length !== b.length ? Infinity : num / Math.max(den, 1e-12);
}

function randn(seed: string, shape: number[], scale = 1): tf.Tensor {
  const rng = rngFor(7, seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(
    Float32Array.from({ length: n }, () => rng.normal() * scale),
    shape,
  );
}

async function compare(name: string, fused: tf.Tensor[], reference: tf.Tensor[], out: CheckResult[]): Promise<void> {
  for (let i = 0; i < fused.length; i++) {
    const [a, b] = await Promise.all([fused[i].data(), reference[i].data()]);
    out.push({ name: fused.length > 1 ? `${name}[${i}]` : name, relErr: relErr(a, b) });
  }
  tf.dispose([...fused, ...reference]);
}

/** AdamW: three steps of fused vs stock-op updates from the same start; parameters, moments and norm. */
async function checkAdamW(out: CheckResult[]): Promise<void> {
  const shapes: Record<string, number[]> = { w: [5, 7], b: [7], e: [3, 4], f: [11] };
  const make = () => new Map(Object.entries(shapes).map(([n, s]) => [n, tf.variable(randn(`p-${n}`, s), true)]));
  const [pf, pc] = [make(), make()];
  const [of, oc] = [new AdamW(pf, { maxGradNorm: 0.5 }), new AdamW(pc, { maxGradNorm: 0.5 })];
  oc.unfused = true;
  const norms: tf.Tensor[][] = [[], []];
  for (let step = 0; step < 3; step++) {
    const grads = Object.fromEntries(Object.entries(shapes).map(([n, s]) => [n, randn(`g-${n}-${step}`, s, step === 1 ? 0.01 : 1)]));
    norms[0].push(of.apply(pf, grads, 1e-2));
    norms[1].push(oc.apply(pc, grads, 1e-2));
    tf.dispose(Object.values(grads));
  }
  await compare('AdamW grad norm', norms[0], norms[1], out);
  await compare(
    'AdamW params',
    [...pf.values()].map((t) => t.clone()),
    [...pc.values()].map((t) => t.clone()),
    out,
  );
  await compare(
    'AdamW m',
    [...of.m.values()].map((t) => t.clone()),
    [...oc.m.values()].map((t) => t.clone()),
    out,
  );
  await compare(
    'AdamW v',
    [...of.v.values()].map((t) => t.clone()),
    [...oc.v.values()].map((t) => t.clone()),
    out,
  );
  tf.dispose([...pf.values(), ...pc.values()]);
  of.dispose();
  oc.dispose();
}

/**
 * Forward value and gradients (wrt every input) of f(...inputs) weighted by a fixed random upstream
 * gradient, for the fused and the reference function.
 */
async function checkOp(
  name: string,
  fused: (...xs: tf.Tensor[]) => tf.Tensor,
  reference: (...xs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  out: CheckResult[],
): Promise<void> {
  const yF = fused(...inputs);
  const yR = reference(...inputs);
  const upstream = randn(`${name}-dy`, yR.shape);
  const grads = (f: (...xs: tf.Tensor[]) => tf.Tensor) => tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), upstream)))(inputs);
  await compare(`${name} forward`, [yF], [yR], out);
  await compare(`${name} grad`, grads(fused), grads(reference), out);
  upstream.dispose();
}

async function checkLayerNorm(out: CheckResult[]): Promise<void> {
  const [N, C] = [6, 16]; // C a multiple of 4: the SIMD kernel on cpu/wasm (the JS loop when it is switched off)
  const x = tf.add(randn('ln-x', [N, C], 2), 0.5); // an offset mean, as real activations have
  const gain = tf.add(randn('ln-g', [C], 0.2), 1);
  const bias = randn('ln-b', [C], 0.1);
  const ln =
    (f: typeof layerNormFused) =>
    (...xs: tf.Tensor[]) =>
      f(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor1D, xs[2] as tf.Tensor1D);
  await checkOp('LayerNorm', ln(layerNormFused), ln(layerNormComposite), [x, gain, bias], out);
  tf.dispose([x, gain, bias]);
}

async function checkCrossEntropy(out: CheckResult[]): Promise<void> {
  // V 37 runs the JS loops on cpu/wasm, V 40 (a multiple of 4) the WebAssembly SIMD kernel.
  for (const V of [37, 40]) {
    const logits = randn(V === 37 ? 'ce-l' : `ce-l-${V}`, [5, V], 3);
    const targets = tf.tensor1d([0, 36, 5, 5, 20], 'int32');
    const ce = (f: typeof targetLogProbsFused) => (l: tf.Tensor) => f(l as tf.Tensor2D, targets);
    await checkOp(V === 37 ? 'CrossEntropy' : `CrossEntropy V ${V}`, ce(targetLogProbsFused), ce(GPT.targetLogProbsComposite), [logits], out);
    tf.dispose([logits, targets]);
  }
}

async function checkAttention(out: CheckResult[]): Promise<void> {
  const [B, T, H, hs] = [2, 8, 2, 4];
  const C = H * hs;
  // Two packed segments in row 0, one segment + padding in row 1.
  const segments = Int32Array.from([0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, -1, -2, -3]);
  const mask = tf.tensor4d(attentionMaskData(segments, B, T), [B, 1, T, T]);
  const qkv = randn('attn-qkv', [B * T, 3 * C]);
  const fused = (x: tf.Tensor) => attentionFused(x as tf.Tensor2D, mask, H);
  const composite = (x: tf.Tensor) =>
    attentionComposite(...([0, 1, 2].map((j) => tf.slice(x, [0, j * C], [-1, C])) as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D]), mask, H);
  await checkOp('Attention', fused, composite, [qkv], out);
  tf.dispose([mask, qkv]);
}

async function checkLinearGelu(out: CheckResult[]): Promise<void> {
  const x = randn('lin-x', [6, 8]);
  const w = randn('lin-w', [8, 12], 0.5);
  const b = randn('lin-b', [12], 0.1);
  tf.dispose(linear(x as tf.Tensor2D, w as tf.Tensor2D, b as tf.Tensor1D)); // registers the kernel (its gradient needs ops.ts)
  const lin =
    (f: typeof linearFused) =>
    (...xs: tf.Tensor[]) =>
      f(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs[2] as tf.Tensor1D);
  await checkOp('Linear', lin(linearFused), lin(linearComposite), [x, w, b], out);
  const r = randn('lin-r', [6, 12]);
  const linR =
    (f: typeof linearFused) =>
    (...xs: tf.Tensor[]) =>
      tf.add(f(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs[2] as tf.Tensor1D), tf.mul(xs[3], 1));
  const fusedR = (...xs: tf.Tensor[]) => linearFused(xs[0] as tf.Tensor2D, xs[1] as tf.Tensor2D, xs[2] as tf.Tensor1D, xs[3] as tf.Tensor2D);
  await checkOp('Linear+residual', fusedR, linR(linearComposite), [x, w, b, r], out);
  r.dispose();
  // 5 columns run the JS loop on cpu/wasm, 8 the WebAssembly SIMD kernel.
  for (const C of [5, 8]) {
    const cs = randn(C === 5 ? 'colsum-x' : `colsum-x-${C}`, [9, C]);
    await compare(C === 5 ? 'ColumnSum' : `ColumnSum 9×${C}`, [columnSum(cs as tf.Tensor2D)], [tf.sum(cs, 0)], out);
    cs.dispose();
  }
  // 63 elements run the JS loop on cpu/wasm, 96 the WebAssembly SIMD kernel.
  const g = randn('gelu-x', [7, 9], 3);
  const g96 = randn('gelu-x-96', [8, 12], 3);
  await checkOp('GELU', geluFused, geluComposite, [g], out);
  await checkOp('GELU 8×12', geluFused, geluComposite, [g96], out);
  tf.dispose([x, w, b, g, g96]);
}

/** Transpose (6 × 10 runs the JS loop on cpu/wasm, 8 × 12 the SIMD kernel) and the embedding lookup with its gradient. */
async function checkTransposeEmbedding(out: CheckResult[]): Promise<void> {
  for (const shape of [
    [6, 10],
    [8, 12],
  ]) {
    const x = randn(`tr-${shape}`, shape);
    const t = (f: (x: tf.Tensor2D) => tf.Tensor2D) => (a: tf.Tensor) => f(a as tf.Tensor2D);
    await checkOp(
      `Transpose ${shape.join('×')}`,
      t(transpose2d),
      t((a) => tf.transpose(a)),
      [x],
      out,
    );
    x.dispose();
  }
  const table = randn('emb-table', [7, 5]);
  const ids = tf.tensor1d([3, 0, 6, 3, 3, 1], 'int32'); // repeated ids: their gradients must add up
  const e = (f: typeof embedding) => (t: tf.Tensor) => f(ids, t as tf.Tensor2D);
  await checkOp('Embedding', e(embedding), e(embeddingComposite), [table], out);
  tf.dispose([table, ids]);
}

export async function checkFusedKernels(): Promise<CheckResult[]> {
  const out: CheckResult[] = [];
  await checkAdamW(out);
  await checkLayerNorm(out);
  await checkCrossEntropy(out);
  await checkAttention(out);
  await checkLinearGelu(out);
  await checkTransposeEmbedding(out);
  return out;
}
