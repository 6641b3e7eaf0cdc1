/**
 * AdamW with decoupled weight decay and global-norm gradient clipping, matching torch.optim.AdamW and
 * torch.nn.utils.clip_grad_norm_ (docs/MODEL.md). Everything stays on the device: no readback per step.
 */
import * as tf from '@tensorflow/tfjs';
import { fusedAdamW, fusedGradNorm, registerAdamWKernels, ADAMW } from './kernels/adamw';
import { hasKernel } from './kernels/common';

export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  maxGradNorm: number;
}

export const DEFAULT_ADAMW: AdamWConfig = { beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1 };

/**
 * AdamW's state: the config, the step count and zero-initialised moments m, v per parameter (same shape).
 * Shared by AdamW here and the stacked models' StackedAdamW (src/core/train/stacked.ts).
 */
export class AdamWMoments {
  readonly cfg: AdamWConfig;
  /** Updates taken so far (t in the bias corrections). */
  step = 0;
  readonly m = new Map<string, tf.Variable>();
  readonly v = new Map<string, tf.Variable>();
  /** Use the stock-op composition even where fused kernels exist (tests compare the two). */
  unfused = false;

  constructor(params: Map<string, tf.Variable>, cfg: Partial<AdamWConfig> = {}) {
    this.cfg = { ...DEFAULT_ADAMW, ...cfg };
    for (const [name, p] of params) {
      this.m.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
      this.v.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
    }
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}

export class AdamW extends AdamWMoments {
  /**
   * Clips, then updates every parameter in place. Returns the global gradient norm before clipping
   * (a scalar tensor the caller disposes; read it only when a readback is due).
   */
  apply(params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    registerAdamWKernels();
    return hasKernel(ADAMW) && !this.unfused ? this.applyFused(params, grads, lr) : this.applyComposite(params, grads, lr);
  }

  /** Two fused kernels: the global norm, then the update of every parameter. */
  private applyFused(params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    this.step++;
    const { beta1, beta2, eps, weightDecay, maxGradNorm } = this.cfg;
    const bc2 = Math.sqrt(1 - beta2 ** this.step);
    const stepSize = lr / (1 - beta1 ** this.step);
    return tf.tidy(() => {
      const names = [...params.keys()];
      const [norm, scale] = fusedGradNorm(
        names.map((n) => grads[n]),
        maxGradNorm,
      );
      const decays = names.map((n) => (params.get(n)!.rank >= 2 && weightDecay > 0 ? 1 - lr * weightDecay : 1));
      const updated = fusedAdamW(
        names.map((n) => [params.get(n)!, this.m.get(n)!, this.v.get(n)!, grads[n]]),
        scale,
        { beta1, beta2, eps, decays, bc2, stepSize },
      );
      names.forEach((n, k) => {
        const [p2, m2, v2] = updated[k];
        this.m.get(n)!.assign(m2);
        this.v.get(n)!.assign(v2);
        params.get(n)!.assign(p2);
      });
      return tf.keep(norm);
    });
  }

  /** Stock tfjs ops (backends without the fused kernels, e.g. webgl). */
  private applyComposite(params: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): tf.Scalar {
    this.step++;
    const { beta1, beta2, eps, weightDecay, maxGradNorm } = this.cfg;
    const bc1 = 1 - beta1 ** this.step;
    const bc2 = Math.sqrt(1 - beta2 ** this.step);
    return tf.tidy(() => {
      const names = [...params.keys()];
      const norm = tf.sqrt(sumAll(names.map((n) => tf.sum(tf.square(grads[n]))))) as tf.Scalar;
      const scale = tf.minimum(1, tf.div(maxGradNorm, tf.add(norm, 1e-6)));
      for (const name of names) {
        const p = params.get(name)!;
        const g = tf.mul(grads[name], scale);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, beta1), tf.mul(g, 1 - beta1)));
        v.assign(tf.add(tf.mul(v, beta2), tf.mul(tf.square(g), 1 - beta2)));
        const decayed = p.rank >= 2 && weightDecay > 0 ? tf.mul(p, 1 - lr * weightDecay) : p;
        const update = tf.div(m, tf.add(tf.div(tf.sqrt(v), bc2), eps));
        p.assign(tf.sub(decayed, tf.mul(update, lr / bc1)));
      }
      return tf.keep(norm);
    });
  }

  /** Moments copied to the host, for checkpoints. */
  async exportState(): Promise<{ step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> }> {
    const read = async (src: Map<string, tf.Variable>) => {
      const out = new Map<string, Float32Array>();
      for (const [n, t] of src) out.set(n, (await t.data()) as Float32Array);
      return out;
    };
    return { step: this.step, m: await read(this.m), v: await read(this.v) };
  }

  loadState(state: { step: number; m: Map<string, Float32Array>; v: Map<string, Float32Array> }): void {
    this.step = state.step;
    for (const [src, dst] of [
      [state.m, this.m],
      [state.v, this.v],
    ] as const) {
      for (const [n, t] of dst) {
        const data = src.get(n);
        if (!data || data.length !== t.size) throw new Error(`Optimizer state for "${n}" is missing or misshapen`);
        tf.tidy(() => t.assign(tf.tensor(data, t.shape)));
      }
    }
  }
}

/**
 * Sum of many scalars as a tree of pairwise adds. Not tf.addN: tfjs-backend-webgpu 4.22 binds each
 * AddN input as its own storage buffer, and past the device's limit (7 by default) the pipeline is
 * invalid and the result is garbage with only a warning.
 */
function sumAll(xs: tf.Tensor[]): tf.Tensor {
  let level = xs;
  while (level.length > 1) {
    const next: tf.Tensor[] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? tf.add(level[i], level[i + 1]) : level[i]);
    level = next;
  }
  return level[0];
}
