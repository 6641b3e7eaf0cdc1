/**
 * WGSL causal attention (the math is attention-math.ts; the JS kernels are in ../attention.ts).
 * Inputs are the packed qkv [B*T, 3C] (q | k | v, heads side by side) and the additive mask
 * [B, 1, T, T]; keys with mask ≤ -1e8 are skipped, so their probability is exactly 0 as on wasm.
 * Forward, two programs: probabilities [B, H, T, T] (one invocation per query row: scores, max,
 * exp, normalise, in place in its output row), then y [B*T, C] (one invocation per element).
 * Backward, two programs: dS = P * (dP - rowsum(P * dP)) * scale [B, H, T, T] (per query row),
 * then the packed dqkv [B*T, 3C] (one invocation per element: dq = dS k, dk = dS^T q, dv = P^T dy).
 */
import type * as tf from '@tensorflow/tfjs';
import type { AttentionDims } from '../attention-math';
import { registerOn, runProgram } from './common';

/** WGSL constants for one shape (also the shader-key suffix). */
function consts(d: AttentionDims): { key: string; code: string } {
  const C = d.H * d.hs;
  return {
    key: `${d.B}_${d.T}_${d.H}_${d.hs}`,
    code: `
const B = ${d.B};
const T = ${d.T};
const H = ${d.H};
const HS = ${d.hs};
const C = ${C};
const LD = ${3 * C};
const SCALE = ${1 / Math.sqrt(d.hs)};
const MASKED = -1e8;`,
  };
}

const probsCode = (k: string) => `${k}
fn main(index : i32) {
  if (index >= B * H * T) { return; }
  let i = index % T;
  let h = (index / T) % H;
  let b = index / (T * H);
  let qOff = (b * T + i) * LD + h * HS;
  let mOff = (b * T + i) * T;
  let pOff = index * T;
  var mx = -3.4e38;
  for (var j = 0; j < T; j++) {
    let m = M[mOff + j];
    var s = 0.0;
    if (m > MASKED) {
      let kOff = (b * T + j) * LD + C + h * HS;
      var acc = 0.0;
      for (var c = 0; c < HS; c++) { acc += QKV[qOff + c] * QKV[kOff + c]; }
      s = acc * SCALE + m;
      mx = max(mx, s);
    }
    result[pOff + j] = s;
  }
  var sum = 0.0;
  for (var j = 0; j < T; j++) {
    var e = 0.0;
    if (M[mOff + j] > MASKED) { e = exp(result[pOff + j] - mx); }
    result[pOff + j] = e;
    sum += e;
  }
  for (var j = 0; j < T; j++) { result[pOff + j] = result[pOff + j] / sum; }
}`;

const yCode = (k: string) => `${k}
fn main(index : i32) {
  if (index >= B * T * C) { return; }
  let n = index / C;
  let col = index % C;
  let b = n / T;
  let i = n % T;
  let h = col / HS;
  let pOff = ((b * H + h) * T + i) * T;
  var acc = 0.0;
  for (var j = 0; j < T; j++) {
    let p = P[pOff + j];
    if (p != 0.0) { acc += p * QKV[(b * T + j) * LD + 2 * C + col]; }
  }
  result[index] = acc;
}`;

const dsCode = (k: string) => `${k}
fn main(index : i32) {
  if (index >= B * H * T) { return; }
  let i = index % T;
  let h = (index / T) % H;
  let b = index / (T * H);
  let yOff = (b * T + i) * C + h * HS;
  let pOff = index * T;
  var dot = 0.0;
  for (var j = 0; j < T; j++) {
    let p = P[pOff + j];
    var dp = 0.0;
    if (p != 0.0) {
      let vOff = (b * T + j) * LD + 2 * C + h * HS;
      for (var c = 0; c < HS; c++) { dp += DY[yOff + c] * QKV[vOff + c]; }
    }
    result[pOff + j] = dp;
    dot += p * dp;
  }
  for (var j = 0; j < T; j++) { result[pOff + j] = P[pOff + j] * (result[pOff + j] - dot) * SCALE; }
}`;

const dqkvCode = (k: string) => `${k}
fn main(index : i32) {
  if (index >= B * T * LD) { return; }
  let n = index / LD;
  let part = (index % LD) / C;
  let col = index % C;
  let h = col / HS;
  let b = n / T;
  let t = n % T;
  let base = (b * H + h) * T * T;
  var acc = 0.0;
  if (part == 0) {
    for (var j = 0; j < T; j++) { acc += DS[base + t * T + j] * QKV[(b * T + j) * LD + C + col]; }
  } else if (part == 1) {
    for (var i = 0; i < T; i++) { acc += DS[base + i * T + t] * QKV[(b * T + i) * LD + col]; }
  } else {
    for (var i = 0; i < T; i++) { acc += P[base + i * T + t] * DY[(b * T + i) * C + col]; }
  }
  result[index] = acc;
}`;

export function registerAttentionWebGPU(fwd: string, bwd: string): void {
  registerOn(fwd, ['webgpu'], ({ inputs, backend, attrs }) => {
    const { qkv, mask } = inputs as Record<string, tf.TensorInfo>;
    const d = attrs as unknown as AttentionDims;
    const k = consts(d);
    const probs = runProgram(
      backend,
      { key: `attn_p_${k.key}`, inputs: ['QKV', 'M'], outShape: [d.B, d.H, d.T, d.T], threads: d.B * d.H * d.T, code: probsCode(k.code) },
      [qkv, mask],
    );
    const y = runProgram(
      backend,
      { key: `attn_y_${k.key}`, inputs: ['QKV', 'P'], outShape: [d.B * d.T, d.H * d.hs], threads: d.B * d.T * d.H * d.hs, code: yCode(k.code) },
      [qkv, probs],
    );
    return [y, probs];
  });
  registerOn(bwd, ['webgpu'], ({ inputs, backend, attrs }) => {
    const { dy, qkv, att } = inputs as Record<string, tf.TensorInfo>;
    const d = attrs as unknown as AttentionDims;
    const k = consts(d);
    const ds = runProgram(
      backend,
      { key: `attn_ds_${k.key}`, inputs: ['DY', 'QKV', 'P'], outShape: [d.B, d.H, d.T, d.T], threads: d.B * d.H * d.T, code: dsCode(k.code) },
      [dy, qkv, att],
    );
    const g = runProgram(
      backend,
      { key: `attn_dqkv_${k.key}`, inputs: ['DY', 'QKV', 'P', 'DS'], outShape: qkv.shape, threads: qkv.shape[0] * qkv.shape[1], code: dqkvCode(k.code) },
      [dy, qkv, att, ds],
    );
    (backend as unknown as { disposeData(id: object): void }).disposeData(ds.dataId);
    return g;
  });
}
