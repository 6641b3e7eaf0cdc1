/** Pause, resume and cancel reach the worker and the UI follows them; the page stays usable after. */
import { expect, test } from '@playwright/test';
import { collectErrors, openTrain, textOf, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweepState } from './lab-helpers';

test('a run can be paused, resumed and cancelled', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openTrain(page);
  await page.getByLabel('Backend').selectOption('wasm');
  await page.getByLabel('Model size').selectOption('nano');
  await page.getByLabel('Steps').fill('5000');
  await page.getByLabel('Sequence length').fill('16');
  await page.getByTestId('train-button').click();
  const status = page.getByTestId('train-status');
  await expect(status).toHaveText('running');
  await expect(page.getByTestId('step-counter')).toHaveText(/^\d+ \/ 5000$/);
  await expect(page.getByTestId('train-button')).toBeDisabled();

  await page.getByTestId('pause-button').click();
  await expect(status).toHaveText('paused');
  const pausedAt = await page.getByTestId('step-counter').textContent();
  await page.waitForTimeout(600); // several flush intervals: a paused run must not advance
  await expect(page.getByTestId('step-counter')).toHaveText(pausedAt!);

  await page.getByTestId('resume-button').click();
  await expect(status).toHaveText('running');
  await expect(page.getByTestId('step-counter')).not.toHaveText(pausedAt!);

  await page.getByTestId('cancel-button').click();
  await expect(status).toHaveText('cancelled');
  await expect(page.getByTestId('train-button')).toBeEnabled();
  await expect(page.getByTestId('train-error')).toHaveCount(0); // cancelling is not an error
  expect(errors).toEqual([]);
});

/** Evaluation reports progress per batch and must honour pause and cancel there too (not only tuning). */
test('a sweep can be paused and cancelled while it evaluates', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 200 });
  await page.getByTestId('run-experiment').click();
  const bar = page.locator('.live-run progress');
  const value = () => bar.evaluate((el) => (el as HTMLProgressElement).value);
  await waitForSweepState(page, 'the first evaluation', async () => (await textOf(page, 'run-stage')) === 'evaluate' && (await value()) > 0.05);

  await page.getByTestId('sweep-pause').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('paused');
  await expect(page.getByTestId('run-stage')).toContainText('evaluate');
  const pausedAt = await value();
  await page.waitForTimeout(1500); // several flushes: a paused evaluation must not advance
  expect(await value()).toBe(pausedAt);

  await page.getByTestId('sweep-resume').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('running');
  await expect.poll(value).toBeGreaterThan(pausedAt);

  await page.getByTestId('sweep-cancel').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('idle');
  await expect(page.locator('[data-testid="run-item"][data-status="failed"]')).toHaveCount(0); // a cancel is no failure
  await expect(page.getByTestId('resume-sweep')).toContainText('Start'); // nothing finished: the run is pending again
  expect(errors).toEqual([]);
});
