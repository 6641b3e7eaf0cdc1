// AssemblyScript source of the WebAssembly SIMD causal attention kernel (built to attention.wasm by
// `npm run build:wasm`; loaded by ../attention-wasm.ts). The same arithmetic as ../../attention-math.ts
// (read its header for the layout and the key-range skipping), in float32 with 128-bit SIMD:
// - scores s_ij = q_i . k_j: k of one head is gathered transposed [hs, Tp] so 4 (or 16) keys are one
//   vector each and q_ic is splatted: every multiply-add is a full f32x4.
// - weighted row sums (y_i = sum_j p_ij v_j, dq_i, dk_j, dv_j): vectors run along the head's channels,
//   read straight from the packed rows (hs is a multiple of 4), 16 channels in registers at a time.
// The file ends in .as, not .ts: it uses AssemblyScript's types (f32, usize, v128) that tsc does not know.
// All pointers are byte offsets into this module's memory; the caller lays the arrays out.

const MASKED: f32 = -1e8;

/** First free byte after the module's own static data: the caller's arrays start here. */
export function heapBase(): usize {
  return __heap_base;
}

/** e^x for x <= 0 (the row max is subtracted first): degree-7 Taylor on x - k ln2, 2^k from its bits. */
// @ts-ignore: decorator
@inline function expNeg(x: f32): f32 {
  if (x < -87.0) return 0;
  const k = Mathf.floor(x * 1.4426950408889634 + 0.5);
  const r = x - k * 0.6931471805599453;
  const p: f32 = 1 + r * (1 + r * (0.5 + r * (0.16666667 + r * (0.041666668 + r * (0.008333334 + r * (0.0013888889 + r * 0.0001984127))))));
  return p * reinterpret<f32>((<i32>k + 127) << 23);
}

/** out[j] = sum_c row[c] * MT[c * Tp + j] for j in [from, to) (from, to multiples of 4; MT is [hs, Tp]). */
function dots(row: usize, MT: usize, Tp: i32, hs: i32, from: i32, to: i32, out: usize): void {
  const stride = <usize>Tp << 2;
  let j = from;
  for (; j + 16 <= to; j += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let m = MT + (<usize>j << 2);
    for (let c = 0; c < hs; c++) {
      const x = f32x4.splat(load<f32>(row + (<usize>c << 2)));
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(m)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(m, 16)));
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(m, 32)));
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(m, 48)));
      m += stride;
    }
    const o = out + (<usize>j << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; j < to; j += 4) {
    let a0 = f32x4.splat(0);
    let m = MT + (<usize>j << 2);
    for (let c = 0; c < hs; c++) {
      a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(row + (<usize>c << 2))), v128.load(m)));
      m += stride;
    }
    v128.store(out + (<usize>j << 2), a0);
  }
}

/**
 * out[c] = sum_{j in [from, to]} w[j * wStep] * rows[j * rowStep + c] for c < hs (byte steps).
 * With `add`, adds to out instead of overwriting it.
 */
function weightedRows(w: usize, wStep: usize, rows: usize, rowStep: usize, from: i32, to: i32, hs: i32, out: usize): void {
  let c = 0;
  for (; c + 16 <= hs; c += 16) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let a2 = f32x4.splat(0);
    let a3 = f32x4.splat(0);
    let wp = w + <usize>from * wStep;
    let rp = rows + <usize>from * rowStep + (<usize>c << 2);
    for (let j = from; j <= to; j++) {
      const x = f32x4.splat(load<f32>(wp));
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(rp)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(rp, 16)));
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(rp, 32)));
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(rp, 48)));
      wp += wStep;
      rp += rowStep;
    }
    const o = out + (<usize>c << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
  }
  for (; c + 8 <= hs; c += 8) {
    let a0 = f32x4.splat(0);
    let a1 = f32x4.splat(0);
    let wp = w + <usize>from * wStep;
    let rp = rows + <usize>from * rowStep + (<usize>c << 2);
    for (let j = from; j <= to; j++) {
      const x = f32x4.splat(load<f32>(wp));
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(rp)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(rp, 16)));
      wp += wStep;
      rp += rowStep;
    }
    const o = out + (<usize>c << 2);
    v128.store(o, a0);
    v128.store(o, a1, 16);
  }
  for (; c < hs; c += 4) {
    let a0 = f32x4.splat(0);
    let wp = w + <usize>from * wStep;
    let rp = rows + <usize>from * rowStep + (<usize>c << 2);
    for (let j = from; j <= to; j++) {
      a0 = f32x4.add(a0, f32x4.mul(f32x4.splat(load<f32>(wp)), v128.load(rp)));
      wp += wStep;
      rp += rowStep;
    }
    v128.store(out + (<usize>c << 2), a0);
  }
}

/** Zeroes n floats at p. */
function zero(p: usize, n: i32): void {
  if (n > 0) memory.fill(p, 0, <usize>n << 2);
}

/** Copies one head ([T, hs] at byte row step `step`) transposed into dst [hs, Tp]; columns T..Tp-1 stay 0. */
function gatherT(src: usize, step: usize, T: i32, Tp: i32, hs: i32, dst: usize): void {
  zero(dst, hs * Tp);
  for (let t = 0; t < T; t++) {
    const s = src + <usize>t * step;
    for (let c = 0; c < hs; c++) store<f32>(dst + ((<usize>(c * Tp + t)) << 2), load<f32>(s + (<usize>c << 2)));
  }
}

/** Bytes of scratch `forward`/`backward` need after their arrays. */
export function scratchBytes(T: i32, hs: i32): usize {
  const Tp = (T + 3) & ~3;
  return (<usize>(hs * Tp + T * Tp + 4 * T) << 2) + 16;
}

/**
 * qkv [B*T, 3C], mask [B, 1, T, T] additive, probs [B, H, T, T] and y [B*T, C] written whole.
 * scratch: scratchBytes(T, hs) bytes, 16-aligned.
 */
export function forward(qkv: usize, mask: usize, probs: usize, y: usize, scratch: usize, B: i32, T: i32, H: i32, hs: i32): void {
  const C = H * hs;
  const ld = <usize>(3 * C) << 2;
  const Tp = (T + 3) & ~3;
  const scale: f32 = 1 / Mathf.sqrt(<f32>hs);
  const KT = scratch;
  const S = KT + (<usize>(hs * Tp) << 2);
  const lo = S + (<usize>(T * Tp) << 2);
  const hi = lo + (<usize>T << 2);
  for (let b = 0; b < B; b++) {
    for (let i = 0; i < T; i++) {
      const m = mask + (<usize>((b * T + i) * T) << 2);
      let l = 0;
      while (l < T && load<f32>(m + (<usize>l << 2)) <= MASKED) l++;
      let r = T - 1;
      while (r >= l && load<f32>(m + (<usize>r << 2)) <= MASKED) r--;
      store<i32>(lo + (<usize>i << 2), l);
      store<i32>(hi + (<usize>i << 2), r);
    }
    for (let h = 0; h < H; h++) {
      const base = qkv + <usize>(b * T) * ld + (<usize>(h * hs) << 2);
      gatherT(base + (<usize>C << 2), ld, T, Tp, hs, KT);
      const vRows = base + (<usize>(2 * C) << 2);
      for (let i = 0; i < T; i++) {
        const l = load<i32>(lo + (<usize>i << 2));
        const r = load<i32>(hi + (<usize>i << 2));
        const pRow = probs + (<usize>(((b * H + h) * T + i) * T) << 2);
        const yRow = y + (<usize>((b * T + i) * C + h * hs) << 2);
        zero(pRow, T);
        if (r < l) {
          zero(yRow, hs);
          continue;
        }
        const sRow = S + (<usize>(i * Tp) << 2);
        dots(base + <usize>i * ld, KT, Tp, hs, l & ~3, (r + 4) & ~3, sRow);
        const m = mask + (<usize>((b * T + i) * T) << 2);
        let max: f32 = -Infinity;
        for (let j = l; j <= r; j++) {
          const mj = load<f32>(m + (<usize>j << 2));
          const s: f32 = mj <= MASKED ? -Infinity : load<f32>(sRow + (<usize>j << 2)) * scale + mj;
          store<f32>(sRow + (<usize>j << 2), s);
          if (s > max) max = s;
        }
        let sum: f32 = 0;
        for (let j = l; j <= r; j++) {
          const x = load<f32>(sRow + (<usize>j << 2));
          const e: f32 = x == -Infinity ? 0 : expNeg(x - max);
          store<f32>(sRow + (<usize>j << 2), e);
          sum += e;
        }
        const inv: f32 = 1 / sum;
        for (let j = l; j <= r; j++) {
          const p = load<f32>(sRow + (<usize>j << 2)) * inv;
          store<f32>(sRow + (<usize>j << 2), p);
          store<f32>(pRow + (<usize>j << 2), p);
        }
        weightedRows(sRow, 4, vRows, ld, l, r, hs, yRow);
      }
    }
  }
}

/**
 * Gradients of y wrt the packed qkv: dy [B*T, C], qkv [B*T, 3C], probs [B, H, T, T] → g [B*T, 3C]
 * (dq | dk | dv), every element written. scratch as for forward.
 */
export function backward(dy: usize, qkv: usize, probs: usize, g: usize, scratch: usize, B: i32, T: i32, H: i32, hs: i32): void {
  const C = H * hs;
  const ld = <usize>(3 * C) << 2;
  const ldy = <usize>C << 2;
  const Tp = (T + 3) & ~3;
  const scale: f32 = 1 / Mathf.sqrt(<f32>hs);
  const VT = scratch;
  const DS = VT + (<usize>(hs * Tp) << 2); // score gradients [T, Tp], exact zeros outside each row's range
  const lo = DS + (<usize>(T * Tp) << 2);
  const hi = lo + (<usize>T << 2);
  const cLo = hi + (<usize>T << 2);
  const cHi = cLo + (<usize>T << 2);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < H; h++) {
      const pBase = probs + (<usize>((b * H + h) * T * T) << 2);
      const base = qkv + <usize>(b * T) * ld + (<usize>(h * hs) << 2);
      const gBase = g + <usize>(b * T) * ld + (<usize>(h * hs) << 2);
      const dyBase = dy + <usize>(b * T) * ldy + (<usize>(h * hs) << 2);
      for (let j = 0; j < T; j++) {
        store<i32>(cLo + (<usize>j << 2), T);
        store<i32>(cHi + (<usize>j << 2), -1);
      }
      for (let i = 0; i < T; i++) {
        const pRow = pBase + (<usize>(i * T) << 2);
        let l = 0;
        while (l < T && load<f32>(pRow + (<usize>l << 2)) == 0) l++;
        let r = T - 1;
        while (r >= l && load<f32>(pRow + (<usize>r << 2)) == 0) r--;
        store<i32>(lo + (<usize>i << 2), l);
        store<i32>(hi + (<usize>i << 2), r);
        for (let j = l; j <= r; j++) {
          if (load<i32>(cLo + (<usize>j << 2)) > i) store<i32>(cLo + (<usize>j << 2), i);
          store<i32>(cHi + (<usize>j << 2), i);
        }
      }
      gatherT(base + (<usize>(2 * C) << 2), ld, T, Tp, hs, VT);
      // dq, and the score gradients by row.
      for (let i = 0; i < T; i++) {
        const l = load<i32>(lo + (<usize>i << 2));
        const r = load<i32>(hi + (<usize>i << 2));
        const dsRow = DS + (<usize>(i * Tp) << 2);
        const dqRow = gBase + <usize>i * ld;
        zero(dsRow, Tp);
        if (r < l) {
          zero(dqRow, hs);
          continue;
        }
        const pRow = pBase + (<usize>(i * T) << 2);
        const from = l & ~3;
        const to = (r + 4) & ~3;
        dots(dyBase + <usize>i * ldy, VT, Tp, hs, from, to, dsRow);
        let dot: f32 = 0;
        for (let j = l; j <= r; j++) dot += load<f32>(pRow + (<usize>j << 2)) * load<f32>(dsRow + (<usize>j << 2));
        zero(dsRow + (<usize>from << 2), l - from);
        zero(dsRow + (<usize>(r + 1) << 2), to - r - 1);
        for (let j = l; j <= r; j++) {
          const p = load<f32>(pRow + (<usize>j << 2));
          store<f32>(dsRow + (<usize>j << 2), p * (load<f32>(dsRow + (<usize>j << 2)) - dot) * scale);
        }
        weightedRows(dsRow, 4, base + (<usize>C << 2), ld, l, r, hs, dqRow);
      }
      // dk_j = sum_i ds_ij q_i and dv_j = sum_i p_ij dy_i over the queries that see key j.
      for (let j = 0; j < T; j++) {
        const l = load<i32>(cLo + (<usize>j << 2));
        const r = load<i32>(cHi + (<usize>j << 2));
        const dkRow = gBase + <usize>j * ld + (<usize>C << 2);
        const dvRow = dkRow + (<usize>C << 2);
        if (r < l) {
          zero(dkRow, hs);
          zero(dvRow, hs);
          continue;
        }
        weightedRows(DS + (<usize>j << 2), <usize>Tp << 2, base, ld, l, r, hs, dkRow);
        weightedRows(pBase + (<usize>j << 2), <usize>T << 2, dyBase, ldy, l, r, hs, dvRow);
      }
    }
  }
}
