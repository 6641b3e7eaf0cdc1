/**
 * WGSL LayerNorm (see layernorm.ts for the math). Rows are short (C ≤ a few hundred), so one
 * invocation per row walks it serially: no workgroup reductions, no barriers.
 * Backward runs four programs (each has one output): row statistics [N, 2], dx (per row), and the
 * column sums dgain, dbias (one invocation per column, walking the rows).
 * Stacked models (train/stacked.ts) use the same programs with gain and bias [K, C]: the N rows are K
 * equal blocks, block k normalised with model k's gain and bias, and dgain/dbias are [K, C] (K = 1: the lone model).
 */
import type * as tf from '@tensorflow/tfjs';
import { registerOn, runProgram } from './common';

const EPS = '1e-5';

const statsFn = (C: number) => `
fn rowStats(off : i32) -> vec2<f32> {
  var mean = 0.0;
  for (var c = 0; c < ${C}; c++) { mean += X[off + c]; }
  mean = mean / ${C}.0;
  var v = 0.0;
  for (var c = 0; c < ${C}; c++) { let d = X[off + c] - mean; v += d * d; }
  return vec2<f32>(mean, inverseSqrt(v / ${C}.0 + ${EPS}));
}`;

const forwardCode = (N: number, C: number, K: number) => `${statsFn(C)}
fn main(index : i32) {
  if (index >= ${N}) { return; }
  let off = index * ${C};
  let g0 = (index / ${N / K}) * ${C};
  let s = rowStats(off);
  for (var c = 0; c < ${C}; c++) { result[off + c] = (X[off + c] - s.x) * s.y * Gain[g0 + c] + Bias[g0 + c]; }
}`;

const statsCode = (N: number, C: number) => `${statsFn(C)}
fn main(index : i32) {
  if (index >= ${N}) { return; }
  let s = rowStats(index * ${C});
  result[index * 2] = s.x;
  result[index * 2 + 1] = s.y;
}`;

const dxCode = (N: number, C: number, K: number) => `
fn main(index : i32) {
  if (index >= ${N}) { return; }
  let off = index * ${C};
  let g0 = (index / ${N / K}) * ${C};
  let mean = S[index * 2];
  let rstd = S[index * 2 + 1];
  var a = 0.0;
  var b = 0.0;
  for (var c = 0; c < ${C}; c++) {
    let g = DY[off + c] * Gain[g0 + c];
    a += g;
    b += g * (X[off + c] - mean) * rstd;
  }
  a = a / ${C}.0;
  b = b / ${C}.0;
  for (var c = 0; c < ${C}; c++) {
    let xhat = (X[off + c] - mean) * rstd;
    result[off + c] = rstd * (DY[off + c] * Gain[g0 + c] - a - xhat * b);
  }
}`;

const colSumCode = (N: number, C: number, K: number, withXhat: boolean) => `
fn main(index : i32) {
  if (index >= ${K * C}) { return; }
  let k = index / ${C};
  let col = index % ${C};
  var acc = 0.0;
  for (var n = k * ${N / K}; n < (k + 1) * ${N / K}; n++) {
    let i = n * ${C} + col;
    acc += DY[i]${withXhat ? ' * (X[i] - S[n * 2]) * S[n * 2 + 1]' : ''};
  }
  result[index] = acc;
}`;

/** Models in a stack: gain [K, C] (stacked) or [C] (one model). */
const modelsOf = (gain: tf.TensorInfo) => (gain.shape.length === 2 ? gain.shape[0] : 1);

export function registerLayerNormWebGPU(fwd: string, bwd: string): void {
  registerOn(fwd, ['webgpu'], ({ inputs, backend }) => {
    const { x, gain, bias } = inputs as Record<string, tf.TensorInfo>;
    const C = x.shape[x.shape.length - 1];
    const N = x.shape.reduce((a, b) => a * b, 1) / C;
    const K = modelsOf(gain);
    return runProgram(backend, { key: `ln_fwd_${N}_${C}_${K}`, inputs: ['X', 'Gain', 'Bias'], outShape: x.shape, threads: N, code: forwardCode(N, C, K) }, [
      x,
      gain,
      bias,
    ]);
  });
  registerOn(bwd, ['webgpu'], ({ inputs, backend }) => {
    const { dy, x, gain } = inputs as Record<string, tf.TensorInfo>;
    const C = x.shape[x.shape.length - 1];
    const N = x.shape.reduce((a, b) => a * b, 1) / C;
    const K = modelsOf(gain);
    const stats = runProgram(backend, { key: `ln_stats_${N}_${C}`, inputs: ['X'], outShape: [N, 2], threads: N, code: statsCode(N, C) }, [x]);
    const dx = runProgram(backend, { key: `ln_dx_${N}_${C}_${K}`, inputs: ['DY', 'X', 'Gain', 'S'], outShape: x.shape, threads: N, code: dxCode(N, C, K) }, [
      dy,
      x,
      gain,
      stats,
    ]);
    const dgain = runProgram(
      backend,
      { key: `ln_dgain_${N}_${C}_${K}`, inputs: ['DY', 'X', 'S'], outShape: gain.shape, threads: K * C, code: colSumCode(N, C, K, true) },
      [dy, x, stats],
    );
    const dbias = runProgram(
      backend,
      { key: `ln_dbias_${N}_${C}_${K}`, inputs: ['DY'], outShape: gain.shape, threads: K * C, code: colSumCode(N, C, K, false) },
      [dy],
    );
    (backend as unknown as { disposeData(id: object): void }).disposeData(stats.dataId);
    return [dx, dgain, dbias];
  });
}
