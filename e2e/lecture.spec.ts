/**
 * Answer first and lecturer mode, on the bundled reference main run, at 1280×720, 1920×1080 (?lecture=1) and
 * 390×844: the Start page leads to the reference result without training; the Results panel leads with the sentence and the paired gain per held-out cluster, the chance
 * level, a legend in bar order; the full comparison is one click away. Lecturer mode keeps the reference runs,
 * the results-file picker and the backend badge in view, draws chart text at ≥ 16 px and clips no axis text.
 * Screenshots of each panel go to test-results/screenshots/.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { collectErrors, openPanel } from './helpers';
import { expectNoSidewaysScroll, openAt, shoot, VIEWPORTS } from './shots';

/** Bars (fill of each bar layer's first rectangle) in left-to-right or top-to-bottom order, and the legend's colours. */
async function barAndLegendColors(chart: Locator, sideways = false): Promise<{ bars: string[]; legend: string[] }> {
  return chart.evaluate((root, across) => {
    const layers = [...root.querySelectorAll('.recharts-bar')];
    const bars = layers
      .map((layer) => {
        const rect = layer.querySelector('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
        const box = rect?.getBoundingClientRect();
        // Within the first category's band the bars sit side by side (or one under another, sideways).
        return { fill: rect?.getAttribute('fill') ?? '', at: box ? (across ? box.top : box.left) : Infinity };
      })
      .filter((b) => b.fill.startsWith('var(--series') || b.fill.startsWith('var(--paper'))
      .sort((a, b) => a.at - b.at)
      .map((b) => b.fill);
    const legend = [...root.querySelectorAll('[data-testid="legend-item"]')]
      .map((li) => li.getAttribute('data-color') ?? '')
      .filter((c) => c.startsWith('var(--series') || c.startsWith('var(--paper'));
    return { bars, legend };
  }, sideways);
}

/** Every axis text lies inside the chart's SVG (no "00%" for "100%", no half cluster names). */
async function expectAxisTextInside(chart: Locator): Promise<void> {
  const outside = await chart.evaluate((root) => {
    const svg = root.querySelector('svg.recharts-surface')!.getBoundingClientRect();
    return [...root.querySelectorAll('.recharts-cartesian-axis-tick text, .recharts-label')]
      .map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.left < svg.left - 1 || box.right > svg.right + 1 || box.top < svg.top - 1 || box.bottom > svg.bottom + 1))
      .map(({ text }) => text);
  });
  expect(outside).toEqual([]);
}

async function fontPx(locator: Locator): Promise<number[]> {
  return locator.evaluateAll((els) => els.map((e) => parseFloat(getComputedStyle(e).fontSize)));
}

async function openReferenceMain(page: Page): Promise<void> {
  await openPanel(page, 'Results');
  await expect(page.getByTestId('reference-select')).toBeVisible();
  await expect(page.getByTestId('results-import')).toBeVisible();
  await page.getByTestId('reference-select').selectOption('main-tiny-h100');
  await expect(page.getByTestId('finding-sentence')).toBeVisible();
}

for (const vp of VIEWPORTS) {
  test(`answer first and lecturer mode at ${vp.name}`, async ({ page }) => {
    const errors = collectErrors(page);
    await openAt(page, vp);
    if (vp.lecture) {
      await expect(page.locator('html')).toHaveClass(/lecture/);
      await expect(page.getByTestId('header-backend-badge')).toBeVisible();
    }
    await shoot(page, 'start', vp);
    if (vp.lecture) {
      // The landing leads to the full-budget result without training; the Results panel still offers them all.
      await page.getByTestId('reference-main').click();
      await expect(page.getByTestId('finding-sentence')).toBeVisible();
      await expect(page.getByTestId('reference-select')).toBeVisible();
      await expect(page.getByTestId('results-import')).toBeVisible();
    } else {
      await openReferenceMain(page);
    }

    // The finding: one sentence, 12 held-out clusters with their paired gain and chance level.
    await expect(page.getByTestId('finding-sentence')).toHaveText(
      /^Over 3 seeds, instruction tuning raised 1 of 12 held-out clusters \(commonsense \+2\.7 ± 2\.1\), lowered \d/,
    );
    await expect(page.getByTestId('finding-row')).toHaveCount(12);
    await expect(page.locator('[data-testid="finding-row"][data-label="commonsense"] [data-testid="finding-gain"]')).toHaveText('+2.7 ± 2.1');
    await expect(page.locator('[data-testid="finding-row"][data-label="NLI"] [data-testid="finding-chance"]')).toHaveText(/^\d+\.\d$/);
    await expect(page.getByTestId('result-chart')).toHaveCount(0); // the full comparison waits for a click
    const finding = page.getByTestId('finding-chart');
    await expect(finding.locator('.recharts-bar-rectangle').first()).toBeVisible();
    const f = await barAndLegendColors(finding, vp.width < 640);
    expect(f.legend).toEqual(['var(--series-1)', 'var(--series-2)']);
    expect(f.bars).toEqual(f.legend);
    await expectAxisTextInside(finding);
    await expect(finding).toHaveAttribute('data-layout', vp.width < 640 ? 'sideways' : 'columns');
    if (vp.lecture) {
      for (const px of await fontPx(finding.locator('.recharts-cartesian-axis-tick text'))) expect(px).toBeGreaterThanOrEqual(16);
      for (const px of await fontPx(finding.getByTestId('legend-item'))) expect(px).toBeGreaterThanOrEqual(16);
    }
    await expectNoSidewaysScroll(page);
    await shoot(page, 'results-finding', vp);

    // The full comparison, one click away: every series and the paper's, legend in bar order.
    await page.getByTestId('toggle-full').click();
    const full = page.getByTestId('result-chart');
    await expect(full).toBeVisible();
    const model = JSON.parse((await page.getByTestId('chart-data').textContent()) ?? '{}') as { series: { name: string }[]; paper: { name: string }[] };
    const legendNames = await full.getByTestId('legend-item').allTextContents();
    expect(legendNames).toEqual([...model.series.map((s) => s.name), ...model.paper.map((p) => p.name)]);
    const narrow = vp.width < 640;
    const c = await barAndLegendColors(full, narrow);
    expect(c.bars).toEqual(c.legend);
    await expect(full.locator(narrow ? '.recharts-xAxis-tick-labels text' : '.recharts-yAxis-tick-labels text')).toHaveText([
      '0%',
      '25%',
      '50%',
      '75%',
      '100%',
    ]);
    await expectAxisTextInside(full);
    // On a phone the bars turn sideways: every cluster is in view with its whole name, nothing behind a sideways scroll.
    await expect(full.getByTestId('result-chart-box')).toHaveAttribute('data-layout', narrow ? 'sideways' : 'columns');
    if (narrow) {
      const shortNames =
        (model as unknown as { shortCategories?: string[]; categories: string[] }).shortCategories ?? (model as unknown as { categories: string[] }).categories;
      await expect(full.locator('.recharts-yAxis-tick-labels text')).toHaveText(shortNames);
      const scroll = await full.locator('.chart-scroll').evaluate((e) => e.scrollWidth - e.clientWidth);
      expect(scroll).toBeLessThanOrEqual(0);
    }
    if (vp.lecture) {
      for (const px of await fontPx(full.locator('.recharts-cartesian-axis-tick text'))) expect(px).toBeGreaterThanOrEqual(16);
      for (const px of await fontPx(full.getByTestId('legend-item'))) expect(px).toBeGreaterThanOrEqual(16);
    }
    // The table is not squeezed into a small scroll box: all 12 rows are laid out at full height.
    const table = full.getByTestId('results-table');
    const box = await table.evaluate((t) => ({ table: t.getBoundingClientRect().height, parent: t.parentElement!.clientHeight }));
    expect(box.parent).toBeGreaterThanOrEqual(box.table - 1);
    await full.scrollIntoViewIfNeeded();
    await page.mouse.move(0, 0); // no tooltip left over from the click
    await shoot(page, 'results-full', vp);
    await full.locator('.chart-scroll').screenshot({ path: `test-results/screenshots/results-full-chart-${vp.name}.png` });

    // The other panels this work touched, at the same size.
    await openPanel(page, 'Setup');
    const clipped = await page
      .locator('.cluster-cell .cluster-name')
      .evaluateAll((els) =>
        els
          .filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > e.parentElement!.getBoundingClientRect().right + 1)
          .map((e) => e.textContent),
      );
    expect(clipped).toEqual([]);
    await expectNoSidewaysScroll(page);
    await shoot(page, 'setup', vp);
    await openPanel(page, 'Suite');
    await expectNoSidewaysScroll(page);
    await shoot(page, 'suite', vp);
    await openPanel(page, 'Runs');
    await shoot(page, 'runs', vp);
    expect(errors).toEqual([]);
  });
}
