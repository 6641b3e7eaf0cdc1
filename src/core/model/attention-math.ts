/**
 * The arithmetic of the fused attention kernel on plain Float32Arrays (no tfjs), so it can be read
 * and tested on its own. Layout: q, k, v are rows of `ld` values (token-major, heads side by side;
 * ld = 3C when they are views into one packed [B*T, 3C] qkv activation, at offsets 0, C, 2C), and
 * so are dq, dk, dv; y and dy are [B*T, H*hs]; mask is [B, 1, T, T] additive; probabilities are
 * [B, H, T, T].
 * Keys whose mask entry is ≤ -1e8 are skipped: their softmax weight underflows to exactly 0 anyway.
 *
 * Speed (this is the hottest JS in a wasm training step): each (batch row, head) block is first
 * copied into small contiguous float64 scratch arrays [T, hs] (q, k, v, and in the backward pass dy
 * and the three gradients), so the inner loops walk short unit-stride arrays without float32
 * conversions or large offsets, and every output element is written to the big arrays once.
 */
export interface AttentionDims {
  B: number;
  T: number;
  H: number;
  hs: number;
  /** Row stride of q, k, v (and dq, dk, dv); defaults to H * hs. */
  ld?: number;
}

import { expNeg } from './kernels/fast-math';

const MASKED = -1e8;

/** Copies head h of batch row b ([T, hs] at row stride ld) into dst. */
function gather(src: Float32Array, dst: Float64Array, b: number, h: number, T: number, hs: number, ld: number): void {
  for (let t = 0; t < T; t++) {
    const s = (b * T + t) * ld + h * hs;
    const d = t * hs;
    for (let c = 0; c < hs; c++) dst[d + c] = src[s + c];
  }
}

/** Writes dst (head h of batch row b, row stride ld) from src [T, hs]. */
function scatter(src: Float64Array, dst: Float32Array, b: number, h: number, T: number, hs: number, ld: number): void {
  for (let t = 0; t < T; t++) {
    const d = (b * T + t) * ld + h * hs;
    const s = t * hs;
    for (let c = 0; c < hs; c++) dst[d + c] = src[s + c];
  }
}

/** sum_c a[ai + c] * b[bi + c], four at a time (hs is a multiple of 4 in every preset). */
function dotRows(a: Float64Array, ai: number, b: Float64Array, bi: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (; c + 3 < n; c += 4) {
    s0 += a[ai + c] * b[bi + c];
    s1 += a[ai + c + 1] * b[bi + c + 1];
    s2 += a[ai + c + 2] * b[bi + c + 2];
    s3 += a[ai + c + 3] * b[bi + c + 3];
  }
  for (; c < n; c++) s0 += a[ai + c] * b[bi + c];
  return s0 + s1 + (s2 + s3);
}

/** y[yi + c] += alpha * x[xi + c] for c < n, four at a time. */
function axpy(alpha: number, x: Float64Array, xi: number, y: Float64Array, yi: number, n: number): void {
  let c = 0;
  for (; c + 3 < n; c += 4) {
    y[yi + c] += alpha * x[xi + c];
    y[yi + c + 1] += alpha * x[xi + c + 1];
    y[yi + c + 2] += alpha * x[xi + c + 2];
    y[yi + c + 3] += alpha * x[xi + c + 3];
  }
  for (; c < n; c++) y[yi + c] += alpha * x[xi + c];
}

export function attentionForward(d: AttentionDims, q: Float32Array, k: Float32Array, v: Float32Array, mask: Float32Array, probs: Float32Array, y: Float32Array): void {
  const { B, T, H, hs } = d;
  const C = H * hs;
  const ld = d.ld ?? C;
  const scale = 1 / Math.sqrt(hs);
  const row = new Float64Array(T);
  const Q = new Float64Array(T * hs);
  const K = new Float64Array(T * hs);
  const V = new Float64Array(T * hs);
  const Y = new Float64Array(T * hs);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      gather(q, Q, b, h, T, hs, ld);
      gather(k, K, b, h, T, hs, ld);
      gather(v, V, b, h, T, hs, ld);
      Y.fill(0);
      for (let i = 0; i < T; i++) {
        const qi = i * hs;
        const mOff = (b * T + i) * T;
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          const m = mask[mOff + j];
          if (m <= MASKED) {
            row[j] = -Infinity;
            continue;
          }
          const kj = j * hs;
          let s = dotRows(Q, qi, K, kj, hs);
          s = s * scale + m;
          row[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const e = row[j] === -Infinity ? 0 : expNeg(row[j] - max);
          row[j] = e;
          sum += e;
        }
        const pOff = ((b * H + h) * T + i) * T;
        const inv = 1 / sum;
        for (let j = 0; j < T; j++) {
          const p = row[j] * inv;
          probs[pOff + j] = p;
          if (p === 0) continue;
          axpy(p, V, j * hs, Y, qi, hs);
        }
      }
      scatter(Y, y, b, h, T, hs, C);
    }
  }
}

/** Gradients of y with respect to q, k, v (written into dq, dk, dv; each element once). */
export function attentionBackward(
  d: AttentionDims,
  dy: Float32Array,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  probs: Float32Array,
  dq: Float32Array,
  dk: Float32Array,
  dv: Float32Array,
): void {
  const { B, T, H, hs } = d;
  const C = H * hs;
  const ld = d.ld ?? C;
  const scale = 1 / Math.sqrt(hs);
  const dp = new Float64Array(T);
  const [Q, K, V, DY, DQ, DK, DV] = Array.from({ length: 7 }, () => new Float64Array(T * hs));
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      gather(q, Q, b, h, T, hs, ld);
      gather(k, K, b, h, T, hs, ld);
      gather(v, V, b, h, T, hs, ld);
      gather(dy, DY, b, h, T, hs, C);
      DQ.fill(0);
      DK.fill(0);
      DV.fill(0);
      for (let i = 0; i < T; i++) {
        const ii = i * hs;
        const pOff = ((b * H + h) * T + i) * T;
        let dot = 0; // sum_j p_ij dp_ij
        for (let j = 0; j < T; j++) {
          const p = probs[pOff + j];
          if (p === 0) {
            dp[j] = 0;
            continue;
          }
          const jj = j * hs;
          const s = dotRows(DY, ii, V, jj, hs);
          axpy(p, DY, ii, DV, jj, hs);
          dp[j] = s;
          dot += p * s;
        }
        for (let j = 0; j < T; j++) {
          const p = probs[pOff + j];
          if (p === 0) continue;
          const ds = p * (dp[j] - dot) * scale;
          const jj = j * hs;
          axpy(ds, K, jj, DQ, ii, hs);
          axpy(ds, Q, ii, DK, jj, hs);
        }
      }
      scatter(DQ, dq, b, h, T, hs, ld);
      scatter(DK, dk, b, h, T, hs, ld);
      scatter(DV, dv, b, h, T, hs, ld);
    }
  }
}
