/**
 * A run made here, end to end: its Results lead with the one-seed finding; Re-run, reproducing a figure and a
 * different setup all ask before they replace finished results (and "keep" keeps them); the Inspector shows
 * whole prompts (the OPTIONS list included), not ~8 lines of them. Screenshots at every size.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';
import { expectNoSidewaysScroll, openAt, shoot, VIEWPORTS } from './shots';

test('a tiny run: finding first, confirmations before replacing results, whole prompts in the Inspector', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 4 });
  await page.getByTestId('run-experiment').click(); // nothing to replace yet: no question
  await waitForSweep(page);
  await openPanel(page, 'Results');
  await expect(page.getByTestId('finding-sentence')).toHaveText(/^Instruction tuning changed held-out NLI by [+−]\d+\.\d points on 1 seed; run more seeds/);
  await expect(page.getByTestId('finding-row')).toHaveCount(1);
  await expect(page.locator('[data-testid="finding-row"]')).toHaveAttribute('data-verdict', 'one-seed');

  // Re-run asks; "keep" keeps everything as it was.
  await page.getByTestId('rerun').click();
  await expect(page.getByTestId('rerun-confirm')).toContainText('replaces the 6 finished runs');
  await page.getByTestId('rerun-no').click();
  await expect(page.getByTestId('rerun-confirm')).toHaveCount(0);
  await expect(page.getByTestId('finding-sentence')).toBeVisible();
  // So does a figure from the Start page, and a setup whose runs are not these.
  await openPanel(page, 'Start');
  await page.getByTestId('reproduce-scale').click();
  await expect(page.getByTestId('reproduce-confirm')).toContainText('replaces the 6 finished runs');
  await page.getByTestId('reproduce-no').click();
  await openPanel(page, 'Setup');
  await page.getByTestId('setup-steps').fill('6');
  await page.getByTestId('run-experiment').click();
  await expect(page.getByTestId('run-experiment-confirm')).toContainText('2 finished runs');
  await page.getByTestId('run-experiment-no').click();
  await page.getByTestId('setup-steps').fill('5');
  await openPanel(page, 'Runs');
  await expect(page.getByTestId('sweep-status')).toHaveText('idle');
  await expect(page.locator('[data-testid="run-item"][data-status="done"]')).toHaveCount(6);

  // The Inspector: every prompt is shown whole.
  await openPanel(page, 'Inspect');
  const prompts = page.locator('[data-testid="inspector-record"] .rendered-input');
  await expect(prompts.first()).toBeVisible();
  // The tuned model's prompts (right) use the instruction templates, whose OPTIONS list comes last.
  await expect(page.locator('[data-testid="inspector-right"] .rendered-input').first()).toContainText(/OPTIONS:\n- .+\n- /);
  const cut = await prompts.evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1).length);
  expect(cut).toBe(0);
  const scrollBox = await page.locator('.inspector-columns').evaluate((e) => getComputedStyle(e).overflowY);
  expect(scrollBox).toBe('visible');

  // Then Re-run, confirmed, really replaces them.
  await openPanel(page, 'Results');
  await page.getByTestId('rerun').click();
  await page.getByTestId('rerun-yes').click();
  await expect(page.getByTestId('sweep-status')).toHaveText('running');
  await waitForSweep(page);
  expect(errors).toEqual([]);
});

for (const vp of VIEWPORTS) {
  test(`a tiny run's Results, Runs and Inspector at ${vp.name}`, async ({ page }) => {
    test.setTimeout(TRAINING_TEST_MS);
    const errors = collectErrors(page);
    await openAt(page, vp);
    if (vp.lecture) {
      // Lecturer mode hides the advanced controls (backend, few-shot): set the budget that is shown.
      await openPanel(page, 'Setup');
      await page.getByTestId('size-select').selectOption('nano');
      await page.getByTestId('setup-steps').fill('5');
      await page.getByTestId('setup-eval-examples').fill('4');
      await page.getByTestId('setup-eval-templates').fill('1');
    } else {
      await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 4 });
    }
    await page.getByTestId('run-experiment').click();
    await waitForSweep(page);
    await shoot(page, 'runs-done', vp);
    await openPanel(page, 'Results');
    await expect(page.getByTestId('finding-sentence')).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'results-own-run', vp);
    await openPanel(page, 'Inspect');
    await expect(page.getByTestId('inspector-record').first()).toBeVisible();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'inspect', vp);
    expect(errors).toEqual([]);
  });
}
