/** Steps shared by the lab's e2e tests: a tiny `main` experiment set up through the Setup panel. */
import { expect, type Page } from '@playwright/test';
import { openPanel, STALL_MS, textOf, waitWhileProgressing } from './helpers';

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

/** What the Runs panel shows of the sweep's progress: run statuses, stage, progress bar, step. */
export function sweepProgress(page: Page): Promise<string> {
  return page.evaluate(() => {
    const text = (id: string) => document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
    const statuses = [...document.querySelectorAll('[data-testid="run-item"]')].map((e) => e.getAttribute('data-status'));
    const bar = document.querySelector<HTMLProgressElement>('.live-run progress')?.value ?? '';
    return JSON.stringify([text('sweep-status'), statuses, text('run-stage'), bar, document.querySelector('.live-run .stats')?.textContent ?? '']);
  });
}

/** Waits while the sweep makes progress until `done()` (e.g. a number of finished runs). */
export async function waitForSweepState(page: Page, what: string, done: () => Promise<boolean>, stallMs = STALL_MS): Promise<void> {
  await waitWhileProgressing(page, what, done, () => sweepProgress(page), stallMs);
}

/**
 * Waits until every run of the sweep is done (fails fast with a failed run's message), for as long
 * as the sweep keeps making visible progress.
 */
export async function waitForSweep(page: Page, stallMs = STALL_MS): Promise<void> {
  const idle = async () => (await textOf(page, 'sweep-status')) === 'idle';
  await waitForSweepState(page, 'the sweep', idle, stallMs);
  const failed = page.locator('[data-testid="run-item"][data-status="failed"]');
  if ((await failed.count()) > 0) throw new Error(`a run failed: ${await failed.first().textContent()}`);
  await expect(page.locator('[data-testid="run-item"]:not([data-status="done"])')).toHaveCount(0);
}

/** The plotted model (the hidden JSON the chart is drawn from) and the table's cell texts. */
export async function chartAndTable(page: Page): Promise<{ chart: { series: { name: string; values: ({ mean: number } | null)[] }[] }; cells: string[] }> {
  // Results lead with the finding; the full figure and its table are one click away.
  const toggle = page.getByTestId('toggle-full');
  await expect(page.getByTestId('finding').or(page.getByTestId('result-chart')).first()).toBeVisible();
  if ((await toggle.count()) > 0 && (await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  await expect(page.getByTestId('result-chart')).toBeVisible();
  const chart = JSON.parse((await page.getByTestId('chart-data').textContent()) ?? '{}');
  const cells = await page.getByTestId('result-cell').allTextContents();
  return { chart, cells };
}
