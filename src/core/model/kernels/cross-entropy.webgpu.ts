/**
 * WGSL cross-entropy (see cross-entropy.ts for the math).
 * Forward: one workgroup of 64 invocations per row (rows are the vocabulary, ~1K wide), each
 * invocation strides over the row; max and sum of exponentials are reduced in workgroup memory.
 * Backward: the same row program writes max + log-sum-exp per row, then an elementwise program
 * writes dy * (onehot - softmax) without re-reducing.
 */
import type * as tf from '@tensorflow/tfjs';
import { registerOn, runProgram } from './common';

const WG = 64;

/** Row reduction: after it, `shift` = max + log(sum exp(x - max)) of row `row` (all invocations). */
const rowShift = (V: number) => `
var<workgroup> red : array<f32, ${WG}>;
fn reduceMax(tid : i32, x : f32) -> f32 {
  red[tid] = x;
  workgroupBarrier();
  for (var w = ${WG / 2}; w > 0; w = w / 2) {
    if (tid < w) { red[tid] = max(red[tid], red[tid + w]); }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn reduceSum(tid : i32, x : f32) -> f32 {
  red[tid] = x;
  workgroupBarrier();
  for (var w = ${WG / 2}; w > 0; w = w / 2) {
    if (tid < w) { red[tid] = red[tid] + red[tid + w]; }
    workgroupBarrier();
  }
  let r = red[0];
  workgroupBarrier();
  return r;
}
fn rowShift(row : i32, tid : i32) -> f32 {
  let off = row * ${V};
  var m = -3.4e38;
  for (var v = tid; v < ${V}; v += ${WG}) { m = max(m, L[off + v]); }
  let mx = reduceMax(tid, m);
  var s = 0.0;
  for (var v = tid; v < ${V}; v += ${WG}) { s += exp(L[off + v] - mx); }
  return mx + log(reduceSum(tid, s));
}`;

const forwardCode = (V: number) => `${rowShift(V)}
fn main(index : i32) {
  let row = index / ${WG};
  let tid = index % ${WG};
  let shift = rowShift(row, tid);
  if (tid == 0) { result[row] = L[row * ${V} + Tg[row]] - shift; }
}`;

const shiftCode = (V: number) => `${rowShift(V)}
fn main(index : i32) {
  let row = index / ${WG};
  let tid = index % ${WG};
  let shift = rowShift(row, tid);
  if (tid == 0) { result[row] = shift; }
}`;

const gradCode = (N: number, V: number) => `
fn main(index : i32) {
  if (index >= ${N * V}) { return; }
  let row = index / ${V};
  let col = index % ${V};
  let onehot = select(0.0, 1.0, Tg[row] == col);
  result[index] = DY[row] * (onehot - exp(L[index] - S[row]));
}`;

export function registerCrossEntropyWebGPU(fwd: string, bwd: string): void {
  registerOn(fwd, ['webgpu'], ({ inputs, backend }) => {
    const { logits, targets } = inputs as Record<string, tf.TensorInfo>;
    const [N, V] = logits.shape;
    return runProgram(backend, { key: `ce_fwd_${N}_${V}`, inputs: ['L', 'Tg'], outShape: [N], threads: N * WG, workgroup: WG, code: forwardCode(V) }, [
      logits,
      targets,
    ]);
  });
  registerOn(bwd, ['webgpu'], ({ inputs, backend }) => {
    const { dy, logits, targets } = inputs as Record<string, tf.TensorInfo>;
    const [N, V] = logits.shape;
    const shift = runProgram(backend, { key: `ce_shift_${N}_${V}`, inputs: ['L'], outShape: [N], threads: N * WG, workgroup: WG, code: shiftCode(V) }, [
      logits,
    ]);
    const out = runProgram(
      backend,
      { key: `ce_grad_${N}_${V}`, inputs: ['DY', 'L', 'Tg', 'S'], outShape: [N, V], threads: N * V, workgroup: 64, code: gradCode(N, V) },
      [dy, logits, targets, shift],
    );
    (backend as unknown as { disposeData(id: object): void }).disposeData(shift.dataId);
    return out;
  });
}
