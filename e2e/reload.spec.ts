/**
 * Reloading in the middle of a sweep: the finished runs come back from IndexedDB, the interrupted
 * one is pending again, and "Resume" completes the sweep without redoing finished runs.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';

test('a reload mid-sweep keeps finished runs and the sweep resumes', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 150, evalExamples: 4 });
  await page.getByTestId('run-experiment').click();
  const done = page.locator('[data-testid="run-item"][data-status="done"]');
  // The four base evaluations come first; the tuned run (150 steps) is still going when we reload.
  await expect(done).toHaveCount(4, { timeout: 60_000 });
  await expect(page.getByTestId('run-stage')).toHaveText('tune', { timeout: 30_000 });
  await page.reload();

  await openPanel(page, 'Runs');
  await expect(done).toHaveCount(4);
  await expect(page.locator('[data-testid="run-item"][data-status="done"], [data-testid="run-item"][data-status="pending"], [data-testid="run-item"][data-status="running"]')).toHaveCount(6);
  await expect(page.getByTestId('resume-sweep')).toContainText('Resume (2 left)');
  await page.screenshot({ path: 'e2e-artifacts/reload-resume.png' });
  await page.getByTestId('resume-sweep').click();
  await waitForSweep(page, 100_000);
  await expect(done).toHaveCount(6);
  await openPanel(page, 'Results');
  await expect(page.getByTestId('result-chart')).toBeVisible();
  expect(errors).toEqual([]);
});
