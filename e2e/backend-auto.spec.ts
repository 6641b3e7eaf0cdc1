/**
 * Backend auto-choice in Debian chromium, whose WebGPU adapter and WebGL renderer are SwiftShader (CPU
 * emulation, tens of times slower than wasm): "auto" must take wasm, and the badge must say why: it times one
 * training step on each backend that starts (wasm, cpu) and takes the fastest.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, openTrain, trainMicro } from './helpers';
import { openAt, shoot, VIEWPORTS } from './shots';

test('auto passes over the SwiftShader WebGPU adapter and takes wasm, and the badge says why', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  // This chromium does offer a WebGPU adapter: a fallback (software) one.
  const adapter = await page.evaluate(async () => {
    const a = await (
      navigator as unknown as {
        gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: { architecture?: string; isFallbackAdapter?: boolean } } | null> };
      }
    ).gpu?.requestAdapter();
    return a ? { fallback: !!(a.isFallbackAdapter || a.info?.isFallbackAdapter), architecture: a.info?.architecture ?? '' } : null;
  });
  test.skip(adapter === null, 'no WebGPU adapter at all in this browser: nothing to pass over');
  expect(adapter!.fallback || /swiftshader/i.test(adapter!.architecture)).toBe(true);

  await openTrain(page);
  await trainMicro(page, { backend: 'auto', preset: 'nano', steps: 3, batchSize: 4, seqLen: 16, lr: 0.003 });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  const why = page.getByTestId('backend-why');
  await expect(why).toContainText('Auto chose wasm');
  // It timed one training step on each backend that started (wasm and cpu here; the software GPUs are not worth a step).
  await expect(why).toContainText(/Auto chose wasm, the fastest of one timed training step each \(wasm [\d.]+ ms, cpu [\d.]+ ms\)/);
  await expect(why).toContainText(/webgpu here is a fallback \(software\) adapter|webgpu here is a software adapter/);
  await expect(why).toContainText(/swiftshader/i);
  await expect(why).toContainText('slower than wasm');
  await expect(page.getByTestId('backend-fallback')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('with benchmark fits kept for wasm and cpu, auto takes the one they predict fastest and says so', async ({ page }) => {
  const errors = collectErrors(page);
  // Fits as the Benchmark panel keeps them; cpu's is made the faster one, so following them is visible (timing would take wasm).
  await page.addInitScript(() => {
    localStorage.setItem(
      'tinyflan.stepFits',
      JSON.stringify([
        { backend: 'wasm', overheadMs: 5, gflops: 0.5, points: 2 },
        { backend: 'cpu', overheadMs: 5, gflops: 50, points: 2 },
      ]),
    );
  });
  await page.goto('/');
  await openTrain(page);
  await trainMicro(page, { backend: 'auto', preset: 'nano', steps: 2, batchSize: 2, seqLen: 16, lr: 0.003 });
  await expect(page.getByTestId('backend-badge')).toHaveText('cpu');
  await expect(page.getByTestId('backend-why')).toContainText(
    /Auto chose cpu, predicted fastest by your benchmark for a tiny step at 32 × 128 \(cpu [\d.]+ ms, wasm [\d,.]+ ms\)/,
  );
  expect(errors).toEqual([]);
});

test('"Reproduce Figure 1" on auto runs on wasm; the lecture header shows the badge', async ({ page }) => {
  const errors = collectErrors(page);
  const vp = VIEWPORTS.find((v) => v.lecture)!;
  await openAt(page, vp);
  await page.getByTestId('reproduce-main').click();
  await page.getByTestId('watch-runs').click(); // the Start page stays on the live run; its progress links to Runs
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm', { timeout: 60_000 });
  await expect(page.getByTestId('header-backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('backend-why')).toContainText(/swiftshader/i);
  await shoot(page, 'runs-live', vp);
  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('idle', { timeout: 60_000 });
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  expect(errors).toEqual([]);
});
