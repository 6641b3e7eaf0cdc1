/** Steps shared by the lab's e2e tests: a tiny `main` experiment set up through the Setup panel. */
import { expect, type Page } from '@playwright/test';
import { openPanel } from './helpers';

export interface TinyMain {
  backend: 'wasm' | 'webgpu';
  steps: number;
  evalExamples: number;
}

/** nano, NLI held out, one seed, one eval template: the smallest experiment that has every kind of run. */
export async function setUpTinyMain(page: Page, run: TinyMain): Promise<void> {
  await openPanel(page, 'Setup');
  await page.getByTestId('preset-picker').selectOption('main');
  await page.getByTestId('size-select').selectOption('nano');
  await page.getByTestId('setup-backend').selectOption(run.backend);
  await page.getByTestId('setup-steps').fill(String(run.steps));
  await page.getByTestId('setup-eval-examples').fill(String(run.evalExamples));
  await page.getByTestId('setup-eval-templates').fill('1');
  await page.getByTestId('setup-kshot').fill('1');
  await page.getByTestId('setup-seeds').fill('1');
  await expect(page.getByTestId('cluster-nli')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('cluster-paraphrase')).toHaveAttribute('data-state', 'excluded');
}

/** Waits until every run of the sweep is done (fails fast with a failed run's message). */
export async function waitForSweep(page: Page, timeoutMs: number): Promise<void> {
  await expect(page.getByTestId('sweep-status')).toHaveText('idle', { timeout: timeoutMs });
  const failed = page.locator('[data-testid="run-item"][data-status="failed"]');
  if ((await failed.count()) > 0) throw new Error(`a run failed: ${await failed.first().textContent()}`);
  await expect(page.locator('[data-testid="run-item"]:not([data-status="done"])')).toHaveCount(0);
}

/** The plotted model (the hidden JSON the chart is drawn from) and the table's cell texts. */
export async function chartAndTable(page: Page): Promise<{ chart: { series: { name: string; values: ({ mean: number } | null)[] }[] }; cells: string[] }> {
  await expect(page.getByTestId('result-chart')).toBeVisible();
  const chart = JSON.parse((await page.getByTestId('chart-data').textContent()) ?? '{}');
  const cells = await page.getByTestId('result-cell').allTextContents();
  return { chart, cells };
}
