/**
 * The arithmetic of the fused attention kernel on plain Float32Arrays (no tfjs), so it can be read
 * and tested on its own. Layout: q, k, v, y are [B*T, H*hs] (token-major, heads side by side);
 * mask is [B, 1, T, T] additive; probabilities are [B, H, T, T].
 * Keys whose mask entry is ≤ -1e8 are skipped: their softmax weight underflows to exactly 0 anyway.
 */
export interface AttentionDims {
  B: number;
  T: number;
  H: number;
  hs: number;
}

const MASKED = -1e8;

export function attentionForward(d: AttentionDims, q: Float32Array, k: Float32Array, v: Float32Array, mask: Float32Array, probs: Float32Array, y: Float32Array): void {
  const { B, T, H, hs } = d;
  const C = H * hs;
  const scale = 1 / Math.sqrt(hs);
  const row = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < T; i++) {
        const qOff = (b * T + i) * C + h * hs;
        const mOff = (b * T + i) * T;
        let max = -Infinity;
        for (let j = 0; j < T; j++) {
          const m = mask[mOff + j];
          if (m <= MASKED) {
            row[j] = -Infinity;
            continue;
          }
          const kOff = (b * T + j) * C + h * hs;
          let s = 0;
          for (let c = 0; c < hs; c++) s += q[qOff + c] * k[kOff + c];
          s = s * scale + m;
          row[j] = s;
          if (s > max) max = s;
        }
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const e = row[j] === -Infinity ? 0 : Math.exp(row[j] - max);
          row[j] = e;
          sum += e;
        }
        const pOff = ((b * H + h) * T + i) * T;
        for (let j = 0; j < T; j++) {
          const p = row[j] / sum;
          probs[pOff + j] = p;
          if (p === 0) continue;
          const vOff = (b * T + j) * C + h * hs;
          for (let c = 0; c < hs; c++) y[qOff + c] += p * v[vOff + c];
        }
      }
    }
  }
}

/** Gradients of y with respect to q, k, v (accumulated into zeroed dq, dk, dv). */
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
  const scale = 1 / Math.sqrt(hs);
  const dp = new Float64Array(T);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < T; i++) {
        const iOff = (b * T + i) * C + h * hs;
        const pOff = ((b * H + h) * T + i) * T;
        let dot = 0; // sum_j p_ij dp_ij
        for (let j = 0; j < T; j++) {
          const p = probs[pOff + j];
          if (p === 0) {
            dp[j] = 0;
            continue;
          }
          const jOff = (b * T + j) * C + h * hs;
          let s = 0;
          for (let c = 0; c < hs; c++) {
            s += dy[iOff + c] * v[jOff + c];
            dv[jOff + c] += p * dy[iOff + c];
          }
          dp[j] = s;
          dot += p * s;
        }
        for (let j = 0; j < T; j++) {
          const p = probs[pOff + j];
          if (p === 0) continue;
          const ds = p * (dp[j] - dot) * scale;
          const jOff = (b * T + j) * C + h * hs;
          for (let c = 0; c < hs; c++) {
            dq[iOff + c] += ds * k[jOff + c];
            dk[jOff + c] += ds * q[iOff + c];
          }
        }
      }
    }
  }
}
