/**
 * This browser's experiments: two sweeps of different setups are both kept (across a reload), two ticked
 * entries show their findings side by side with the setting they differ in, and an entry opens as the current
 * experiment. Screenshots of the comparison at every size.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';
import { expectNoSidewaysScroll, openAt, shoot, VIEWPORTS } from './shots';

test('two experiments kept across a reload, compared side by side, and one reopened', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 3, evalExamples: 4 });
  await page.getByTestId('run-experiment').click();
  await waitForSweep(page);
  await openPanel(page, 'Results');
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expect(page.getByTestId('history-item')).toContainText('main: nano, 1 seed, 3 steps');

  // A second setup: its tuned runs replace the first's on the Results page (after asking), but both stay in the history.
  await openPanel(page, 'Setup');
  await page.getByTestId('setup-steps').fill('6');
  await page.getByTestId('run-experiment').click();
  await page.getByTestId('run-experiment-yes').click();
  await waitForSweep(page);

  await page.reload();
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  await openPanel(page, 'Results');
  const items = page.getByTestId('history-item');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText('6 steps'); // newest first
  await expect(items.nth(1)).toContainText('3 steps');
  await expect(items.nth(1)).toContainText('6 of 6 runs');
  await expect(items.nth(1).locator('.history-summary')).toHaveText(/^Instruction tuning changed held-out NLI by [+−]\d+\.\d points on 1 seed/);

  await expect(page.getByTestId('compare')).toHaveCount(0);
  await items.nth(1).getByTestId('history-compare').check();
  await items.nth(0).getByTestId('history-compare').check();
  const compare = page.getByTestId('compare');
  await expect(compare.getByTestId('compare-diff')).toHaveText('They differ in steps: 3 vs 6.');
  const cols = compare.getByTestId('compare-col');
  await expect(cols).toHaveCount(2);
  await expect(cols.nth(0)).toContainText('3 steps');
  await expect(cols.nth(1)).toContainText('6 steps');
  for (const i of [0, 1]) await expect(cols.nth(i).getByTestId('finding-sentence')).toHaveText(/held-out NLI/);
  // Side by side on a laptop: the two columns share a row.
  const [a, b] = await Promise.all([cols.nth(0).boundingBox(), cols.nth(1).boundingBox()]);
  expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
  expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);

  for (const vp of VIEWPORTS) {
    await openAt(page, vp);
    await openPanel(page, 'Results');
    // The picks are this visit's: tick them again after the reload.
    await page.getByTestId('history-item').nth(1).getByTestId('history-compare').check();
    await page.getByTestId('history-item').nth(0).getByTestId('history-compare').check();
    await expect(page.getByTestId('compare-col')).toHaveCount(2);
    await expectNoSidewaysScroll(page);
    if (vp.width < 640) {
      // Stacked on a phone.
      const [p, q] = await Promise.all([page.getByTestId('compare-col').nth(0).boundingBox(), page.getByTestId('compare-col').nth(1).boundingBox()]);
      expect(q!.y).toBeGreaterThanOrEqual(p!.y + p!.height - 1);
    }
    await page.getByTestId('compare').scrollIntoViewIfNeeded();
    await shoot(page, 'history-compare', vp);
  }

  // Open the older one: it becomes the current experiment, settings and all.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  await openPanel(page, 'Results');
  await page.getByTestId('history-item').nth(1).getByTestId('history-open').click();
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('setup-steps')).toHaveValue('3');
  await openPanel(page, 'Runs');
  await expect(page.locator('[data-testid="run-item"][data-status="done"]')).toHaveCount(6);
  expect(errors).toEqual([]);
});
