import { describe, expect, it } from 'vitest';
import { mergeFits, unfittedBackends } from './benchStore';
import { benchTableRow } from './bench-rows.fixture';

/** Every row asked for wasm; `backend` is the one that ran (the fits go by that one). */
const done = (preset: 'nano' | 'micro' | 'tiny', backend: string, flopsPerStep: number, msPerStep: number) => ({
  ...benchTableRow(preset, backend, { requested: 'wasm', msPerStep, flopsPerStep, gflops: flopsPerStep / msPerStep / 1e6 }),
  requested: 'wasm' as const,
});

describe('benchmark fits', () => {
  it('fits each backend that has two sizes measured, by the backend in use, and keeps old fits of other backends', () => {
    const old = [
      { backend: 'webgpu', overheadMs: 30, gflops: 100, points: 2 },
      { backend: 'wasm', overheadMs: 99, gflops: 0.1, points: 2 },
    ];
    const rows = [
      done('nano', 'wasm', 1e8, 30),
      done('micro', 'wasm', 3e8, 70),
      done('nano', 'cpu', 1e8, 500),
      { ...done('tiny', 'wasm', 9e8, 1), state: 'error' as const },
    ];
    const fits = mergeFits(old, rows);
    expect(fits.map((f) => f.backend).sort()).toEqual(['wasm', 'webgpu']); // cpu: one size only
    const wasm = fits.find((f) => f.backend === 'wasm')!;
    expect(wasm.overheadMs).toBeCloseTo(10, 6);
    expect(wasm.gflops).toBeCloseTo(5, 6);
    expect(fits.find((f) => f.backend === 'webgpu')).toEqual(old[0]);
  });

  it('names a backend whose larger model was not slower (no line), and keeps its old fit', () => {
    const old = [{ backend: 'wasm', overheadMs: 99, gflops: 0.1, points: 2 }];
    const rows = [done('nano', 'wasm', 1e8, 570), done('micro', 'wasm', 3e8, 560), done('nano', 'cpu', 1e8, 500), done('micro', 'cpu', 3e8, 900)];
    expect(unfittedBackends(rows)).toEqual(['wasm']); // cpu got its line
    expect(mergeFits(old, rows).find((f) => f.backend === 'wasm')).toEqual(old[0]);
    expect(unfittedBackends(rows.slice(0, 1))).toEqual([]); // one size: nothing to fit, nothing to explain
  });
});
