import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import { checkFusedKernels } from './check';

describe.each(['cpu', 'wasm'])('fused kernels on %s', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
  });

  it('match the stock-op compositions forward and backward (relative error < 1e-4)', async () => {
    const results = await checkFusedKernels();
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) expect(r.relErr, r.name).toBeLessThan(1e-4);
  });
});
