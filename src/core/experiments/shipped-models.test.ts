import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { loadModel } from '../model/io';
import { countParams, MODEL_SIZE_NAMES } from '../model/config';
import { evaluateLoss } from '../train/evaluate-loss';
import { ManifestSchema, validationBatches } from './base-models';

const dir = join(__dirname, '../../../public/models');
const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')));

describe('shipped base checkpoints', () => {
  it('cover at least five sizes in at most 30 MB', () => {
    expect(new Set(manifest.models.map((m) => m.size)).size).toBeGreaterThanOrEqual(5);
    expect(manifest.models.map((m) => m.size)).toEqual(MODEL_SIZE_NAMES.filter((p) => manifest.models.some((m) => m.size === p)));
    expect(manifest.models.reduce((a, m) => a + m.bytes, 0)).toBeLessThanOrEqual(30 * 1024 * 1024);
  });

  it.each(manifest.models.map((m) => [m.size, m] as const))(
    '%s loads in Node and has the validation loss the manifest states',
    async (_size, m) => {
      await initBackend(m.validationBackend as 'wasm');
      const bytes = new Uint8Array(readFileSync(join(dir, m.file)));
      expect(bytes.length).toBe(m.bytes);
      const { model, checkpoint } = loadModel(bytes);
      expect(countParams(checkpoint.config)).toBe(m.params);
      const loss = await evaluateLoss(model, validationBatches(checkpoint.tokenizer, m.worldSeed, checkpoint.config.blockSize, 64, 16, m.worldVersion));
      model.dispose();
      expect(Math.abs(loss - m.validationLoss)).toBeLessThan(1e-3);
    },
    300_000,
  );
});
