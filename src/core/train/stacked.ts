/**
 * Stacked training: K models of one config trained as one model whose weights carry a leading K axis
 * ([K, ...shape] per parameter), each with its own batch, its own loss, its own global-norm clipping
 * and its own AdamW state — what scale/train_many.py does with batched matmuls on a GPU server.
 * The models never interact: the loss that is differentiated is the sum of the K losses, so every
 * model's gradient is exactly what training it alone gives.
 *
 * Activations are kept flat, [K*N, C] with N = B*T rows per model, so the row-wise kernels (attention
 * over K*B sequences, GELU, cross-entropy) run once for all models unchanged. What differs per model:
 * - matmuls: one batched MatMul over K (cpu, webgpu, webgl). On wasm a batched MatMul runs tfjs's
 *   slow naive loop, so there each model's product is its own unbatched MatMul (XNNPACK) on a slice
 *   (the same kernels as the lone model, so the same numbers; kernels per step grow with K there).
 * - LayerNorm with per-model gain/bias, the per-model gradient norm and AdamW: kernels registered here
 *   whose JS (cpu/wasm) and WGSL (webgpu) are the lone model's own (kernels/layernorm*.ts, kernels/adamw*.ts,
 *   over K blocks), with a stock-op fallback on webgl.
 * - the embeddings: one gather from the [K*V, C] table with ids offset by k*V; the gradient (tf.gather
 *   has none on wasm) is the one-hot product per model, as in ops.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { type ModelConfig, parameterShapes, validateConfig } from '../model/config';
import { initWeights, type WeightMap } from '../model/init';
import { GPT, type Batch } from '../model/gpt';
import { attention } from '../model/attention';
import { attentionMaskData, gelu, linear, matMulAT, oneHotFloat, tiedHead } from '../model/ops';
import { hasKernel, JS_BACKENDS, registerOn, runOnArrays } from '../model/kernels/common';
import { AdamWMoments, type AdamWConfig } from '../model/adamw';
import { adamwJS, gradNormsJS, type AdamWAttrs } from '../model/kernels/adamw';
import { layerNormBackwardJS, layerNormForwardJS, LN_EPS } from '../model/kernels/layernorm';
import { registerLayerNormWebGPU } from '../model/kernels/layernorm.webgpu';
import { registerAdamWWebGPU } from '../model/kernels/adamw.webgpu';
import { trainingLoop, type LoopModel } from './trainer';

// ---------------------------------------------------------------------------------------------
// Kernels: LayerNorm with per-model gain/bias, per-model gradient norm, per-model AdamW.

export const STACKED_LN = 'TinyFlanStackedLayerNorm';
export const STACKED_LN_GRAD = 'TinyFlanStackedLayerNormGrad';
export const STACKED_GRAD_NORM = 'TinyFlanStackedGradNorm';
export const STACKED_ADAMW = 'TinyFlanStackedAdamW';
/**
 * `TinyFlanSplitRows`: x [P*n, ...] → P tensors [n, ...] (contiguous blocks of rows). tfjs-wasm's Slice
 * and SplitV read the whole input back (a copy) for every part, O(P²); this copies each block once.
 * Its gradient is one Concat.
 */
export const SPLIT_ROWS = 'TinyFlanSplitRows';

/** The stacked AdamW kernel's attrs: the lone kernel's (decays: one per parameter), with a clip scale per model as input. */
export type StackedAdamWAttrs = AdamWAttrs;

let registered = false;

export function registerStackedKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(STACKED_LN, JS_BACKENDS, ({ inputs, backend }) => {
    const { x, gain, bias } = inputs as Record<string, tf.TensorInfo>;
    const [K, C] = gain.shape;
    return runOnArrays(backend, [x, gain, bias], [x.shape], ([X, G, B], [y]) => layerNormForwardJS(X, G, B, y, C, K))[0];
  });
  registerOn(STACKED_LN_GRAD, JS_BACKENDS, ({ inputs, backend }) => {
    const { dy, x, gain } = inputs as Record<string, tf.TensorInfo>;
    const [K, C] = gain.shape;
    return runOnArrays(backend, [dy, x, gain], [x.shape, gain.shape, gain.shape], ([DY, X, G], [dx, dg, db]) =>
      layerNormBackwardJS(DY, X, G, dx, dg, db, C, K),
    );
  });
  if (!tf.getGradient(STACKED_LN)) {
    tf.registerGradient({
      kernelName: STACKED_LN,
      inputsToSave: ['x', 'gain'],
      gradFunc: (dy, saved) => {
        const [x, gain] = saved;
        const [dx, dgain, dbias] = tf.engine().runKernel(STACKED_LN_GRAD, { dy: dy as tf.Tensor, x, gain }) as tf.Tensor[];
        return { x: () => dx, gain: () => dgain, bias: () => dbias };
      },
    });
  }
  registerOn(SPLIT_ROWS, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const parts = (attrs as unknown as { parts: number }).parts;
    const shape = [x.shape[0] / parts, ...x.shape.slice(1)];
    return runOnArrays(
      backend,
      [x],
      Array.from({ length: parts }, () => shape),
      ([X], outs) => {
        const n = X.length / parts;
        outs.forEach((o, k) => o.set(X.subarray(k * n, (k + 1) * n)));
      },
    );
  });
  if (!tf.getGradient(SPLIT_ROWS)) {
    // one part (K = 1) comes back as a lone tensor, not a list
    tf.registerGradient({ kernelName: SPLIT_ROWS, gradFunc: (dys) => ({ x: () => (Array.isArray(dys) ? tf.concat(dys, 0) : dys) }) });
  }
  // Per model k: norm_k = ||(g0[k], g1[k], ...)||, scale_k = min(1, maxNorm / (norm_k + 1e-6)). → [norms [K], scales [K]]
  registerOn(STACKED_GRAD_NORM, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const list = Object.keys(inputs)
      .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
      .map((k) => inputs[k] as tf.TensorInfo);
    const K = list[0].shape[0];
    const maxNorm = (attrs as unknown as { maxNorm: number }).maxNorm;
    return runOnArrays(backend, list, [[K], [K]], (gs, [norms, scales]) => gradNormsJS(gs, maxNorm, norms, scales));
  });
  // inputs {scales [K], p0, m0, v0, g0, p1, ...}; outputs [p0', m0', v0', ...]; as kernels/adamw.ts with a scale per model.
  registerOn(STACKED_ADAMW, JS_BACKENDS, ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as StackedAdamWAttrs;
    const ins = inputs as Record<string, tf.TensorInfo>;
    const groups = a.decays.map((_, k) => ['p', 'm', 'v', 'g'].map((x) => ins[`${x}${k}`]));
    const shapes = groups.flatMap(([p]) => [p.shape, p.shape, p.shape]);
    return runOnArrays(backend, [ins.scales, ...groups.flat()], shapes, ([S, ...arrs], outs) => {
      const K = S.length;
      for (let j = 0; j < groups.length; j++) {
        const [p, m, v, g] = arrs.slice(4 * j, 4 * j + 4);
        const [p2, m2, v2] = outs.slice(3 * j, 3 * j + 3);
        const n = p.length / K;
        for (let k = 0; k < K; k++) adamwJS(a, a.decays[j], p, m, v, g, S[k], p2, m2, v2, k * n, (k + 1) * n);
      }
    });
  });
  // webgpu: the lone model's WGSL programs, with gains and clip scales per model (kernels/*.webgpu.ts)
  registerLayerNormWebGPU(STACKED_LN, STACKED_LN_GRAD);
  registerAdamWWebGPU(STACKED_GRAD_NORM, STACKED_ADAMW, true);
}

// ---------------------------------------------------------------------------------------------
// Stacked ops. Activations [K*N, ...]; parameters [K, ...].

/**
 * Each model's slice of a stacked parameter [K, ...shape] → K tensors [...shape]. Sliced from the flat
 * view: tfjs-wasm's _FusedMatMul checks the bias's rank as allocated, so a reshaped [1, out] slice fails.
 */
function rows<T extends tf.Tensor>(p: tf.Tensor): T[] {
  const shape = p.shape.slice(1);
  // K = 1 too is copied: a reshape alone keeps the [1, ...] allocation (the rank check above)
  return splitRows(tf.reshape(p, [p.size]), p.shape[0], { copy: true }).map((t) => tf.reshape(t, shape) as T);
}

/**
 * x [parts*n, ...] → parts tensors [n, ...]: one kernel on cpu/wasm (SPLIT_ROWS), tf.split elsewhere. One part is
 * x itself, unless `copy` asks for a fresh allocation where the kernel makes one (cpu/wasm: the rank check above).
 */
export function splitRows(x: tf.Tensor, parts: number, opts: { copy?: boolean } = {}): tf.Tensor[] {
  registerStackedKernels();
  if (parts === 1 && !(opts.copy && hasKernel(SPLIT_ROWS))) return [x];
  if (hasKernel(SPLIT_ROWS)) return tf.engine().runKernel(SPLIT_ROWS, { x }, { parts } as never) as unknown as tf.Tensor[];
  return tf.split(x, parts, 0);
}

let matMulMode: 'auto' | 'per-model' | 'batched' = 'auto';

/** How stacked matmuls run: per model (unbatched; the default on wasm) or one batched MatMul (the default elsewhere). */
export function setStackedMatMulMode(mode: 'auto' | 'per-model' | 'batched'): void {
  matMulMode = mode;
}

/** Blocks of rows → one tensor (tf.concat on axis 0, whose gradient is splitRows, not tf.split). */
export function concatRows(xs: tf.Tensor[]): tf.Tensor {
  if (xs.length === 1) return xs[0];
  const f = tf.customGrad(((...args: unknown[]) => {
    const parts = args.slice(0, -1) as tf.Tensor[];
    return { value: tf.concat(parts, 0), gradFunc: (dy: tf.Tensor) => splitRows(dy, parts.length) };
  }) as never) as (...parts: tf.Tensor[]) => tf.Tensor;
  return f(...xs);
}

/** Whether matmuls run per model (wasm: batched MatMul is slow there) or batched over K. */
function perModelMatMuls(): boolean {
  return matMulMode === 'auto' ? tf.getBackend() === 'wasm' : matMulMode === 'per-model';
}

/** LayerNorm over the last axis with per-model gain/bias. x [K*N, C], gain/bias [K, C] */
export function stackedLayerNorm(x: tf.Tensor2D, gain: tf.Tensor2D, bias: tf.Tensor2D): tf.Tensor2D {
  registerStackedKernels();
  if (hasKernel(STACKED_LN)) return tf.engine().runKernel(STACKED_LN, { x, gain, bias }) as tf.Tensor2D;
  const [K, C] = gain.shape;
  const x3 = tf.reshape(x, [K, -1, C]);
  const { mean, variance } = tf.moments(x3, -1, true);
  const y = tf.add(tf.mul(tf.mul(tf.sub(x3, mean), tf.rsqrt(tf.add(variance, LN_EPS))), tf.reshape(gain, [K, 1, C])), tf.reshape(bias, [K, 1, C]));
  return tf.reshape(y, x.shape) as tf.Tensor2D;
}

/** Per model: residual + x @ W + b. x [K*N, in], w [K, in, out], b [K, out], r [K*N, out] → [K*N, out] */
export function stackedLinear(x: tf.Tensor2D, w: tf.Tensor3D, b: tf.Tensor2D, residual?: tf.Tensor2D): tf.Tensor2D {
  const [K, nIn, nOut] = w.shape;
  if (perModelMatMuls()) {
    const xs = splitRows(x, K) as tf.Tensor2D[];
    const ws = rows<tf.Tensor2D>(w);
    const bs = rows<tf.Tensor1D>(b);
    const rs = residual ? (splitRows(residual, K) as tf.Tensor2D[]) : undefined;
    return concatRows(xs.map((xk, k) => linear(xk, ws[k], bs[k], rs?.[k]))) as tf.Tensor2D;
  }
  const y = tf.add(tf.matMul(tf.reshape(x, [K, -1, nIn]) as tf.Tensor3D, w), tf.reshape(b, [K, 1, nOut]));
  const flat = tf.reshape(y, [-1, nOut]) as tf.Tensor2D;
  return residual ? tf.add(residual, flat) : flat;
}

/** Per model: x @ table^T (the tied head). x [K*N, C], table [K, V, C] → [K*N, V] */
export function stackedTiedHead(x: tf.Tensor2D, table: tf.Tensor3D): tf.Tensor2D {
  const [K, V, C] = table.shape;
  if (perModelMatMuls()) {
    const xs = splitRows(x, K) as tf.Tensor2D[];
    const ts = rows<tf.Tensor2D>(table);
    return concatRows(xs.map((xk, k) => tiedHead(xk, ts[k]))) as tf.Tensor2D;
  }
  return tf.reshape(tf.matMul(tf.reshape(x, [K, -1, C]) as tf.Tensor3D, table, false, true), [-1, V]) as tf.Tensor2D;
}

/**
 * Per model: rows of table[k] picked by ids[k]. ids [K*N] int32 (each model's own ids, 0..V-1),
 * table [K, V, C] → [K*N, C]. One gather on the flat [K*V, C] table; gradient one-hot^T @ dy per model.
 */
export function stackedEmbedding(ids: Int32Array, table: tf.Tensor3D): tf.Tensor2D {
  const [K, V, C] = table.shape;
  const N = ids.length / K;
  const offset = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) offset[i] = ids[i] + Math.floor(i / N) * V;
  const flatIds = tf.tensor1d(offset, 'int32');
  const localIds = tf.tensor1d(ids, 'int32');
  const f = tf.customGrad(((t: tf.Tensor, save: tf.GradSaveFunc) => {
    save([localIds]);
    return {
      value: tf.gather(tf.reshape(t, [K * V, C]), flatIds),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const hot = oneHotFloat(saved[0] as tf.Tensor1D, V); // [K*N, V]
        if (perModelMatMuls()) {
          const hs = splitRows(hot, K) as tf.Tensor2D[];
          const ds = splitRows(dy, K) as tf.Tensor2D[];
          return tf.stack(hs.map((h, k) => matMulAT(h, ds[k])));
        }
        return tf.matMul(tf.reshape(hot, [K, N, V]) as tf.Tensor3D, tf.reshape(dy, [K, N, C]) as tf.Tensor3D, true, false);
      },
    };
  }) as never) as (t: tf.Tensor3D) => tf.Tensor2D;
  return f(table);
}

// ---------------------------------------------------------------------------------------------
// The model.

export class StackedGPT {
  readonly config: ModelConfig;
  readonly K: number;
  /** Parameters by checkpoint name, each [K, ...shape]. */
  readonly params: Map<string, tf.Variable>;

  constructor(config: ModelConfig, weights: readonly WeightMap[]) {
    validateConfig(config);
    if (weights.length === 0) throw new Error('StackedGPT: no models');
    this.config = config;
    this.K = weights.length;
    this.params = new Map();
    for (const [name, shape] of parameterShapes(config)) {
      const size = shape.reduce((a, b) => a * b, 1);
      const data = new Float32Array(this.K * size);
      weights.forEach((w, k) => {
        const one = w.get(name);
        if (!one) throw new Error(`Missing weight "${name}" of model ${k}`);
        if (one.shape.join(',') !== shape.join(',')) throw new Error(`Weight "${name}" of model ${k} has shape [${one.shape}] but the config needs [${shape}]`);
        data.set(one.data, k * size);
      });
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(data, [this.K, ...shape], 'float32'), true, `${name}#stacked${nextStackId}`)),
      );
    }
    nextStackId++;
  }

  /** K fresh models, model k initialised exactly as GPT.create(config, seeds[k]). */
  static create(config: ModelConfig, seeds: readonly number[]): StackedGPT {
    return new StackedGPT(
      config,
      seeds.map((s) => initWeights(config, s)),
    );
  }

  private p<T extends tf.Tensor>(name: string): T {
    const v = this.params.get(name);
    if (!v) throw new Error(`No parameter ${name}`);
    return v as unknown as T;
  }

  /** Logits of every model's batch, stacked. batches: one per model, all [B, T] → [K*B*T, V] */
  forward(batches: readonly Batch[]): tf.Tensor2D {
    const { nLayer, nHead } = this.config;
    const K = this.K;
    if (batches.length !== K) throw new Error(`StackedGPT: ${batches.length} batches for ${K} models`);
    const { B, T } = batches[0];
    if (batches.some((b) => b.B !== B || b.T !== T)) throw new Error("StackedGPT: every model's batch must have one shape");
    const cat = (f: (b: Batch) => Int32Array) => {
      const out = new Int32Array(K * B * T);
      batches.forEach((b, k) => out.set(f(b), k * B * T));
      return out;
    };
    const maskData = new Float32Array(K * B * T * T);
    batches.forEach((b, k) => maskData.set(attentionMaskData(b.segments, B, T), k * B * T * T));
    const mask = tf.tensor4d(maskData, [K * B, 1, T, T]);
    const wte = this.p<tf.Tensor3D>('transformer.wte.weight');
    let x = tf.add(
      stackedEmbedding(
        cat((b) => b.tokens),
        wte,
      ),
      stackedEmbedding(
        cat((b) => b.positions),
        this.p('transformer.wpe.weight'),
      ),
    ) as tf.Tensor2D;
    for (let i = 0; i < nLayer; i++) {
      const h = `transformer.h.${i}`;
      const a = stackedLayerNorm(x, this.p(`${h}.ln_1.weight`), this.p(`${h}.ln_1.bias`));
      const qkv = stackedLinear(a, this.p(`${h}.attn.c_attn.weight`), this.p(`${h}.attn.c_attn.bias`));
      const y = attention(qkv, mask, nHead); // K*B independent sequences
      x = stackedLinear(y, this.p(`${h}.attn.c_proj.weight`), this.p(`${h}.attn.c_proj.bias`), x);
      const m = stackedLayerNorm(x, this.p(`${h}.ln_2.weight`), this.p(`${h}.ln_2.bias`));
      const f = gelu(stackedLinear(m, this.p(`${h}.mlp.c_fc.weight`), this.p(`${h}.mlp.c_fc.bias`)));
      x = stackedLinear(f, this.p(`${h}.mlp.c_proj.weight`), this.p(`${h}.mlp.c_proj.bias`), x);
    }
    x = stackedLayerNorm(x, this.p('transformer.ln_f.weight'), this.p('transformer.ln_f.bias'));
    return stackedTiedHead(x, wte);
  }

  /**
   * Each model's weighted mean cross-entropy on its own batch, [K], and their sum (what is
   * differentiated: the models are independent, so d(sum)/d(model k) is model k's own gradient).
   */
  losses(batches: readonly Batch[]): { total: tf.Scalar; perModel: tf.Tensor1D } {
    return tf.tidy(() => {
      const K = this.K;
      const N = batches[0].B * batches[0].T;
      const logits = this.forward(batches);
      const targets = new Int32Array(K * N);
      const weights = new Float32Array(K * N);
      const scales = new Float32Array(K);
      batches.forEach((b, k) => {
        targets.set(b.targets, k * N);
        weights.set(b.weights, k * N);
        let total = 0;
        for (let i = 0; i < b.weights.length; i++) total += b.weights[i];
        scales[k] = -1 / Math.max(total, 1);
      });
      const lp = tf.reshape(GPT.targetLogProbs(logits, tf.tensor1d(targets, 'int32')), [K, N]);
      const perModel = tf.mul(tf.sum(tf.mul(lp, tf.tensor2d(weights, [K, N])), 1), tf.tensor1d(scales)) as tf.Tensor1D;
      return { total: tf.sum(perModel) as tf.Scalar, perModel };
    });
  }

  /** Model k's weights copied to the host, as GPT.exportWeights would give them. */
  async exportWeights(k: number): Promise<WeightMap> {
    const out: WeightMap = new Map();
    for (const [name, v] of this.params) {
      const shape = v.shape.slice(1);
      const size = shape.reduce((a, b) => a * b, 1);
      const all = (await v.data()) as Float32Array;
      out.set(name, { shape, data: all.slice(k * size, (k + 1) * size) });
    }
    return out;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

let nextStackId = 0;

// ---------------------------------------------------------------------------------------------
// The optimizer: per-model global-norm clipping, then AdamW; one step counter (the models step together).

export class StackedAdamW extends AdamWMoments {
  /** Clips each model's gradients to its own global norm, then updates. Returns the norms before clipping, [K]. */
  apply(params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): tf.Tensor1D {
    registerStackedKernels();
    this.step++;
    const { beta1, beta2, eps, weightDecay, maxGradNorm } = this.cfg;
    const bc2 = Math.sqrt(1 - beta2 ** this.step);
    const stepSize = lr / (1 - beta1 ** this.step);
    const names = [...params.keys()];
    // A [K, ...] parameter is a matrix per model when its rank is >= 3 (weight decay: MODEL.md, tensors with >= 2 dims).
    const decays = names.map((n) => (params.get(n)!.rank >= 3 && weightDecay > 0 ? 1 - lr * weightDecay : 1));
    return tf.tidy(() => {
      if (hasKernel(STACKED_ADAMW) && !this.unfused) {
        const gi: Record<string, tf.Tensor> = {};
        names.forEach((n, i) => (gi[`g${i}`] = grads[n]));
        const [norms, scales] = tf.engine().runKernel(STACKED_GRAD_NORM, gi, { maxNorm: maxGradNorm } as never) as tf.Tensor[];
        const inputs: Record<string, tf.Tensor> = { scales };
        names.forEach((n, j) =>
          Object.assign(inputs, { [`p${j}`]: params.get(n)!, [`m${j}`]: this.m.get(n)!, [`v${j}`]: this.v.get(n)!, [`g${j}`]: grads[n] }),
        );
        const outs = tf.engine().runKernel(STACKED_ADAMW, inputs, { beta1, beta2, eps, decays, bc2, stepSize } as never) as tf.Tensor[];
        names.forEach((n, j) => {
          this.m.get(n)!.assign(outs[3 * j + 1]);
          this.v.get(n)!.assign(outs[3 * j + 2]);
          params.get(n)!.assign(outs[3 * j]);
        });
        return tf.keep(norms) as tf.Tensor1D;
      }
      const K = params.get(names[0])!.shape[0];
      let sq: tf.Tensor = tf.zeros([K]);
      for (const n of names) sq = tf.add(sq, tf.sum(tf.square(tf.reshape(grads[n], [K, -1])), 1));
      const norms = tf.sqrt(sq);
      const scales = tf.minimum(1, tf.div(maxGradNorm, tf.add(norms, 1e-6)));
      names.forEach((n, j) => {
        const p = params.get(n)!;
        const g = tf.mul(grads[n], tf.reshape(scales, [K, ...p.shape.slice(1).map(() => 1)]));
        const m = this.m.get(n)!;
        const v = this.v.get(n)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const decayed = decays[j] !== 1 ? tf.mul(p, decays[j]) : p;
        p.assign(tf.sub(decayed, tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), bc2), eps)), stepSize)));
      });
      return tf.keep(norms) as tf.Tensor1D;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Training: trainer.ts's loop over K models at once (one schedule: a stack shares steps and lr).

export interface StackedTrainOptions {
  steps: number;
  lr: number;
  warmupSteps?: number;
  readEvery?: number;
  optimizer?: Partial<AdamWConfig>;
  adamw?: StackedAdamW;
  signal?: AbortSignal;
  gate?: () => Promise<void>;
  onStep?: (e: StackedStepEvent) => void;
}

export interface StackedStepEvent {
  step: number;
  totalSteps: number;
  /** Per model. */
  losses: number[];
  gradNorms: number[];
  lr: number;
  /** Tokens per second of all K models together. */
  tokensPerSec: number;
  etaSec: number;
}

export interface StackedTrainResult {
  steps: number;
  /** Per model: the losses read back. */
  losses: { step: number; loss: number }[][];
  /** All K models together. */
  tokensPerSec: number;
  wallTimeSec: number;
  optimizer: StackedAdamW;
}

/** Trains the stack; nextBatches() returns one batch per model (model k's stream, as training it alone). */
export async function trainStacked(model: StackedGPT, nextBatches: () => Batch[], opts: StackedTrainOptions): Promise<StackedTrainResult> {
  const optimizer = opts.adamw ?? new StackedAdamW(model.params, opts.optimizer);
  const loop: LoopModel<Batch[]> = {
    params: model.params,
    optimizer,
    ownsOptimizer: !opts.adamw,
    nextBatch: nextBatches,
    tokensOf: (batches) => batches.reduce((s, b) => s + b.B * b.T, 0),
    loss: (batches) => {
      const r = model.losses(batches);
      return { total: r.total, reported: r.perModel };
    },
  };
  const r = await trainingLoop(loop, opts, (e) =>
    opts.onStep?.({
      step: e.step,
      totalSteps: opts.steps,
      losses: Array.from(e.losses),
      gradNorms: Array.from(e.gradNorms),
      lr: e.lr,
      tokensPerSec: e.tokensPerSec,
      etaSec: e.etaSec,
    }),
  );
  const losses = Array.from({ length: model.K }, (_, k) => r.losses[k] ?? []);
  return { steps: r.steps, losses, tokensPerSec: r.tokensPerSec, wallTimeSec: r.wallTimeSec, optimizer };
}
