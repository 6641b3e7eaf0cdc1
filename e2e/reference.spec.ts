/**
 * The bundled reference runs (docs/results/*-h100.json) open on the Results page without training anything,
 * and show the experiment's figure and table.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';
import { chartAndTable } from './lab-helpers';

test('the reference scale run opens with all five sizes, base and tuned, and nothing runs', async ({ page }) => {
  const errors = collectErrors(page);
  await page.goto('/');
  await openPanel(page, 'Results');
  await expect(page.getByTestId('no-results')).toBeVisible();
  await page.getByTestId('reference-select').selectOption('scale-h100');
  const { chart, cells } = await chartAndTable(page);
  expect(chart.series.length).toBe(2); // base and tuned
  for (const s of chart.series) expect(s.values.filter((v) => v !== null).length).toBe(5);
  expect(cells.length).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('reference-error')).toHaveCount(0);
  await openPanel(page, 'Runs');
  await expect(page.getByTestId('sweep-status')).toHaveText('idle');
  expect(errors).toEqual([]);
});

test('the reference main run shows all 12 clusters on a 0-100% axis, although some intervals reach below 0', async ({ page }) => {
  const errors = collectErrors(page);
  await page.setViewportSize({ width: 1280, height: 1000 });
  await page.goto('/');
  await openPanel(page, 'Results');
  await page.getByTestId('reference-select').selectOption('main-tiny-h100');
  const { chart } = await chartAndTable(page);
  expect(chart.series.every((s) => s.values.length === 12)).toBe(true);
  const axis = page.getByTestId('result-chart').locator('.recharts-yAxis-tick-labels text');
  await expect(axis).toHaveText(['0%', '25%', '50%', '75%', '100%']);
  const xLabels = await page.getByTestId('result-chart').locator('.recharts-xAxis-tick-labels text').allTextContents();
  expect(xLabels.length).toBe(12);
  await page.screenshot({ path: 'e2e-artifacts/reference-main.png' });
  expect(errors).toEqual([]);
});
