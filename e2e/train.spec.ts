/**
 * Micro training runs in the engine worker, on the real backends. WebGPU here is SwiftShader
 * (software Vulkan behind --enable-unsafe-webgpu): ~100x slower than wasm, hence the tiny settings.
 * The badge must say exactly the backend asked for: a failed setBackend silently falls back.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectErrors, openTrain, trainMicro, TRAINING_TEST_MS } from './helpers';

test('a micro run trains on wasm and the loss falls', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await openTrain(page);
  const losses = await trainMicro(page, { backend: 'wasm', preset: 'micro', steps: 30, batchSize: 8, seqLen: 32, lr: 1e-2 });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  expect(losses.length).toBeGreaterThan(5);
  expect(losses.at(-1)!.loss).toBeLessThan(losses[0].loss);
  await expect(page.getByTestId('step-counter')).toHaveText('30 / 30');
  await page.screenshot({ path: 'e2e-artifacts/train-wasm.png' });
  // The trained model downloads as a TinyFLAN safetensors checkpoint.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-checkpoint').click()]);
  const bytes = readFileSync(await file.path());
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  expect(header.__metadata__.format).toBe('tinyflan-checkpoint');
  expect(header['transformer.wte.weight'].shape[1]).toBe(32);
  expect(errors).toEqual([]);
});

test('a micro run trains on webgpu (SwiftShader) and the loss falls', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await openTrain(page);
  const hasAdapter = await page.evaluate(async () => {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    return !!gpu && !!(await gpu.requestAdapter());
  });
  expect(hasAdapter, 'this Chromium exposes no WebGPU adapter (needs --enable-unsafe-webgpu)').toBe(true);
  const losses = await trainMicro(page, { backend: 'webgpu', preset: 'nano', steps: 8, batchSize: 4, seqLen: 16, lr: 1e-2 });
  await expect(page.getByTestId('backend-badge')).toHaveText('webgpu');
  expect(losses.at(-1)!.loss).toBeLessThan(losses[0].loss);
  await page.screenshot({ path: 'e2e-artifacts/train-webgpu.png' });
  console.log(`webgpu losses: ${losses.map((p) => p.loss.toFixed(3)).join(' ')}`);
  expect(errors.filter((e) => !/WebGPU|powerPreference/i.test(e))).toEqual([]);
});
