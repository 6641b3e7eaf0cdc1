/** Shared steps of the e2e tests: collecting console errors and running a tiny training job. */
import { expect, type Page } from '@playwright/test';

export interface LossPoint {
  step: number;
  loss: number;
}

/** Records console errors and uncaught page errors (from the page and its worker). */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

export interface MicroRun {
  backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'auto';
  preset: 'nano' | 'micro';
  steps: number;
  batchSize: number;
  seqLen: number;
  lr: number;
  timeoutMs: number;
}

/** Fills the Train form, clicks Train, waits for 'done' and returns the loss curve. */
export async function trainMicro(page: Page, run: MicroRun): Promise<LossPoint[]> {
  await page.getByLabel('Backend').selectOption(run.backend);
  await page.getByLabel('Model size').selectOption(run.preset);
  await page.getByLabel('Steps').fill(String(run.steps));
  await page.getByLabel('Batch size').fill(String(run.batchSize));
  await page.getByLabel('Sequence length').fill(String(run.seqLen));
  await page.getByLabel('Learning rate').fill(String(run.lr));
  await page.getByTestId('train-button').click();
  const status = page.getByTestId('train-status');
  await expect(status).not.toHaveText('idle');
  // Fail fast with the app's own message instead of waiting out the timeout.
  await expect(status).toHaveText(/^(done|error|cancelled)$/, { timeout: run.timeoutMs });
  if ((await status.textContent()) !== 'done') {
    throw new Error(`training ended as ${await status.textContent()}: ${await page.getByTestId('train-error').textContent().catch(() => '?')}`);
  }
  const json = await page.getByTestId('loss-values').textContent();
  return JSON.parse(json ?? '[]') as LossPoint[];
}

/** The Train playground is one panel among several now; the lab opens on Start. */
export async function openPanel(page: Page, title: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: title, exact: true }).click();
}

export async function openTrain(page: Page): Promise<void> {
  await openPanel(page, 'Train');
}
