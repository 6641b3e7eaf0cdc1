/** Pause, resume and cancel reach the worker and the UI follows them; the page stays usable after. */
import { expect, test } from '@playwright/test';
import { collectErrors, openTrain } from './helpers';

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
