import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { initBackend } from '../backend';
import { rngFor } from '../../rng';
import { attentionTestInputs } from '../attention-test-inputs';
import { attentionBackward, attentionForward, type AttentionDims } from '../attention-math';
import {
  attentionBackwardWasm,
  attentionForwardWasm,
  attentionWasmStatus,
  loadAttentionWasm,
  setAttentionWasmEnabled,
  wasmSimdSupported,
} from './attention-wasm';
import { checkFusedKernels, relErr } from './check';
// @ts-expect-error: a plain .mjs build script without type declarations
import { builtPath, compileKernel } from '../../../../scripts/build-wasm.mjs';

describe('attention.wasm', () => {
  it('is the build of its AssemblyScript source (run node scripts/build-wasm.mjs after editing attention.as)', async () => {
    const fresh: Uint8Array = await compileKernel('attention');
    expect(Buffer.from(readFileSync(builtPath('attention'))).equals(Buffer.from(fresh))).toBe(true);
  });

  it('loads where WebAssembly SIMD is supported (Node 20 has it)', async () => {
    expect(wasmSimdSupported()).toBe(true);
    await loadAttentionWasm();
    expect(attentionWasmStatus()).toBe('wasm-simd');
  });
});

describe('the SIMD kernel against the JS kernel (float32 vs float64 sums)', () => {
  beforeAll(() => loadAttentionWasm());
  // T not a multiple of 4 or 16 and head sizes 4, 8, 16, 32 exercise every vector block and its remainder;
  // the last mask has holes inside rows (keys masked between unmasked ones).
  const cases: [string, number, number, number, number, boolean][] = [
    ['tiny-like, packed segments', 3, 64, 4, 16, false],
    ['T 37, hs 8', 2, 37, 2, 8, false],
    ['T 13, hs 4', 2, 13, 3, 4, false],
    ['T 29, hs 32 (base-like heads)', 1, 29, 2, 32, false],
    ['T 22, hs 12, mask with holes', 2, 22, 2, 12, true],
  ];
  it.each(cases)('%s: relative error < 1e-5', (_name, B, T, H, hs, holes) => {
    const { C, mask, qkv, dy } = attentionTestInputs(B, T, H, hs, holes, rngFor(5, `attention-wasm-${T}-${hs}`));
    const d: AttentionDims = { B, T, H, hs };
    const js = { y: new Float32Array(B * T * C), probs: new Float32Array(B * H * T * T), g: new Float32Array(B * T * 3 * C) };
    attentionForward({ ...d, ld: 3 * C }, qkv, qkv.subarray(C), qkv.subarray(2 * C), mask, js.probs, js.y);
    attentionBackward({ ...d, ld: 3 * C }, dy, qkv, qkv.subarray(C), qkv.subarray(2 * C), js.probs, js.g, js.g.subarray(C), js.g.subarray(2 * C));
    const simd = { y: new Float32Array(B * T * C).fill(NaN), probs: new Float32Array(B * H * T * T).fill(NaN), g: new Float32Array(B * T * 3 * C).fill(NaN) };
    // Twice: the second call reuses the module's memory and must not see the first call's values.
    for (let rep = 0; rep < 2; rep++) {
      expect(attentionForwardWasm(d, qkv, mask, simd.y, simd.probs)).toBe(true);
      expect(attentionBackwardWasm(d, dy, qkv, simd.probs, simd.g)).toBe(true);
    }
    expect(relErr(simd.y, js.y)).toBeLessThan(1e-5);
    expect(relErr(simd.probs, js.probs)).toBeLessThan(1e-5);
    expect(relErr(simd.g, js.g)).toBeLessThan(1e-5);
    // Exact zeros where a key is masked: the backward pass finds each row's key range from them.
    for (let i = 0; i < js.probs.length; i++) if (js.probs[i] === 0) expect(simd.probs[i]).toBe(0);
  });

  it('declines head sizes that are not a multiple of 4 (the JS kernel runs them)', () => {
    const d: AttentionDims = { B: 1, T: 4, H: 1, hs: 6 };
    expect(attentionForwardWasm(d, new Float32Array(4 * 18), new Float32Array(16), new Float32Array(24), new Float32Array(16))).toBe(false);
  });
});

describe.each(['cpu', 'wasm'])('fused kernels on %s with the SIMD attention switched off (the JS fallback)', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
    setAttentionWasmEnabled(false);
    expect(attentionWasmStatus()).toMatch(/^js /);
  });
  afterAll(() => setAttentionWasmEnabled(true));

  it('match the stock-op compositions forward and backward (relative error < 1e-4)', async () => {
    const results = await checkFusedKernels();
    expect(results.some((r) => r.name.startsWith('Attention'))).toBe(true);
    for (const r of results) expect(r.relErr, r.name).toBeLessThan(1e-4);
  });
});
