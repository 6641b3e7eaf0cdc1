/**
 * The landing view, the guided tour, lecturer mode, and a corrupt checkpoint upload: small checks
 * that need no training.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';

test('tour, lecturer mode and checkpoint validation', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/?lecture=1');
  await expect(page.locator('html')).toHaveClass(/lecture/);
  await expect(page.getByTestId('reproduce-main')).toBeVisible();
  await page.getByTestId('tour-button').click();
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  await expect(tour).toContainText('Instruction tuning');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(tour).toContainText('Held-out clusters');
  await page.screenshot({ path: 'e2e-artifacts/tour-lecture.png' });
  await page.keyboard.press('Escape');
  await expect(tour).toBeHidden();
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('setup-backend')).toBeHidden(); // advanced controls hidden in lecturer mode
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  await page.goto('/');
  await openPanel(page, 'Setup');
  await page.locator('.models summary').click();
  await page
    .getByTestId('checkpoint-upload')
    .setInputFiles({ name: 'broken.safetensors', mimeType: 'application/octet-stream', buffer: Buffer.from('this is not a checkpoint at all') });
  await expect(page.getByTestId('checkpoint-message')).toContainText('Not a usable TinyFLAN checkpoint');
  await expect(page.getByTestId('checkpoint-message')).toHaveAttribute('role', 'alert');
  // A real one (the shipped nano model) is accepted as the nano base model.
  const nano = readFileSync('public/models/nano.safetensors');
  await page.getByTestId('checkpoint-upload').setInputFiles({ name: 'my-nano.safetensors', mimeType: 'application/octet-stream', buffer: nano });
  await expect(page.getByTestId('checkpoint-message')).toContainText('is now the nano base model');
  expect(errors).toEqual([]);
});
