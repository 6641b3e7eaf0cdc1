/**
 * GPT: a decoder-only transformer in tfjs, named as in nanoGPT / GPT-2 (see docs/MODEL.md).
 * Parameters live in tf.Variables keyed by their checkpoint names.
 */
import * as tf from '@tensorflow/tfjs';
import { type ModelConfig, parameterShapes, validateConfig } from './config';
import { initWeights, type WeightMap } from './init';
import { attention } from './attention';
import { attentionMaskData, embedding, gelu, layerNorm, linear, oneHotFloat, tiedHead } from './ops';
import { hasKernel } from './kernels/common';
import { registerCrossEntropyKernels, TARGET_LOGP, targetLogProbsFused } from './kernels/cross-entropy';

/** One fixed-shape batch. All arrays are row-major [B, T]. */
export interface Batch {
  B: number;
  T: number;
  tokens: Int32Array;
  /** Position of each token inside its own packed example (restarts at 0). */
  positions: Int32Array;
  /** Packed-example id per token; attention never crosses segments. */
  segments: Int32Array;
  /** Next-token targets (ignored where weight is 0). */
  targets: Int32Array;
  /** Loss weight per position: 1 on tokens that count, 0 on prompts (when tuning) and padding. */
  weights: Float32Array;
}

export class GPT {
  readonly config: ModelConfig;
  readonly params: Map<string, tf.Variable>;

  constructor(config: ModelConfig, weights: WeightMap) {
    validateConfig(config);
    this.config = config;
    this.params = new Map();
    for (const [name, shape] of parameterShapes(config)) {
      const w = weights.get(name);
      if (!w) throw new Error(`Missing weight "${name}"`);
      if (w.shape.join(',') !== shape.join(',')) {
        throw new Error(`Weight "${name}" has shape [${w.shape}] but the config needs [${shape}]`);
      }
      this.params.set(
        name,
        tf.tidy(() => tf.variable(tf.tensor(w.data, shape, 'float32'), true, `${name}#${nextModelId}`)),
      );
    }
    nextModelId++;
  }

  static create(config: ModelConfig, seed: number): GPT {
    return new GPT(config, initWeights(config, seed));
  }

  private p<T extends tf.Tensor>(name: string): T {
    const v = this.params.get(name);
    if (!v) throw new Error(`No parameter ${name}`);
    return v as unknown as T;
  }

  /** Input tensors of a batch (caller disposes). */
  static batchTensors(batch: Batch) {
    const { B, T } = batch;
    return {
      tokens: tf.tensor1d(batch.tokens, 'int32'), // [B*T]
      positions: tf.tensor1d(batch.positions, 'int32'), // [B*T]
      mask: tf.tensor4d(attentionMaskData(batch.segments, B, T), [B, 1, T, T]),
    };
  }

  /** Logits for every position. → [B*T, V] */
  forward(tokens: tf.Tensor1D, positions: tf.Tensor1D, mask: tf.Tensor4D): tf.Tensor2D {
    const { nLayer, nHead } = this.config;
    const wte = this.p<tf.Tensor2D>('transformer.wte.weight');
    let x = tf.add(embedding(tokens, wte), embedding(positions, this.p('transformer.wpe.weight'))) as tf.Tensor2D; // [B*T, C]
    for (let i = 0; i < nLayer; i++) {
      const h = `transformer.h.${i}`;
      // CausalSelfAttention
      const a = layerNorm(x, this.p(`${h}.ln_1.weight`), this.p(`${h}.ln_1.bias`));
      // One projection to the packed q | k | v [B*T, 3C]; the attention kernel reads the three blocks in place.
      const qkv = linear(a, this.p(`${h}.attn.c_attn.weight`), this.p(`${h}.attn.c_attn.bias`));
      const y = attention(qkv, mask, nHead); // [B*T, C]
      x = linear(y, this.p(`${h}.attn.c_proj.weight`), this.p(`${h}.attn.c_proj.bias`), x); // x + proj(y), one kernel
      // MLP
      const m = layerNorm(x, this.p(`${h}.ln_2.weight`), this.p(`${h}.ln_2.bias`));
      const f = gelu(linear(m, this.p(`${h}.mlp.c_fc.weight`), this.p(`${h}.mlp.c_fc.bias`))); // [B*T, 4C]
      x = linear(f, this.p(`${h}.mlp.c_proj.weight`), this.p(`${h}.mlp.c_proj.bias`), x);
    }
    x = layerNorm(x, this.p('transformer.ln_f.weight'), this.p('transformer.ln_f.bias'));
    return tiedHead(x, wte); // [B*T, V], head tied to the token embedding
  }

  /** Log-probability of each target token. → [B*T] */
  static targetLogProbs(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
    registerCrossEntropyKernels();
    return hasKernel(TARGET_LOGP) ? targetLogProbsFused(logits, targets) : GPT.targetLogProbsComposite(logits, targets);
  }

  /** The same from stock ops (backends without the fused kernel; the reference in tests). */
  static targetLogProbsComposite(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
    const logp = tf.logSoftmax(logits);
    return tf.sum(tf.mul(logp, oneHotFloat(targets, logits.shape[1])), 1) as tf.Tensor1D;
  }

  /** Weighted mean cross-entropy (docs/MODEL.md). Scalar. */
  loss(batch: Batch): tf.Scalar {
    return tf.tidy(() => {
      const { tokens, positions, mask } = GPT.batchTensors(batch);
      const logits = this.forward(tokens, positions, mask);
      const lp = GPT.targetLogProbs(logits, tf.tensor1d(batch.targets, 'int32'));
      const w = tf.tensor1d(batch.weights, 'float32');
      // The weights are on the host, so their sum is too: one scale instead of sum/max/neg/div kernels.
      let total = 0;
      for (let i = 0; i < batch.weights.length; i++) total += batch.weights[i];
      return tf.mul(tf.sum(tf.mul(lp, w)), -1 / Math.max(total, 1)) as tf.Scalar;
    });
  }

  /** Current weights copied to the host (async: safe on webgpu). */
  async exportWeights(): Promise<WeightMap> {
    const out: WeightMap = new Map();
    for (const [name, v] of this.params) out.set(name, { shape: v.shape.slice(), data: (await v.data()) as Float32Array });
    return out;
  }

  async loadWeights(weights: WeightMap): Promise<void> {
    for (const [name, v] of this.params) {
      const w = weights.get(name);
      if (!w) throw new Error(`Missing weight "${name}"`);
      tf.tidy(() => v.assign(tf.tensor(w.data, v.shape, 'float32')));
    }
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
    this.params.clear();
  }
}

let nextModelId = 0;
