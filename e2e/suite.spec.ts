/**
 * The template editor: an edit shows in the live preview at once; an unknown placeholder shows
 * an inline error and disables running until the template is fixed or reset.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';

test('editing a template updates the preview; an unknown placeholder blocks running', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Suite');
  await page.getByTestId('suite-cluster').selectOption('sentiment');
  const input = page.getByTestId('template-input');
  const original = await input.inputValue();
  await input.fill(`Quick question! ${original}`);
  await expect(page.getByTestId('preview-input').first()).toContainText('Quick question!');
  await expect(page.getByTestId('template-errors')).toHaveCount(0);
  await page.screenshot({ path: 'e2e-artifacts/panel-suite.png' });

  await input.fill(`${original} {bogus_field}`);
  await expect(page.getByTestId('template-errors')).toContainText('{bogus_field}');
  await expect(page.getByTestId('template-errors')).toHaveAttribute('role', 'alert');
  await page.screenshot({ path: 'e2e-artifacts/template-error.png' });
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('template-block')).toBeVisible();
  await expect(page.getByTestId('run-experiment')).toBeDisabled();
  await openPanel(page, 'Start');
  await expect(page.getByTestId('reproduce-main')).toBeDisabled();

  await openPanel(page, 'Suite');
  await page.getByTestId('suite-cluster').selectOption('sentiment');
  await page.getByTestId('template-reset').click();
  await expect(input).toHaveValue(original);
  await openPanel(page, 'Setup');
  await expect(page.getByTestId('template-block')).toHaveCount(0);
  await expect(page.getByTestId('run-experiment')).toBeEnabled();
  expect(errors).toEqual([]);
});
