// AssemblyScript source of the WebAssembly SIMD kernels for the row-wise and memory-bound ops of a cpu/wasm
// training step (built to elementwise.wasm by `npm run build:wasm`; loaded by ../elementwise-wasm.ts): GELU and
// cross-entropy (the same arithmetic as ../gelu.ts and ../cross-entropy.ts; nano 16 × 64: cross-entropy was 55
// of 158 kernel-ms, tiny: GELU ~12%), and the 2-D transpose, LayerNorm and column sums of ../transpose.ts,
// ../layernorm.ts and ../colsum.ts (tiny 32 × 128: together ~200 of ~1,450 kernel-ms before). Float32, four
// lanes at a time; column sums over many rows in float64.
// The file ends in .as, not .ts: it uses AssemblyScript's types (f32, usize, v128) that tsc does not know.
// All pointers are byte offsets into this module's memory; the caller lays the arrays out.

const LOG2E: f32 = 1.4426950408889634;
const LN2: f32 = 0.6931471805599453;
const GELU_K: f32 = 0.7978845608028654; // sqrt(2 / pi)
const GELU_A: f32 = 0.044715;
const TANH_CLAMP: f32 = 7.90531110763549805;

/** First free byte after the module's own static data: the caller's arrays start here. */
export function heapBase(): usize {
  return __heap_base;
}

/** e^x for x <= 0, four lanes: degree-7 Taylor on x - k ln2, 2^k from its bits; 0 below -87 (as fast-math.ts). */
// @ts-ignore: decorator
@inline function expNeg4(x: v128): v128 {
  const under = f32x4.lt(x, f32x4.splat(-87));
  const xc = f32x4.max(x, f32x4.splat(-87));
  const k = f32x4.floor(f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E)), f32x4.splat(0.5)));
  const r = f32x4.sub(xc, f32x4.mul(k, f32x4.splat(LN2)));
  let p = f32x4.add(f32x4.splat(0.0013888889), f32x4.mul(r, f32x4.splat(0.0001984127)));
  p = f32x4.add(f32x4.splat(0.008333334), f32x4.mul(r, p));
  p = f32x4.add(f32x4.splat(0.041666668), f32x4.mul(r, p));
  p = f32x4.add(f32x4.splat(0.16666667), f32x4.mul(r, p));
  p = f32x4.add(f32x4.splat(0.5), f32x4.mul(r, p));
  p = f32x4.add(f32x4.splat(1), f32x4.mul(r, p));
  p = f32x4.add(f32x4.splat(1), f32x4.mul(r, p));
  const pow2 = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(k), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(p, pow2), under);
}

/** tanh, four lanes: Eigen's float rational approximation (as fast-math.ts), float-exact on [-7.9, 7.9]. */
// @ts-ignore: decorator
@inline function tanh4(u: v128): v128 {
  const x = f32x4.min(f32x4.max(u, f32x4.splat(-TANH_CLAMP)), f32x4.splat(TANH_CLAMP));
  const x2 = f32x4.mul(x, x);
  let p = f32x4.add(f32x4.mul(x2, f32x4.splat(-2.76076847742355e-16)), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(x2, p), f32x4.splat(4.89352455891786e-3));
  let q = f32x4.add(f32x4.mul(x2, f32x4.splat(1.19825839466702e-6)), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(2.268434632439e-3));
  q = f32x4.add(f32x4.mul(x2, q), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(f32x4.mul(x, p), q);
}

/** tanh(k (x + a x^3)) of four lanes. */
// @ts-ignore: decorator
@inline function geluTanh4(v: v128): v128 {
  const v3 = f32x4.mul(f32x4.mul(v, v), v);
  return tanh4(f32x4.mul(f32x4.splat(GELU_K), f32x4.add(v, f32x4.mul(f32x4.splat(GELU_A), v3))));
}

/** y = 0.5 x (1 + tanh(k (x + a x^3))) over n floats (n a multiple of 4). */
export function geluForward(x: usize, y: usize, n: i32): void {
  for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
    const v = v128.load(x + i);
    const t = geluTanh4(v);
    v128.store(y + i, f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1), t)));
  }
}

/** dx = dy (0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 a x^2)) over n floats (n a multiple of 4). */
export function geluBackward(dy: usize, x: usize, dx: usize, n: i32): void {
  const half = f32x4.splat(0.5);
  const one = f32x4.splat(1);
  for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
    const v = v128.load(x + i);
    const t = geluTanh4(v);
    const a = f32x4.mul(half, f32x4.add(one, t));
    const inner = f32x4.mul(f32x4.splat(GELU_K), f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), f32x4.mul(v, v))));
    const b = f32x4.mul(f32x4.mul(f32x4.mul(half, v), f32x4.sub(one, f32x4.mul(t, t))), inner);
    v128.store(dx + i, f32x4.mul(v128.load(dy + i), f32x4.add(a, b)));
  }
}

/** The largest of a row's V floats (V a multiple of 4). */
function rowMax(row: usize, V: i32): f32 {
  let m = f32x4.splat(-Infinity);
  for (let v: usize = 0; v < (<usize>V << 2); v += 16) m = f32x4.max(m, v128.load(row + v));
  return Mathf.max(Mathf.max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), Mathf.max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
}

/** Sum of exp(row - max), writing each exp to `to` when it is not 0. */
function rowExpSum(row: usize, V: i32, max: f32, to: usize): f32 {
  const mx = f32x4.splat(max);
  let s = f32x4.splat(0);
  for (let v: usize = 0; v < (<usize>V << 2); v += 16) {
    const e = expNeg4(f32x4.sub(v128.load(row + v), mx));
    if (to) v128.store(to + v, e);
    s = f32x4.add(s, e);
  }
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
}

/** out[n] = logits[n, t_n] - max_n - log(sum_v exp(logits[n, v] - max_n)); logits [N, V] f32, targets [N] i32. */
export function xentForward(logits: usize, targets: usize, out: usize, N: i32, V: i32): void {
  const rowBytes = <usize>V << 2;
  for (let n: usize = 0; n < <usize>N; n++) {
    const row = logits + n * rowBytes;
    const max = rowMax(row, V);
    const sum = rowExpSum(row, V, max, 0);
    const t = <usize>load<i32>(targets + (n << 2));
    store<f32>(out + (n << 2), load<f32>(row + (t << 2)) - max - Mathf.log(sum));
  }
}

/** dl[n, v] = dy[n] ([v == t_n] - softmax(logits[n])[v]). */
export function xentBackward(dy: usize, logits: usize, targets: usize, dl: usize, N: i32, V: i32): void {
  const rowBytes = <usize>V << 2;
  for (let n: usize = 0; n < <usize>N; n++) {
    const row = logits + n * rowBytes;
    const out = dl + n * rowBytes;
    const max = rowMax(row, V);
    const sum = rowExpSum(row, V, max, out);
    const g = load<f32>(dy + (n << 2));
    const k = f32x4.splat(-g / sum);
    for (let v: usize = 0; v < rowBytes; v += 16) v128.store(out + v, f32x4.mul(v128.load(out + v), k));
    const t = out + (<usize>load<i32>(targets + (n << 2)) << 2);
    store<f32>(t, load<f32>(t) + g);
  }
}

/**
 * dst [C, R] = src [R, C] transposed (R and C multiples of 4): 4 × 4 blocks moved through registers with
 * lane shuffles, in 32 × 32 tiles. On [4096, 1024] here: ~24 ms with the copies in and out (tiles of 4 to
 * 128 gave 24-31 ms: it is bound by memory, not by instructions), against ~63 ms for tfjs-wasm's Transpose.
 */
export function transpose2d(src: usize, dst: usize, R: i32, C: i32): void {
  const rs = <usize>C << 2;
  const ds = <usize>R << 2;
  for (let r0: i32 = 0; r0 < R; r0 += 32) {
    const r1 = min(R, r0 + 32);
    for (let c0: i32 = 0; c0 < C; c0 += 32) {
      const c1 = min(C, c0 + 32);
      for (let r: i32 = r0; r < r1; r += 4) {
        for (let c: i32 = c0; c < c1; c += 4) {
          const s = src + <usize>r * rs + (<usize>c << 2);
          const a = v128.load(s);
          const b = v128.load(s + rs);
          const e = v128.load(s + 2 * rs);
          const f = v128.load(s + 3 * rs);
          const t0 = v128.shuffle<f32>(a, b, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(a, b, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(e, f, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(e, f, 2, 6, 3, 7);
          const o = dst + <usize>c * ds + (<usize>r << 2);
          v128.store(o, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(o + ds, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(o + 2 * ds, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(o + 3 * ds, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
        }
      }
    }
  }
}

/** Sum of the four lanes. */
// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3);
}

/** acc[0..4) (float64, at `acc`) += the four lanes of v: column sums over many rows keep float64 precision. */
// @ts-ignore: decorator
@inline function addWide(acc: usize, v: v128): void {
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
  v128.store(acc + 16, f64x2.add(v128.load(acc + 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))));
}

/** Writes C float64 sums at `acc` as float32 at `out`. */
function narrow(acc: usize, out: usize, C: i32): void {
  for (let c: usize = 0; c < <usize>C; c++) store<f32>(out + (c << 2), <f32>load<f64>(acc + (c << 3)));
}

/** Row mean and 1 / sqrt(var + eps) (biased variance, two passes) of one row of C floats; rstd returned, mean at `meanAt`. */
function rowStats(row: usize, C: i32, meanAt: usize): f32 {
  const bytes = <usize>C << 2;
  let s = f32x4.splat(0);
  for (let c: usize = 0; c < bytes; c += 16) s = f32x4.add(s, v128.load(row + c));
  const mean = hsum(s) / <f32>C;
  const m = f32x4.splat(mean);
  let v = f32x4.splat(0);
  for (let c: usize = 0; c < bytes; c += 16) {
    const d = f32x4.sub(v128.load(row + c), m);
    v = f32x4.add(v, f32x4.mul(d, d));
  }
  store<f32>(meanAt, mean);
  return <f32>1 / Mathf.sqrt(hsum(v) / <f32>C + <f32>1e-5);
}

/** y = (x - mean) rstd gain + bias, per row of x [N, C] (C a multiple of 4); `tmp` is 4 scratch bytes. */
export function layerNormForward(x: usize, gain: usize, bias: usize, y: usize, tmp: usize, N: i32, C: i32): void {
  const bytes = <usize>C << 2;
  for (let n: usize = 0; n < <usize>N; n++) {
    const row = x + n * bytes;
    const out = y + n * bytes;
    const r = f32x4.splat(rowStats(row, C, tmp));
    const m = f32x4.splat(load<f32>(tmp));
    for (let c: usize = 0; c < bytes; c += 16) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(row + c), m), r);
      v128.store(out + c, f32x4.add(f32x4.mul(xhat, v128.load(gain + c)), v128.load(bias + c)));
    }
  }
}

/**
 * The gradient of layerNormForward (as layernorm.ts's JS): dx = rstd (g - mean(g) - xhat mean(g xhat)) with
 * g = dy gain; dgain = sum_rows(dy xhat), dbias = sum_rows(dy), summed in float64 in `wide` (16 C bytes).
 */
export function layerNormBackward(dy: usize, x: usize, gain: usize, dx: usize, dgain: usize, dbias: usize, wide: usize, tmp: usize, N: i32, C: i32): void {
  const bytes = <usize>C << 2;
  memory.fill(wide, 0, bytes << 2);
  const dbWide = wide + (bytes << 1);
  for (let n: usize = 0; n < <usize>N; n++) {
    const row = x + n * bytes;
    const drow = dy + n * bytes;
    const r = f32x4.splat(rowStats(row, C, tmp));
    const m = f32x4.splat(load<f32>(tmp));
    let a = f32x4.splat(0);
    let b = f32x4.splat(0);
    for (let c: usize = 0; c < bytes; c += 16) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(row + c), m), r);
      const d = v128.load(drow + c);
      const g = f32x4.mul(d, v128.load(gain + c));
      a = f32x4.add(a, g);
      b = f32x4.add(b, f32x4.mul(g, xhat));
      addWide(wide + (c << 1), f32x4.mul(d, xhat));
      addWide(dbWide + (c << 1), d);
    }
    const am = f32x4.splat(hsum(a) / <f32>C);
    const bm = f32x4.splat(hsum(b) / <f32>C);
    const out = dx + n * bytes;
    for (let c: usize = 0; c < bytes; c += 16) {
      const xhat = f32x4.mul(f32x4.sub(v128.load(row + c), m), r);
      const g = f32x4.mul(v128.load(drow + c), v128.load(gain + c));
      v128.store(out + c, f32x4.mul(r, f32x4.sub(f32x4.sub(g, am), f32x4.mul(xhat, bm))));
    }
  }
  narrow(wide, dgain, C);
  narrow(dbWide, dbias, C);
}

/** out [C] = column sums of x [N, C] (C a multiple of 4), summed in float64 in `wide` (8 C bytes). */
export function columnSum(x: usize, out: usize, wide: usize, N: i32, C: i32): void {
  const bytes = <usize>C << 2;
  memory.fill(wide, 0, bytes << 1);
  for (let n: usize = 0; n < <usize>N; n++) {
    const row = x + n * bytes;
    for (let c: usize = 0; c < bytes; c += 16) addWide(wide + (c << 1), v128.load(row + c));
  }
  narrow(wide, out, C);
}
