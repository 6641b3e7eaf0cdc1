import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { initBackend } from '../backend';
import { rngFor } from '../../rng';
import {
  elementwiseWasmStatus,
  geluBackwardWasm,
  geluForwardWasm,
  loadElementwiseWasm,
  setElementwiseWasmEnabled,
  targetLogProbGradWasm,
  targetLogProbWasm,
  transposeWasm,
  columnSumWasm,
  layerNormBackwardWasm,
} from './elementwise-wasm';
import { transposeJS } from './transpose';
import { checkFusedKernels, relErr } from './check';
// @ts-expect-error: a plain .mjs build script without type declarations
import { builtPath, compileKernel } from '../../../../scripts/build-wasm.mjs';

const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

describe('elementwise.wasm', () => {
  it('is the build of its AssemblyScript source (run node scripts/build-wasm.mjs after editing elementwise.as)', async () => {
    const fresh: Uint8Array = await compileKernel('elementwise');
    expect(Buffer.from(readFileSync(builtPath('elementwise'))).equals(Buffer.from(fresh))).toBe(true);
  });

  it('loads where WebAssembly SIMD is supported (Node 20 has it)', async () => {
    await loadElementwiseWasm();
    expect(elementwiseWasmStatus()).toBe('wasm-simd');
  });
});

describe('the SIMD kernels against float64 arithmetic', () => {
  beforeAll(() => loadElementwiseWasm());
  const rng = rngFor(7, 'elementwise-wasm');

  it('GELU and its gradient, over activations from -9 to 9 (beyond the tanh clamp): relative error < 1e-5', () => {
    const n = 4096;
    const x = Float32Array.from({ length: n }, (_, i) => (i < 8 ? [-9, -8, -7.95, 0, 7.95, 8, 9, 1e-3][i] : 3 * rng.normal()));
    const dy = Float32Array.from({ length: n }, () => rng.normal());
    const want = { y: new Float64Array(n), dx: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      const v = x[i];
      const t = Math.tanh(K * (v + A * v ** 3));
      want.y[i] = 0.5 * v * (1 + t);
      want.dx[i] = dy[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * A * v * v));
    }
    const y = new Float32Array(n).fill(NaN);
    const dx = new Float32Array(n).fill(NaN);
    expect(geluForwardWasm(x, y)).toBe(true);
    expect(geluBackwardWasm(dy, x, dx)).toBe(true);
    expect(relErr(y, want.y)).toBeLessThan(1e-5);
    expect(relErr(dx, want.dx)).toBeLessThan(1e-5);
  });

  it('target log-probabilities and their gradient, with logits 100 below the row max (exp underflows to 0): relative error < 1e-5', () => {
    const [N, V] = [37, 1024];
    const logits = Float32Array.from({ length: N * V }, (_, i) => (i % 97 === 3 ? -100 : 4 * rng.normal()));
    const targets = Int32Array.from({ length: N }, (_, n) => (n === 0 ? 3 : rng.int(V))); // row 0: the -100 logit is its target
    const dy = Float32Array.from({ length: N }, () => rng.normal());
    const want = { logp: new Float64Array(N), dl: new Float64Array(N * V) };
    for (let n = 0; n < N; n++) {
      const row = logits.subarray(n * V, (n + 1) * V);
      const max = Math.max(...row);
      const sum = row.reduce((s, v) => s + Math.exp(v - max), 0);
      want.logp[n] = row[targets[n]] - max - Math.log(sum);
      for (let v = 0; v < V; v++) want.dl[n * V + v] = dy[n] * ((v === targets[n] ? 1 : 0) - Math.exp(row[v] - max) / sum);
    }
    const logp = new Float32Array(N).fill(NaN);
    const dl = new Float32Array(N * V).fill(NaN);
    // Twice: the second call reuses the module's memory and must not see the first call's values.
    for (let rep = 0; rep < 2; rep++) {
      expect(targetLogProbWasm(logits, targets, logp, V)).toBe(true);
      expect(targetLogProbGradWasm(dy, logits, targets, dl, V)).toBe(true);
    }
    expect(relErr(logp, want.logp)).toBeLessThan(1e-5);
    expect(relErr(dl, want.dl)).toBeLessThan(1e-5);
  });

  it('transpose: every value in its place, SIMD and the tiled JS loop alike, across tile edges (R, C not multiples of 32)', () => {
    for (const [R, C] of [
      [4, 4],
      [68, 36],
      [100, 4],
    ]) {
      const src = Float32Array.from({ length: R * C }, (_, i) => i);
      const [simd, js] = [new Float32Array(R * C).fill(NaN), new Float32Array(R * C).fill(NaN)];
      expect(transposeWasm(src, simd, R, C)).toBe(true);
      transposeJS(src, js, R, C);
      for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) expect(simd[c * R + r], `${R}x${C} [${r},${c}]`).toBe(r * C + c);
      expect(js).toEqual(simd);
    }
    const odd = Float32Array.from({ length: 5 * 3 }, (_, i) => i);
    const t = new Float32Array(15);
    transposeJS(odd, t, 5, 3);
    expect(Array.from(t)).toEqual([0, 3, 6, 9, 12, 1, 4, 7, 10, 13, 2, 5, 8, 11, 14]);
  });

  it('column sums and LayerNorm parameter gradients over 4096 rows keep float64 precision: relative error < 1e-6', () => {
    const [N, C] = [4096, 64];
    const x = Float32Array.from({ length: N * C }, () => 10 + rng.normal()); // an offset: float32 sums would drift
    const dy = Float32Array.from({ length: N * C }, () => 10 + rng.normal());
    const gain = Float32Array.from({ length: C }, () => 1 + 0.1 * rng.normal());
    const want = { sum: new Float64Array(C), dgain: new Float64Array(C), dbias: new Float64Array(C) };
    for (let n = 0; n < N; n++) {
      const row = Array.from(x.subarray(n * C, (n + 1) * C));
      const mean = row.reduce((a, v) => a + v, 0) / C;
      const rstd = 1 / Math.sqrt(row.reduce((a, v) => a + (v - mean) ** 2, 0) / C + 1e-5);
      for (let c = 0; c < C; c++) {
        want.sum[c] += x[n * C + c];
        want.dbias[c] += dy[n * C + c];
        want.dgain[c] += dy[n * C + c] * (row[c] - mean) * rstd;
      }
    }
    const sum = new Float32Array(C);
    expect(columnSumWasm(x, sum, C)).toBe(true);
    expect(relErr(sum, want.sum)).toBeLessThan(1e-6);
    const [dx, dgain, dbias] = [new Float32Array(N * C), new Float32Array(C), new Float32Array(C)];
    expect(layerNormBackwardWasm(dy, x, gain, dx, dgain, dbias, C)).toBe(true);
    expect(relErr(dbias, want.dbias)).toBeLessThan(1e-6);
    expect(relErr(dgain, want.dgain)).toBeLessThan(1e-5); // xhat itself is float32 arithmetic
  });

  it('declines sizes that are not a multiple of 4 (the JS kernels run them)', () => {
    expect(columnSumWasm(new Float32Array(12), new Float32Array(3), 3)).toBe(false);
    expect(transposeWasm(new Float32Array(6 * 4), new Float32Array(6 * 4), 6, 4)).toBe(false);
    expect(geluForwardWasm(new Float32Array(6), new Float32Array(6))).toBe(false);
    expect(targetLogProbWasm(new Float32Array(2 * 10), new Int32Array(2), new Float32Array(2), 10)).toBe(false);
  });
});

describe.each(['cpu', 'wasm'])('fused kernels on %s with the SIMD elementwise kernels switched off (the JS fallback)', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
    setElementwiseWasmEnabled(false);
    expect(elementwiseWasmStatus()).toMatch(/^js /);
  });
  afterAll(() => setElementwiseWasmEnabled(true));

  it('match the stock-op compositions forward and backward (relative error < 1e-4)', async () => {
    const results = await checkFusedKernels();
    expect(results.filter((r) => /^(GELU 8×12|CrossEntropy V 40|Transpose 8×12|LayerNorm|ColumnSum 9×8)( |$)/.test(r.name)).length).toBe(11); // the SIMD-sized cases, forward and grad
    for (const r of results) expect(r.relErr, r.name).toBeLessThan(1e-4);
  });
});
