/**
 * The arithmetic of the fused attention kernel on plain Float32Arrays (no tfjs), so it can be read
 * and tested on its own. Layout: q, k, v are rows of `ld` values (token-major, heads side by side;
 * ld = 3C when they are views into one packed [B*T, 3C] qkv activation, at offsets 0, C, 2C), and
 * so are dq, dk, dv; y and dy are [B*T, H*hs]; mask is [B, 1, T, T] additive; probabilities are
 * [B, H, T, T].
 * Keys whose mask entry is ≤ -1e8 are skipped: their softmax weight underflows to exactly 0 anyway.
 *
 * Speed (this is the hottest JS in a wasm training step):
 * - Each query row only visits the key range [lo, hi] between its first and last unmasked key (found
 *   once per batch row from the mask; in the backward pass from the non-zero probabilities). With the
 *   causal + packed-segment mask that is exactly the query's own segment up to itself.
 * - Each (batch row, head) block is first copied into small contiguous float64 scratch arrays, some
 *   of them transposed ([hs, T]), so that every product is a dot product over unit-stride memory
 *   computed in registers, 2 rows x 4 outputs at a time (the two rows share the union of their key
 *   ranges, padded with exact zeros), and every output element is written once. About 2x the
 *   previous per-row loops (axpy into scratch) on tiny and small shapes.
 * - Scratch arrays are module-level and reused between calls (the model keeps shapes fixed).
 * Results match the straightforward loops up to float64 summation order (far below float32's ulp).
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

/** Reused scratch (grown on demand; never shrunk). */
const scratch = new Map<string, Float64Array | Int32Array>();
function f64(name: string, n: number): Float64Array {
  let a = scratch.get(name) as Float64Array | undefined;
  if (!a || a.length < n) scratch.set(name, (a = new Float64Array(n)));
  return a;
}
function i32(name: string, n: number): Int32Array {
  let a = scratch.get(name) as Int32Array | undefined;
  if (!a || a.length < n) scratch.set(name, (a = new Int32Array(n)));
  return a;
}

/** Copies head h of batch row b ([T, hs] at row stride ld) into dst [T, hs]. */
function gather(src: Float32Array, dst: Float64Array, b: number, h: number, T: number, hs: number, ld: number): void {
  for (let t = 0; t < T; t++) {
    const s = (b * T + t) * ld + h * hs;
    const d = t * hs;
    for (let c = 0; c < hs; c++) dst[d + c] = src[s + c];
  }
}

/** Copies head h of batch row b transposed into dst [hs, T]. */
function gatherT(src: Float32Array, dst: Float64Array, b: number, h: number, T: number, hs: number, ld: number): void {
  for (let t = 0; t < T; t++) {
    const s = (b * T + t) * ld + h * hs;
    for (let c = 0; c < hs; c++) dst[c * T + t] = src[s + c];
  }
}

/**
 * Two rows at once: outA[oa + j] = sum_c A[ai + c] * Bm[j * hs + c] and outB[ob + j] likewise for
 * A[bi + c], for j in [lo, hi] (rows of Bm are [hs] long); four rows of Bm at a time, so each
 * loaded element serves several products.
 */
function dotsPair(
  A: Float64Array,
  ai: number,
  bi: number,
  Bm: Float64Array,
  hs: number,
  lo: number,
  hi: number,
  out: Float64Array,
  oa: number,
  ob: number,
): void {
  let j = lo;
  for (; j + 3 <= hi; j += 4) {
    const b0 = j * hs;
    const b1 = b0 + hs;
    const b2 = b1 + hs;
    const b3 = b2 + hs;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let c = 0; c < hs; c++) {
      const a = A[ai + c];
      const b = A[bi + c];
      const k0 = Bm[b0 + c];
      const k1 = Bm[b1 + c];
      const k2 = Bm[b2 + c];
      const k3 = Bm[b3 + c];
      s0 += a * k0;
      s1 += a * k1;
      s2 += a * k2;
      s3 += a * k3;
      t0 += b * k0;
      t1 += b * k1;
      t2 += b * k2;
      t3 += b * k3;
    }
    out[oa + j] = s0;
    out[oa + j + 1] = s1;
    out[oa + j + 2] = s2;
    out[oa + j + 3] = s3;
    out[ob + j] = t0;
    out[ob + j + 1] = t1;
    out[ob + j + 2] = t2;
    out[ob + j + 3] = t3;
  }
  for (; j <= hi; j++) {
    const b0 = j * hs;
    let s0 = 0;
    let t0 = 0;
    for (let c = 0; c < hs; c++) {
      const k0 = Bm[b0 + c];
      s0 += A[ai + c] * k0;
      t0 += A[bi + c] * k0;
    }
    out[oa + j] = s0;
    out[ob + j] = t0;
  }
}

/**
 * Two rows at once: dst[da + c] = sum_{j in [lo, hi]} w[wa + j] * MT[c * T + j] for c < hs (MT is
 * [hs, T]), and dst[db + c] likewise for w[wb + j]; four columns at a time, so each loaded element
 * serves several products. Writes float32 (dst may be a tfjs array). Weights outside a row's own
 * range but inside [lo, hi] must be 0.
 */
function weightedPair(
  w: Float64Array,
  wa: number,
  wb: number,
  MT: Float64Array,
  T: number,
  hs: number,
  lo: number,
  hi: number,
  dst: Float32Array,
  da: number,
  db: number,
): void {
  let c = 0;
  for (; c + 3 < hs; c += 4) {
    const m0 = c * T;
    const m1 = m0 + T;
    const m2 = m1 + T;
    const m3 = m2 + T;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let t0 = 0;
    let t1 = 0;
    let t2 = 0;
    let t3 = 0;
    for (let j = lo; j <= hi; j++) {
      const p = w[wa + j];
      const q = w[wb + j];
      const v0 = MT[m0 + j];
      const v1 = MT[m1 + j];
      const v2 = MT[m2 + j];
      const v3 = MT[m3 + j];
      s0 += p * v0;
      s1 += p * v1;
      s2 += p * v2;
      s3 += p * v3;
      t0 += q * v0;
      t1 += q * v1;
      t2 += q * v2;
      t3 += q * v3;
    }
    dst[da + c] = s0;
    dst[da + c + 1] = s1;
    dst[da + c + 2] = s2;
    dst[da + c + 3] = s3;
    dst[db + c] = t0;
    dst[db + c + 1] = t1;
    dst[db + c + 2] = t2;
    dst[db + c + 3] = t3;
  }
  for (; c < hs; c++) {
    const m0 = c * T;
    let s0 = 0;
    let t0 = 0;
    for (let j = lo; j <= hi; j++) {
      const v0 = MT[m0 + j];
      s0 += w[wa + j] * v0;
      t0 += w[wb + j] * v0;
    }
    dst[da + c] = s0;
    dst[db + c] = t0;
  }
}

/** Zeroes w[off + j] for j in [ul, uh] outside [l, r] (the padding of a row inside a pair's joint range). */
function zeroOutside(w: Float64Array, off: number, l: number, r: number, ul: number, uh: number): void {
  if (r < l) {
    for (let j = ul; j <= uh; j++) w[off + j] = 0;
    return;
  }
  for (let j = ul; j < l; j++) w[off + j] = 0;
  for (let j = r + 1; j <= uh; j++) w[off + j] = 0;
}

/**
 * Softmax of row i's scores (P[off + j], j in [l, r]) in place, scaled and masked; writes the
 * probabilities row (all T entries) too.
 */
function softmaxRow(
  P: Float64Array,
  off: number,
  mask: Float32Array,
  mOff: number,
  probs: Float32Array,
  pOff: number,
  T: number,
  l: number,
  r: number,
  scale: number,
): void {
  for (let j = 0; j < l; j++) probs[pOff + j] = 0;
  for (let j = r < l ? l : r + 1; j < T; j++) probs[pOff + j] = 0;
  if (r < l) return;
  let max = -Infinity;
  for (let j = l; j <= r; j++) {
    const m = mask[mOff + j];
    const s = m <= MASKED ? -Infinity : P[off + j] * scale + m;
    P[off + j] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let j = l; j <= r; j++) {
    const x = P[off + j];
    const e = x === -Infinity ? 0 : expNeg(x - max);
    P[off + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = l; j <= r; j++) {
    const p = P[off + j] * inv;
    P[off + j] = p;
    probs[pOff + j] = p;
  }
}

export function attentionForward(
  d: AttentionDims,
  q: Float32Array,
  k: Float32Array,
  v: Float32Array,
  mask: Float32Array,
  probs: Float32Array,
  y: Float32Array,
): void {
  const { B, T, H, hs } = d;
  const C = H * hs;
  const ld = d.ld ?? C;
  const scale = 1 / Math.sqrt(hs);
  const TT = T * T;
  const Q = f64('fQ', T * hs);
  const K = f64('fK', T * hs);
  const VT = f64('fVT', T * hs);
  const P = f64('fP', TT); // scores, then probabilities (rows i, over the pair's joint key range)
  const lo = i32('fLo', T);
  const hi = i32('fHi', T);
  for (let b = 0; b < B; b++) {
    // Each query's unmasked key range (shared by all heads).
    for (let i = 0; i < T; i++) {
      const mOff = (b * T + i) * T;
      let l = 0;
      while (l < T && mask[mOff + l] <= MASKED) l++;
      let r = T - 1;
      while (r >= l && mask[mOff + r] <= MASKED) r--;
      lo[i] = l;
      hi[i] = r;
    }
    for (let h = 0; h < H; h++) {
      gather(q, Q, b, h, T, hs, ld);
      gather(k, K, b, h, T, hs, ld);
      gatherT(v, VT, b, h, T, hs, ld);
      const pBase = (b * H + h) * TT;
      // Query rows two at a time (the last one twice when T is odd).
      for (let i0 = 0; i0 < T; i0 += 2) {
        const i1 = i0 + 1 < T ? i0 + 1 : i0;
        const [l0, r0, l1, r1] = [lo[i0], hi[i0], lo[i1], hi[i1]];
        const ul = r0 < l0 ? l1 : r1 < l1 ? l0 : Math.min(l0, l1);
        const uh = r0 < l0 ? r1 : r1 < l1 ? r0 : Math.max(r0, r1);
        const y0 = (b * T + i0) * C + h * hs;
        const y1 = (b * T + i1) * C + h * hs;
        if (uh < ul) {
          softmaxRow(P, i0 * T, mask, (b * T + i0) * T, probs, pBase + i0 * T, T, l0, r0, scale);
          softmaxRow(P, i1 * T, mask, (b * T + i1) * T, probs, pBase + i1 * T, T, l1, r1, scale);
          for (let c = 0; c < hs; c++) y[y0 + c] = y[y1 + c] = 0;
          continue;
        }
        dotsPair(Q, i0 * hs, i1 * hs, K, hs, ul, uh, P, i0 * T, i1 * T);
        softmaxRow(P, i0 * T, mask, (b * T + i0) * T, probs, pBase + i0 * T, T, l0, r0, scale);
        zeroOutside(P, i0 * T, l0, r0, ul, uh);
        if (i1 !== i0) {
          softmaxRow(P, i1 * T, mask, (b * T + i1) * T, probs, pBase + i1 * T, T, l1, r1, scale);
          zeroOutside(P, i1 * T, l1, r1, ul, uh);
        }
        weightedPair(P, i0 * T, i1 * T, VT, T, hs, ul, uh, y, y0, y1);
      }
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
  const TT = T * T;
  const DY = f64('bDY', T * hs);
  const V = f64('bV', T * hs);
  const QT = f64('bQT', T * hs);
  const KT = f64('bKT', T * hs);
  const DYT = f64('bDYT', T * hs);
  const DS = f64('bDS', TT); // dp, then score gradients, by query row
  const PT = f64('bPT', TT); // probabilities transposed: PT[j * T + i] = p_ij
  const DST = f64('bDST', TT); // score gradients transposed
  const lo = i32('bLo', T);
  const hi = i32('bHi', T);
  const cLo = i32('bCLo', T);
  const cHi = i32('bCHi', T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const pBase = (b * H + h) * TT;
      // Row ranges of non-zero probabilities, and the column (key) ranges they imply.
      for (let j = 0; j < T; j++) {
        cLo[j] = T;
        cHi[j] = -1;
      }
      for (let i = 0; i < T; i++) {
        const pOff = pBase + i * T;
        let l = 0;
        while (l < T && probs[pOff + l] === 0) l++;
        let r = T - 1;
        while (r >= l && probs[pOff + r] === 0) r--;
        lo[i] = l;
        hi[i] = r;
        for (let j = l; j <= r; j++) {
          if (cLo[j] > i) cLo[j] = i;
          cHi[j] = i;
        }
      }
      // PT and DST are read over each column's range: entries there that no row writes must be 0.
      let sparse = false;
      for (let j = 0; j < T && !sparse; j++) {
        for (let i = cLo[j]; i <= cHi[j]; i++) {
          if (j < lo[i] || j > hi[i]) {
            sparse = true;
            break;
          }
        }
      }
      if (sparse) {
        PT.fill(0, 0, TT);
        DST.fill(0, 0, TT);
      }
      gather(dy, DY, b, h, T, hs, C);
      gather(v, V, b, h, T, hs, ld);
      gatherT(q, QT, b, h, T, hs, ld);
      gatherT(k, KT, b, h, T, hs, ld);
      gatherT(dy, DYT, b, h, T, hs, C);
      // dq, query rows two at a time.
      for (let i0 = 0; i0 < T; i0 += 2) {
        const i1 = i0 + 1 < T ? i0 + 1 : i0;
        const [l0, r0, l1, r1] = [lo[i0], hi[i0], lo[i1], hi[i1]];
        const ul = r0 < l0 ? l1 : r1 < l1 ? l0 : Math.min(l0, l1);
        const uh = r0 < l0 ? r1 : r1 < l1 ? r0 : Math.max(r0, r1);
        const q0 = (b * T + i0) * ld + h * hs;
        const q1 = (b * T + i1) * ld + h * hs;
        if (uh < ul) {
          for (let c = 0; c < hs; c++) dq[q0 + c] = dq[q1 + c] = 0;
          continue;
        }
        dotsPair(DY, i0 * hs, i1 * hs, V, hs, ul, uh, DS, i0 * T, i1 * T);
        for (let i = i0; i <= i1; i++) {
          const l = i === i0 ? l0 : l1;
          const r = i === i0 ? r0 : r1;
          const pOff = pBase + i * T;
          const off = i * T;
          let dot = 0; // sum_j p_ij dp_ij
          for (let j = l; j <= r; j++) dot += probs[pOff + j] * DS[off + j];
          for (let j = l; j <= r; j++) {
            const p = probs[pOff + j];
            const ds = p * (DS[off + j] - dot) * scale;
            DS[off + j] = ds;
            PT[j * T + i] = p;
            DST[j * T + i] = ds;
          }
          zeroOutside(DS, off, l, r, ul, uh);
        }
        weightedPair(DS, i0 * T, i1 * T, KT, T, hs, ul, uh, dq, q0, q1);
      }
      // dk and dv, key rows two at a time.
      for (let j0 = 0; j0 < T; j0 += 2) {
        const j1 = j0 + 1 < T ? j0 + 1 : j0;
        const [l0, r0, l1, r1] = [cLo[j0], cHi[j0], cLo[j1], cHi[j1]];
        const ul = r0 < l0 ? l1 : r1 < l1 ? l0 : Math.min(l0, l1);
        const uh = r0 < l0 ? r1 : r1 < l1 ? r0 : Math.max(r0, r1);
        const k0 = (b * T + j0) * ld + h * hs;
        const k1 = (b * T + j1) * ld + h * hs;
        if (uh < ul) {
          for (let c = 0; c < hs; c++) dk[k0 + c] = dk[k1 + c] = dv[k0 + c] = dv[k1 + c] = 0;
          continue;
        }
        zeroOutside(PT, j0 * T, l0, r0, ul, uh);
        zeroOutside(DST, j0 * T, l0, r0, ul, uh);
        zeroOutside(PT, j1 * T, l1, r1, ul, uh);
        zeroOutside(DST, j1 * T, l1, r1, ul, uh);
        weightedPair(DST, j0 * T, j1 * T, QT, T, hs, ul, uh, dk, k0, k1);
        weightedPair(PT, j0 * T, j1 * T, DYT, T, hs, ul, uh, dv, k0, k1);
      }
    }
  }
}
