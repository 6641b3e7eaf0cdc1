/**
 * The run queue while a sweep runs and after: time left per stage and for the whole sweep, from speeds
 * measured in this tab (tuning tokens/s, evaluation prompts/s), and each finished run's held-out score,
 * which must be the stored result's mean over the run's held-out clusters.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep } from './lab-helpers';
import { shoot, VIEWPORTS } from './shots';

/** Every distinct text the time-left fields showed, collected in the page as they change. */
async function recordEtaTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: Record<string, string[]> = { 'eta-tune': [], 'eta-evaluate': [], 'eta-sweep': [] };
    (window as unknown as { __eta: typeof seen }).__eta = seen;
    const look = () => {
      for (const id of Object.keys(seen)) {
        const t = document.querySelector(`[data-testid="${id}"]`)?.textContent;
        if (t && !seen[id].includes(t)) seen[id].push(t);
      }
    };
    new MutationObserver(look).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
}

/** The stored results' held-out score per run id (percent), read from the lab's IndexedDB. */
function storedScores(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    () =>
      new Promise<Record<string, number>>((resolve, reject) => {
        const open = indexedDB.open('tinyflan');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('experiments').objectStore('experiments').get('current');
          get.onsuccess = () => {
            const results = JSON.parse(get.result.resultsJson) as {
              runs: { run: { id: string; heldOut: string[] }; result?: { perCluster: Record<string, number> } }[];
            };
            const out: Record<string, number> = {};
            for (const e of results.runs) {
              if (!e.result) continue;
              const v = e.run.heldOut.map((c) => e.result!.perCluster[c]);
              out[e.run.id] = (100 * v.reduce((a, b) => a + b, 0)) / v.length;
            }
            resolve(out);
          };
        };
      }),
  );
}

test('time left per stage and for the sweep while it runs, then each run with its held-out score', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 30, evalExamples: 4 });
  await recordEtaTexts(page);
  await page.getByTestId('run-experiment').click();
  await openPanel(page, 'Runs');
  await expect(page.getByTestId('sweep-eta')).toBeVisible();
  // The first runs only evaluate: until a tuning has run here, the total says it leaves tuning out.
  await expect(page.getByTestId('eta-sweep')).toContainText("nano's first tuning not measured yet", { timeout: 60_000 });
  await expect(page.getByTestId('eta-evaluate')).toHaveText(/^\d+ s at [\d,.]+ prompts\/s$/, { timeout: 60_000 });
  await expect(page.getByTestId('eta-tune')).toHaveText(/^\d+ s at [\d,]+ tokens\/s$/, { timeout: 120_000 });
  // The header carries the sweep's time left on every panel.
  await expect(page.getByTestId('sweep-chip').getByTestId('sweep-left')).toHaveText(/^(about|more than) \d+( min \d+)? s left$/);
  await shoot(page, 'runs-eta', VIEWPORTS[0]);
  await waitForSweep(page);
  await expect(page.getByTestId('sweep-eta')).toHaveCount(0);
  const seen = await page.evaluate(() => (window as unknown as { __eta: Record<string, string[]> }).__eta);
  // Once tuning was measured the whole sweep had a measured total, with nothing left out.
  expect(
    seen['eta-sweep'].some((t) => /^about \d+( min \d+)? s$/.test(t)),
    seen['eta-sweep'].join(' | '),
  ).toBe(true);
  expect(seen['eta-tune'].filter((t) => t !== '—').length).toBeGreaterThan(0);

  // Every finished run shows its held-out score: the stored result's mean over its held-out clusters.
  const stored = await storedScores(page);
  const items = page.locator('[data-testid="run-item"][data-status="done"]');
  await expect(items).toHaveCount(6);
  const shown = await items.evaluateAll((els) =>
    Object.fromEntries(els.map((e) => [e.getAttribute('data-run-id'), e.querySelector('[data-testid="run-score"]')?.textContent ?? ''])),
  );
  expect(Object.keys(stored)).toHaveLength(6);
  expect(shown).toEqual(Object.fromEntries(Object.entries(stored).map(([id, v]) => [id, `held-out ${v.toFixed(1)}%`])));
  await page.setViewportSize({ width: 390, height: 844 });
  await shoot(page, 'runs-scores', VIEWPORTS[2]);
  expect(errors).toEqual([]);
});
