/**
 * The landing is the lecture: every figure's reference result (world v1) is on the Start page at once, the
 * live-run estimate is unmeasured until this device is measured, and a live run shows its progress in the
 * tab title, notifies (after a click allowed it) and ends beside the reference. Screenshots at every size.
 */
import { expect, test, type Page } from '@playwright/test';
import { collectErrors, TRAINING_TEST_MS } from './helpers';
import { waitForSweep } from './lab-helpers';
import { expectNoSidewaysScroll, openAt, shoot, VIEWPORTS } from './shots';

const PRESETS = ['main', 'clusters', 'scale', 'instructions'];

async function expectReferences(page: Page): Promise<void> {
  for (const p of PRESETS) {
    const block = page.getByTestId(`reference-result-${p}`);
    await expect(block).toBeVisible({ timeout: 30_000 });
    await expect(block).toContainText('world v1');
    await expect(page.getByTestId(`reference-result-${p}-sentence`)).toHaveText(/\d+\.\d points|\(.*[+−]\d/);
  }
  await expect(page.getByTestId('world-note')).toContainText('world v1');
}

test('the Start page shows each reference result before anything trains, and measures before it estimates', async ({ page }) => {
  const errors = collectErrors(page);
  for (const vp of VIEWPORTS) {
    await openAt(page, vp);
    await expectReferences(page);
    await expect(page.getByTestId('reference-result-main').getByTestId('gain-row')).toHaveCount(12);
    await expect(page.getByTestId('estimate-main')).toHaveAttribute('data-measured', 'false');
    await expect(page.getByTestId('estimate-main')).not.toContainText(/\d+ (s|min)\b/);
    await expectNoSidewaysScroll(page);
    await shoot(page, 'start', vp);
  }
  // One click measures this device; every figure's estimate then comes from that measurement.
  await page.getByTestId('measure-main').click();
  await expect(page.getByTestId('estimate-main')).toHaveAttribute('data-measured', 'true', { timeout: 120_000 });
  await expect(page.getByTestId('estimate-main')).toContainText(/about \d+ (s|min) on this device \(rough: from the measured micro [\d.]+k? tokens\/s on \w+/);
  await expect(page.getByTestId('estimate-clusters')).toHaveAttribute('data-measured', 'true');
  await expect(page.getByTestId('estimate-scale')).toHaveAttribute('data-measured', 'false'); // nano not measured yet
  await shoot(page, 'start-measured', VIEWPORTS[2]);
  expect(errors).toEqual([]);
});

test('a live run: progress in the tab title, a notification after the user allowed it, then beside the reference', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  // A stand-in Notification that records what would be shown; permission is asked on the click only.
  await page.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    const asked: number[] = [];
    class FakeNotification {
      static permission: NotificationPermission = 'default';
      static requestPermission() {
        asked.push(Date.now());
        FakeNotification.permission = 'granted';
        return Promise.resolve('granted' as NotificationPermission);
      }
      onclick: (() => void) | null = null;
      constructor(title: string, opts?: { body?: string }) {
        shown.push({ title, body: opts?.body });
      }
      close() {}
    }
    Object.assign(window, { Notification: FakeNotification, __shown: shown, __asked: asked });
    document.hasFocus = () => false; // the lecturer is in another tab
  });
  await openAt(page, VIEWPORTS[0]);
  await expectReferences(page);
  expect(await page.evaluate(() => (window as unknown as { __asked: number[] }).__asked.length)).toBe(0);
  await page.getByTestId('reproduce-main').click();
  await expect(page.getByTestId('live-progress-main')).toContainText(/Running live: \d of 6 runs done/);
  await expect(page).toHaveTitle(/^\[\d+%\] \d\/6 runs · TinyFLAN lab$/);
  await page.getByTestId('notify-button').first().click();
  await expect(page.getByTestId('notify-on').first()).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __asked: number[] }).__asked.length)).toBe(1);
  await expect(page.getByTestId('sweep-chip')).toContainText('runs');
  await shoot(page, 'start-running', VIEWPORTS[0]);
  await page.getByTestId('watch-runs').click();
  await waitForSweep(page);
  await expect(page).toHaveTitle('✓ done · TinyFLAN lab');
  const shown = await page.evaluate(() => (window as unknown as { __shown: { title: string; body?: string }[] }).__shown);
  expect(shown).toHaveLength(1);
  expect(shown[0].title).toBe('TinyFLAN: the sweep is done');
  expect(shown[0].body).toMatch(/NLI/);
  await page.getByRole('button', { name: 'Start' }).click();
  const live = page.getByTestId('live-result-main');
  await expect(live).toBeVisible();
  await expect(page.getByTestId('live-result-main-sentence')).toHaveText(/NLI by [+−]\d+\.\d points on 1 seed/);
  await expect(live).toContainText(/world v3, 1 seed/); // micro is pretrained on world v3 (public/models/manifest.json)
  await expect(page.getByTestId('reference-result-main')).toBeVisible();
  await expect(page.getByTestId('figure-main')).toHaveClass(/wide/);
  // The live run measured this device's tuning speed: the estimate now comes from it.
  await expect(page.getByTestId('estimate-main')).toHaveAttribute('data-measured', 'true');
  await expect(page.getByTestId('estimate-main')).toContainText(/about \d+ (s|min) on this device \(what its last live run here took\)/);
  // Side by side where there is room, stacked on a phone; still there after a reload (saved in IndexedDB).
  for (const vp of VIEWPORTS) {
    await openAt(page, vp);
    await expect(page.getByTestId('live-result-main')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('reference-result-main')).toBeVisible({ timeout: 30_000 });
    const [a, b] = [await page.getByTestId('reference-result-main').boundingBox(), await page.getByTestId('live-result-main').boundingBox()];
    if (vp.width >= 1000) expect(Math.abs(a!.y - b!.y), 'side by side').toBeLessThan(5);
    else expect(b!.y).toBeGreaterThan(a!.y + a!.height - 1);
    await expectNoSidewaysScroll(page);
    await page.getByTestId('figure-main').scrollIntoViewIfNeeded();
    await shoot(page, 'start-live', vp);
  }
  expect(errors).toEqual([]);
});
