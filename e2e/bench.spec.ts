/**
 * The Benchmark panel measures one preset on one backend in the engine worker. nano on wasm with
 * 2 timed steps takes a few seconds; the row must name exactly the backend tfjs ran on.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, textOf, TRAINING_TEST_MS, waitWhileProgressing } from './helpers';

test('benchmark: nano and tiny on wasm fill rows with the backend used, tokens/s, GFLOP/s and kernels/step, and a kept fixed-cost/speed line', async ({
  page,
}) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Benchmark');
  await expect(page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Benchmark' })).toHaveAttribute('aria-current', 'page');

  // Defaults: nano, micro, tiny × all four backends; batch 16, sequence 64, 5 steps.
  for (const p of ['nano', 'micro', 'tiny']) await expect(page.getByTestId(`bench-preset-${p}`)).toBeChecked();
  for (const b of ['webgpu', 'webgl', 'wasm', 'cpu']) await expect(page.getByTestId(`bench-backend-${b}`)).toBeChecked();
  await expect(page.getByTestId('bench-batch')).toHaveValue('16');
  await expect(page.getByTestId('bench-seqlen')).toHaveValue('64');
  await expect(page.getByTestId('bench-steps')).toHaveValue('5');

  // Only nano and tiny on wasm, 2 steps — driven from the keyboard (Space toggles a focused checkbox). nano and tiny,
  // not micro: a micro step costs little more than a nano one (fixed cost dominates), so on a busy machine the
  // two gave no line (CI, 2026-12-03: nano 570 ms/step); tiny has ~11× nano's FLOPs.
  await expect(page.getByTestId('bench-fits-empty')).toBeVisible(); // nothing fitted yet in a fresh browser
  for (const p of ['micro']) {
    await page.getByTestId(`bench-preset-${p}`).focus();
    await page.keyboard.press('Space');
    await expect(page.getByTestId(`bench-preset-${p}`)).not.toBeChecked();
  }
  for (const b of ['webgpu', 'webgl', 'cpu']) await page.getByTestId(`bench-backend-${b}`).uncheck();
  await page.getByTestId('bench-steps').fill('2');
  await page.getByTestId('bench-run').focus();
  await page.keyboard.press('Enter');

  const status = page.getByTestId('bench-status');
  const finished = async () => /^(done|cancelled)$/.test(await textOf(page, 'bench-status'));
  const progress = () =>
    page.evaluate(() => `${document.querySelector('[data-testid="bench-status"]')?.textContent} ${document.querySelector('table')?.textContent}`);
  await waitWhileProgressing(page, 'the benchmark', finished, progress);
  await expect(status).toHaveText('done');

  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['Preset', 'Backend used', 'Params', 'Layers', 'Tokens/s', 'ms/step', 'GFLOP/s', 'Kernels/step']);
  const rows = table.locator('tbody tr');
  await expect(rows).toHaveCount(2);
  const row = page.getByTestId('bench-row-nano-wasm');
  const state = await row.getAttribute('data-state');
  if (state !== 'done') throw new Error(`the nano/wasm row ended as ${state}: ${await row.textContent()}`);
  await expect(row.getByRole('rowheader')).toHaveText('nano');
  await expect(row.locator('[data-col="backend"] .badge')).toHaveText('wasm');
  await expect(row.getByTestId('bench-threads')).toHaveText(/^\s*\d+ threads?$/); // how many wasm threads ran
  const tokensPerSec = Number(await row.locator('[data-col="tokens-per-sec"]').getAttribute('data-value'));
  const kernelsPerStep = Number(await row.locator('[data-col="kernels-per-step"]').getAttribute('data-value'));
  const msPerStep = Number(await row.locator('[data-col="ms-per-step"]').getAttribute('data-value'));
  expect(tokensPerSec).toBeGreaterThan(0);
  expect(kernelsPerStep).toBeGreaterThan(0);
  expect(msPerStep).toBeGreaterThan(0);
  expect(Number(await row.locator('[data-col="params"]').getAttribute('data-value'))).toBeGreaterThan(0);
  expect(Number(await row.locator('[data-col="layers"]').getAttribute('data-value'))).toBeGreaterThan(0);
  const gflops = Number(await row.locator('[data-col="gflops"]').getAttribute('data-value'));
  expect(gflops).toBeGreaterThan(0);
  console.log(
    `bench nano/wasm: ${tokensPerSec.toFixed(0)} tok/s, ${msPerStep.toFixed(1)} ms/step, ${gflops.toFixed(3)} GFLOP/s, ${kernelsPerStep} kernels/step`,
  );
  const tiny = page.getByTestId('bench-row-tiny-wasm');
  await expect(tiny).toHaveAttribute('data-state', 'done');
  await expect(page.getByTestId('bench-nofit-wasm')).toHaveCount(0);

  // Two sizes on wasm: a line ms = fixed + FLOPs / speed, shown, kept in this browser, and still there after a reload.
  const fit = page.getByTestId('bench-fit-wasm');
  await expect(fit).toContainText(/GFLOP\/s, [\d,.]+ ms fixed per step \(2 measurements\) → [\d,]+ ms predicted for a tiny step at 32 × 128/);
  const fitGflops = Number(await fit.getAttribute('data-gflops'));
  const overhead = Number(await fit.getAttribute('data-overhead-ms'));
  expect(fitGflops).toBeGreaterThan(0);
  expect(overhead).toBeGreaterThanOrEqual(0);
  const tinyMs = Number(await tiny.locator('[data-col="ms-per-step"]').getAttribute('data-value'));
  console.log(`bench tiny/wasm: ${tinyMs.toFixed(1)} ms/step`);
  console.log(`bench wasm fit: ${fitGflops.toFixed(3)} GFLOP/s, ${overhead.toFixed(1)} ms fixed per step`);

  await page.screenshot({ path: 'e2e-artifacts/bench.png', fullPage: true });
  await page.reload();
  await openPanel(page, 'Benchmark');
  await expect(page.getByTestId('bench-fit-wasm')).toHaveAttribute('data-gflops', String(fitGflops));
  await page.getByTestId('bench-fits-forget').click();
  await expect(page.getByTestId('bench-fits-empty')).toBeVisible();
  expect(errors).toEqual([]);
});
