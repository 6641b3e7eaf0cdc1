/**
 * Share links: a finished experiment's link opens in a fresh browser (no IndexedDB, no worker
 * state) straight onto the same plot without re-running; broken links of every kind show a
 * message (role="alert"), leave the defaults in place and the app keeps working.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { chartAndTable, setUpTinyMain, waitForSweep } from './lab-helpers';

test('a shared link reproduces settings and plotted numbers without re-running', async ({ page, browser }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 5, evalExamples: 4 });
  await page.getByTestId('setup-lr').fill('0.002');
  await page.getByTestId('run-experiment').click();
  await waitForSweep(page);
  await openPanel(page, 'Results');
  const original = await chartAndTable(page);
  await page.getByTestId('share-button').click();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#v2\.[0-9a-f]{8}\./); // format v2: version, checksum, payload

  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  const otherErrors = collectErrors(other);
  await other.goto(url);
  await expect(other.getByTestId('from-link')).toBeVisible();
  const shared = await chartAndTable(other);
  expect(shared.cells).toEqual(original.cells);
  expect(shared.chart.series.map((s) => s.values.map((v) => v?.mean.toFixed(2)))).toEqual(
    original.chart.series.map((s) => s.values.map((v) => v?.mean.toFixed(2))),
  );
  await other.screenshot({ path: 'e2e-artifacts/shared-link-results.png' });
  // Nothing ran: the queue shows finished runs only, and no engine backend was ever chosen.
  await openPanel(other, 'Runs');
  await expect(other.getByTestId('sweep-status')).toHaveText('idle');
  await expect(other.getByTestId('backend-badge')).toHaveText('none yet');
  // Same settings.
  await openPanel(other, 'Setup');
  await expect(other.getByTestId('size-select')).toHaveValue('nano');
  await expect(other.getByTestId('setup-steps')).toHaveValue('5');
  await expect(other.getByTestId('setup-lr')).toHaveValue('0.002');
  await expect(other.getByTestId('setup-eval-examples')).toHaveValue('4');
  await expect(other.getByTestId('run-count')).toContainText('6 runs');
  expect(otherErrors).toEqual([]);
  await fresh.close();
  expect(errors).toEqual([]);
});

async function expectBrokenLinkHandled(page: Page, hash: string, message: RegExp): Promise<void> {
  await page.goto('about:blank'); // a hash-only change would not reload the app
  await page.goto(`/#${hash}`);
  const alert = page.getByTestId('notice');
  await expect(alert).toHaveAttribute('role', 'alert');
  await expect(alert).toContainText(message);
  await expect(alert).toContainText(/default/);
  // The app still works: the defaults are in place and the setup computes a run list.
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('preset-picker')).toHaveValue('main');
  await expect(page.getByTestId('run-count')).toContainText('runs');
  await expect(page.getByTestId('run-experiment')).toBeEnabled();
}

test('malformed, truncated, oversized and old-version links show a message and open the defaults', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Setup');
  await page.getByTestId('setup-steps').fill('17');
  await openPanel(page, 'Results');
  await page.getByTestId('share-button').click();
  const good = (await page.getByTestId('share-url').inputValue()).split('#')[1];

  await expectBrokenLinkHandled(page, 'not-a-link<script>alert(1)</script>', /share link/i);
  await expectBrokenLinkHandled(page, good.slice(0, Math.floor(good.length / 2)), /./);
  await expectBrokenLinkHandled(page, `v1.${'A'.repeat(30_000)}`, /too long/i);
  await expectBrokenLinkHandled(page, good.replace(/^v2\./, 'v0.'), /older|version|format/i);
  await page.screenshot({ path: 'e2e-artifacts/broken-link.png' });
  expect(await page.locator('script:text("alert(1)")').count()).toBe(0);
  expect(errors).toEqual([]);
});
