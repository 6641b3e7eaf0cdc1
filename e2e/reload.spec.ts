/**
 * Reloading in the middle of a sweep: the finished runs come back from IndexedDB, the interrupted
 * one is pending again, and "Resume" completes the sweep without redoing finished runs.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, textOf, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep, waitForSweepState } from './lab-helpers';

test('a reload mid-sweep keeps finished runs and the sweep resumes', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 60, evalExamples: 4 });
  await page.getByTestId('run-experiment').click();
  const done = page.locator('[data-testid="run-item"][data-status="done"]');
  // The four base evaluations come first; the tuned run (60 steps, several seconds) is still going when we reload.
  await waitForSweepState(page, 'the four base evaluations', async () => (await done.count()) >= 4);
  await expect(done).toHaveCount(4);
  await waitForSweepState(page, 'the tuning stage', async () => (await textOf(page, 'run-stage')) === 'tune');
  await page.reload();

  await openPanel(page, 'Runs');
  await expect(done).toHaveCount(4);
  await expect(
    page.locator(
      '[data-testid="run-item"][data-status="done"], [data-testid="run-item"][data-status="pending"], [data-testid="run-item"][data-status="running"]',
    ),
  ).toHaveCount(6);
  await expect(page.getByTestId('resume-sweep')).toContainText('Resume (2 left)');
  await page.screenshot({ path: 'e2e-artifacts/reload-resume.png' });
  await page.getByTestId('resume-sweep').click();
  await waitForSweep(page);
  await expect(done).toHaveCount(6);
  await openPanel(page, 'Results');
  await expect(page.getByTestId('finding-sentence')).toBeVisible(); // Results lead with the finding
  expect(errors).toEqual([]);
});
