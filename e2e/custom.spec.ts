/** The custom preset in Setup: the cluster map cycles tuned on → held out → unused, and the run list follows. No training. */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';

test('choosing "custom run" and toggling clusters changes the runs shown', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Setup');
  await page.getByTestId('preset-picker').selectOption('custom');
  await expect(page.getByTestId('preset-picker')).toHaveValue('custom');
  await expect(page.getByTestId('preset-picker').locator('option:checked')).toContainText('Custom run');
  await page.getByTestId('setup-seeds').fill('1');

  const count = page.getByTestId('run-count');
  const runList = page.locator('.run-list li');
  // Defaults: NLI held out; paraphrase too close to it (excluded, not tunable); the rest tuned on.
  await expect(page.getByTestId('cluster-nli')).toHaveAttribute('data-state', 'held');
  await expect(page.getByTestId('cluster-paraphrase')).toHaveAttribute('data-state', 'excluded');
  await expect(page.getByTestId('cluster-sentiment')).toHaveAttribute('data-state', 'tuned');
  await expect(count).toContainText(/^2 runs/); // base + tuned, zero-shot
  const before = await count.textContent();
  const listBefore = await runList.allTextContents();

  // tuned on → held out: the held-out group (and so the evaluation estimate and run list) changes.
  await page.getByTestId('cluster-closed_book_qa').click();
  await expect(page.getByTestId('cluster-closed_book_qa')).toHaveAttribute('data-state', 'held');
  await expect(count).not.toHaveText(before!);
  expect(await runList.allTextContents()).not.toEqual(listBefore);

  // held out → unused → tuned on again.
  await page.getByTestId('cluster-closed_book_qa').click();
  await expect(page.getByTestId('cluster-closed_book_qa')).toHaveAttribute('data-state', 'unused');
  await page.getByTestId('cluster-closed_book_qa').click();
  await expect(page.getByTestId('cluster-closed_book_qa')).toHaveAttribute('data-state', 'tuned');
  await expect(count).toHaveText(before!);

  // Few-shot evaluation doubles the run count; a second seed doubles it again.
  await page.getByTestId('setup-eval-fewshot').check();
  await expect(count).toContainText(/^4 runs/);
  await page.getByTestId('setup-seeds').fill('1, 2');
  await expect(count).toContainText(/^8 runs/);
  await expect(page.getByTestId('run-experiment')).toBeEnabled();
  expect(errors).toEqual([]);
});
