import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend';
import * as tf from '@tensorflow/tfjs';
import { checkFusedKernels } from './check';
import { embedding } from '../ops';
import { hasEmbeddingKernels } from './embedding';

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

describe.each(['cpu', 'wasm'])('the embedding kernel on %s', (backend) => {
  beforeAll(async () => {
    expect((await initBackend(backend as 'cpu')).backend).toBe(backend);
  });

  it('refuses an id outside the table instead of reading past it, and leaks nothing', () => {
    const table = tf.zeros([4, 3]) as tf.Tensor2D;
    const ids = tf.tensor1d([1, 4], 'int32');
    expect(hasEmbeddingKernels()).toBe(true);
    const buffers = tf.backend().numDataIds();
    expect(() => embedding(ids, table)).toThrow(/id 4 outside a table of 4 rows/);
    expect(tf.backend().numDataIds()).toBe(buffers); // the output it had allocated is freed
    tf.dispose([table, ids]);
  });
});

describe('Identity on wasm (kernels/identity-wasm.ts)', () => {
  beforeAll(async () => {
    expect((await initBackend('wasm')).backend).toBe('wasm');
  });

  it('shares the buffer: a clone outlives its original, and the buffer is freed with the last holder', async () => {
    const backend = tf.backend() as unknown as { dataIdMap: { has(id: object): boolean } };
    const x = tf.tensor1d([1, 2, 3, 4]);
    const y = tf.clone(x);
    expect(y.dataId).toBe(x.dataId); // shared, not copied
    x.dispose();
    expect(Array.from(await y.data())).toEqual([1, 2, 3, 4]);
    expect(backend.dataIdMap.has(y.dataId)).toBe(true);
    y.dispose();
    expect(backend.dataIdMap.has(y.dataId)).toBe(false);
  });
});
