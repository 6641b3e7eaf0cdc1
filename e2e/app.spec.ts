import { expect, test } from '@playwright/test';
import { collectErrors, openTrain } from './helpers';

test('the app loads with no console errors and is keyboard reachable', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('TinyFLAN');
  await expect(page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Start' })).toHaveAttribute('aria-current', 'page');
  await page.screenshot({ path: 'e2e-artifacts/panel-start.png' });
  await openTrain(page);
  await expect(page.getByRole('navigation', { name: 'Panels' }).getByRole('button', { name: 'Train' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByTestId('train-status')).toHaveText('idle');
  await expect(page.getByTestId('backend-badge')).toHaveText('none yet');

  // Tab from the top reaches the Train button, and focus is visibly outlined.
  const train = page.getByTestId('train-button');
  for (let i = 0; i < 20 && !(await train.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
  await expect(train).toBeFocused();
  const outline = await train.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe('none');

  // Everything fits a 1280x720 viewport without a horizontal scrollbar.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.screenshot({ path: 'e2e-artifacts/app-loaded.png' });
  expect(errors).toEqual([]);
});
