/**
 * Shared steps of the e2e tests: collecting console errors, running a tiny training job, and waiting
 * on progress. Long waits never use a wall-clock budget sized for an idle machine: they fail only when
 * the visible progress stops changing (waitWhileProgressing), so a busy machine makes them slower, not red.
 */
import { expect, type Page } from '@playwright/test';

export interface LossPoint {
  step: number;
  loss: number;
}

/**
 * Records console errors and uncaught page errors (from the page and its worker: the worker's console
 * calls reach the page's, and src/browser/cspGuard.ts re-logs the worker's CSP violations there).
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  return errors;
}

/**
 * The whole-test limit for tests that train: only a backstop against a run that progresses forever;
 * the real failure signal is a stall (STALL_MS without visible progress).
 */
export const TRAINING_TEST_MS = 600_000;

/** How long nothing visible may change before a wait gives up (a step, a stage, a progress bar). */
export const STALL_MS = 90_000;

/** An element's text, or '' when it is not there (Locator.textContent would wait for it to appear). */
export function textOf(page: Page, testId: string): Promise<string> {
  return page.evaluate((id) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '', testId);
}

/**
 * Polls until `done()` holds. Fails when `progress()` (any text describing the visible progress)
 * has not changed for `stallMs`, naming `what` and the last progress seen.
 */
export async function waitWhileProgressing(
  page: Page,
  what: string,
  done: () => Promise<boolean>,
  progress: () => Promise<string>,
  stallMs = STALL_MS,
): Promise<void> {
  let last = await progress();
  let changedAt = Date.now();
  while (!(await done())) {
    const now = await progress();
    if (now !== last) {
      last = now;
      changedAt = Date.now();
    } else if (Date.now() - changedAt > stallMs) {
      throw new Error(`${what}: no progress for ${Math.round(stallMs / 1000)} s (last seen: ${now})`);
    }
    await page.waitForTimeout(250);
  }
}

export interface MicroRun {
  backend: 'webgpu' | 'webgl' | 'wasm' | 'cpu' | 'auto';
  preset: 'nano' | 'micro';
  steps: number;
  batchSize: number;
  seqLen: number;
  lr: number;
  /** Fails after this long without a new step (default STALL_MS); no limit on the whole run. */
  stallMs?: number;
}

/** Fills the Train form, clicks Train, waits for 'done' and returns the loss curve. */
export async function trainMicro(page: Page, run: MicroRun): Promise<LossPoint[]> {
  await page.getByLabel('Backend', { exact: true }).selectOption(run.backend);
  await page.getByLabel('Model size', { exact: true }).selectOption(run.preset);
  await page.getByLabel('Steps', { exact: true }).fill(String(run.steps));
  await page.getByLabel('Batch size', { exact: true }).fill(String(run.batchSize));
  await page.getByLabel('Sequence length', { exact: true }).fill(String(run.seqLen));
  await page.getByLabel('Learning rate', { exact: true }).fill(String(run.lr));
  await page.getByTestId('train-button').click();
  const status = page.getByTestId('train-status');
  await expect(status).not.toHaveText('idle');
  // Fail fast with the app's own message instead of waiting out the timeout.
  const ended = async () => /^(done|error|cancelled)$/.test(await textOf(page, 'train-status'));
  const stepText = async () => `${await textOf(page, 'train-status')} ${await textOf(page, 'step-counter')}`;
  await waitWhileProgressing(page, `training on ${run.backend}`, ended, stepText, run.stallMs);
  if ((await status.textContent()) !== 'done') {
    throw new Error(
      `training ended as ${await status.textContent()}: ${await page
        .getByTestId('train-error')
        .textContent()
        .catch(() => '?')}`,
    );
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
