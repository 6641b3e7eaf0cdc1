import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { CHECK_CONFIG, stackedAgreement, stackedStepCounts } from './stacked-check';
import { expectStackedAgreesWithAlone } from './stacked-expect';

describe.each(['cpu', 'wasm'])('stacked training on %s', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
  });

  it.each([
    [false, 'auto'],
    [true, 'auto'],
    [false, backend === 'wasm' ? 'batched' : 'per-model'],
  ] as const)(
    'K=3 models (own seeds and data) match training each alone within 1e-5 (stock-op optimizer: %s, matmuls: %s)',
    async (unfused, matMuls) => {
      const r = await stackedAgreement({ unfused, matMuls });
      // clipping is active (norms above maxGradNorm) on some steps, and warm-up spans the first 3 steps
      expect(r.clipped).toBe(true);
      expect(r.leakedTensors).toBe(0);
      expect(r.perModel).toHaveLength(3);
      expectStackedAgreesWithAlone(r);
    },
    300_000,
  );

  it('a stack of one model (K = 1) matches training it alone within 1e-5', async () => {
    const r = await stackedAgreement({ seeds: [4] });
    expect(r.leakedTensors).toBe(0);
    expect(r.perModel).toHaveLength(1);
    expectStackedAgreesWithAlone(r);
  }, 120_000);
});

it('a stacked step on cpu launches as many kernels for K = 12 as for K = 1 (matmuls batched over K)', async () => {
  await initBackend('cpu');
  const counts = await stackedStepCounts(CHECK_CONFIG, 2, [1, 4, 12]);
  expect(counts.map((c) => c.K)).toEqual([1, 4, 12]);
  expect(counts[0].kernels).toBeGreaterThan(20);
  expect(new Set(counts.map((c) => c.kernels)).size).toBe(1);
}, 120_000);
