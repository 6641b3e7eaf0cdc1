/**
 * A tiny `main` experiment end to end on both engines: Setup → Runs → Results. The plot and the
 * table must show the same numbers, and the inspector must show the evaluated items. webgpu here is
 * SwiftShader (CPU emulation, ~30x slower than wasm): it gets the smallest budget that still tunes
 * and evaluates every run through the GPU path (2 steps, 2 examples per dataset).
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openPanel, TRAINING_TEST_MS } from './helpers';
import { chartAndTable, setUpTinyMain, waitForSweep } from './lab-helpers';

for (const backend of ['wasm', 'webgpu'] as const) {
  test(`a tiny main experiment runs end to end on ${backend}`, async ({ page }) => {
    test.setTimeout(TRAINING_TEST_MS);
    const errors = collectErrors(page);
    await page.goto('/');
    await setUpTinyMain(page, backend === 'webgpu' ? { backend, steps: 2, evalExamples: 2 } : { backend, steps: 5, evalExamples: 4 });
    await expect(page.getByTestId('run-count')).toContainText('6 runs');
    if (backend === 'wasm') await page.screenshot({ path: 'e2e-artifacts/panel-setup.png' });
    await page.getByTestId('run-experiment').click();
    await expect(page.getByTestId('sweep-status')).toHaveText(/running|paused/);
    await expect(page.getByTestId('live-run')).toBeVisible();
    if (backend === 'wasm') await page.screenshot({ path: 'e2e-artifacts/panel-runs.png' });
    await waitForSweep(page);
    await expect(page.getByTestId('backend-badge')).toHaveText(backend);

    await openPanel(page, 'Results');
    const { chart, cells } = await chartAndTable(page);
    const plotted = chart.series.flatMap((s) => s.values.map((c) => (c ? c.mean.toFixed(1) : '—')));
    expect(cells.map((c) => c.split(' ')[0])).toEqual(plotted);
    expect(plotted.filter((v) => v !== '—').length).toBe(6); // 4 base conditions (2 prompts × 0/k-shot) + tuned 0/k-shot
    await expect(page.locator('.recharts-bar-rectangle').first()).toBeVisible();
    await page.screenshot({ path: `e2e-artifacts/panel-results-${backend}.png` });

    await openPanel(page, 'Inspect');
    await expect(page.getByTestId('inspector-record').first()).toBeVisible();
    if (backend === 'wasm') await page.screenshot({ path: 'e2e-artifacts/panel-inspect.png' });
    expect(errors.filter((e) => !/WebGPU|powerPreference/i.test(e))).toEqual([]);
  });
}
