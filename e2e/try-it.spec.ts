/**
 * The Inspector's "Try it" box: a typed prompt through the base model alone before anything is tuned, then
 * base vs the model tuned in this tab, greedy generations and option probabilities side by side.
 * Screenshots at every size (lecturer mode's styles applied in place: a reload would drop the tuned model,
 * which lives in the worker's memory only).
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';
import { expectNoSidewaysScroll, shoot, VIEWPORTS } from './shots';

async function percents(page: Page, testId: string): Promise<number[]> {
  const texts = await page.getByTestId(testId).allTextContents();
  return texts.map((t) => Number(/([\d.]+)%/.exec(t)?.[1]));
}

test('try it: base only before tuning, then base vs tuned with option probabilities', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('/');
  await expect(page.locator('.app')).toHaveAttribute('data-ready', 'true');
  await openPanel(page, 'Inspect');
  await expect(page.getByTestId('try-it')).toBeVisible();
  await page.getByTestId('try-run').click();
  await expect(page.getByTestId('try-base')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('try-no-tuned')).toBeVisible();
  await expect(page.getByTestId('try-tuned')).toHaveCount(0);
  const base = await percents(page, 'try-base-option');
  expect(base).toHaveLength(2);
  expect(Math.abs(base[0] + base[1] - 100)).toBeLessThan(0.3);

  await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 4 });
  await page.getByTestId('run-experiment').click();
  await waitForSweep(page);
  await openPanel(page, 'Inspect');
  await page
    .getByTestId('try-prompt')
    .fill('Review: the soup was cold and the waiter was rude.\nIs this review positive or negative?\nOPTIONS:\n- positive\n- negative');
  await page.getByTestId('try-options').fill('positive\nnegative\n\n');
  await page.getByTestId('try-run').click();
  await expect(page.getByTestId('try-tuned')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('try-no-tuned')).toHaveCount(0);
  await expect(page.getByTestId('try-base')).toContainText('Base model (nano, untuned)');
  await expect(page.getByTestId('try-tuned')).toContainText(/Tuned: .*nano/);
  for (const side of ['try-base-option', 'try-tuned-option']) {
    const p = await percents(page, side);
    expect(p).toHaveLength(2);
    expect(Math.abs(p[0] + p[1] - 100)).toBeLessThan(0.3);
  }
  await expect(page.getByTestId('try-tuned-option').filter({ hasText: '← chosen' })).toHaveCount(1);
  await expect(page.getByTestId('try-base-generation')).not.toBeEmpty();
  await expect(page.getByTestId('try-tuned-generation')).not.toBeEmpty();
  // Greedy: the same prompt gives the same answers again.
  const first = await page.getByTestId('try-result').textContent();
  await page.getByTestId('try-run').click();
  await expect(page.getByTestId('try-run')).toHaveText('Try it');
  await expect(page.getByTestId('try-result')).toHaveText(first!);

  for (const vp of [VIEWPORTS[0], VIEWPORTS[2], VIEWPORTS[1]]) {
    await page.setViewportSize({ width: vp.width, height: vp.height });
    if (vp.lecture) await page.evaluate(() => (document.documentElement.classList.add('lecture'), document.querySelector('.app')!.classList.add('lecture')));
    await page.getByTestId('try-it').scrollIntoViewIfNeeded();
    await expectNoSidewaysScroll(page);
    await shoot(page, 'try-it', vp);
  }
  expect(errors).toEqual([]);
});
