/**
 * Resume where it stopped: a reload during tuning, after the tuning was saved to IndexedDB, and the lab
 * says what it found, shows nothing as running, and Resume continues the tuning from the saved step
 * (not step 0). The finished tuned runs have the numbers of an uninterrupted sweep of the same setup
 * (same seed, wasm) run in a fresh browser context.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, sweepProgress, waitForSweep, waitForSweepState } from './lab-helpers';

const SETUP = { backend: 'wasm', steps: 60, evalExamples: 4 } as const;
/** src/ui/engineClient.ts: the user's save interval. 1 s (its least) instead of 15 s, so a short tuning is saved mid-way. */
const TUNE_SAVE_EVERY_KEY = 'tinyflan.tuneSaveEverySec';

/** The step of the tuning saved in this page's IndexedDB (0: none yet). */
function savedStep(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const open = indexedDB.open('tinyflan');
        open.onsuccess = () => {
          const db = open.result;
          if (!db.objectStoreNames.contains('tuneSaves')) return (db.close(), resolve(0));
          const all = db.transaction('tuneSaves').objectStore('tuneSaves').getAll();
          all.onsuccess = () => (db.close(), resolve(Math.max(0, ...all.result.map((s: { step: number }) => s.step))));
        };
        open.onerror = () => resolve(0);
      }),
  );
}

/** The tuned runs' results as the lab stored them (timings left out: they differ between any two runs). */
function tunedResults(page: Page): Promise<unknown[]> {
  return page.evaluate(
    () =>
      new Promise<unknown[]>((resolve, reject) => {
        const open = indexedDB.open('tinyflan');
        open.onsuccess = () => {
          const get = open.result.transaction('experiments').objectStore('experiments').get('current');
          get.onsuccess = () => {
            const results = JSON.parse(get.result.resultsJson) as { runs: { run: { id: string; kind: string }; result?: Record<string, unknown> }[] };
            open.result.close();
            resolve(results.runs.filter((e) => e.run.kind === 'tune-eval').map((e) => ({ id: e.run.id, ...e.result, wallTimeSec: 0, tokensPerSec: 0 })));
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** The step the Runs panel shows for the live run (0 when it shows none). */
async function shownStep(page: Page): Promise<number> {
  const stats = JSON.parse(await sweepProgress(page))[4] as string;
  return Number(/Step\s*(\d+)/.exec(stats)?.[1] ?? 0);
}

test('a reload during tuning resumes from the saved step and ends with the numbers of an uninterrupted run', async ({ page, browser }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.addInitScript((key) => localStorage.setItem(key, '1'), TUNE_SAVE_EVERY_KEY);
  await page.goto('/');
  await setUpTinyMain(page, SETUP);
  await page.getByTestId('run-experiment').click();
  await openPanel(page, 'Runs');
  await waitForSweepState(page, 'a saved tuning', async () => (await savedStep(page)) > 0);
  const k = await savedStep(page);
  expect(k).toBeLessThan(SETUP.steps); // saved mid-way (the last step is never saved: the tuning is then done)
  await page.reload();

  await expect(page.getByTestId('notice')).toContainText(`saved at step ${k} of ${SETUP.steps}`);
  await openPanel(page, 'Runs');
  await expect(page.locator('[data-testid="run-item"][data-status="running"]')).toHaveCount(0);
  await page.screenshot({ path: 'e2e-artifacts/resume-found.png' });
  await page.getByTestId('resume-sweep').click();
  await waitForSweepState(page, 'the resumed tuning', async () => (await shownStep(page)) > 0);
  expect(await shownStep(page)).toBeGreaterThan(k); // it went on from the save, not from step 0
  await waitForSweep(page);
  const resumed = await tunedResults(page);
  expect(resumed.length).toBe(2);

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto('/');
  await setUpTinyMain(other, SETUP);
  await other.getByTestId('run-experiment').click();
  await openPanel(other, 'Runs');
  await waitForSweep(other);
  expect(resumed).toEqual(await tunedResults(other));
  await fresh.close();
  expect(errors).toEqual([]);
});
