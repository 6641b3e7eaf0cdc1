#!/usr/bin/env node
// Benchmark (not a test): seconds from clicking "Reproduce Figure 1" on the landing view to the first
// finished zero-shot run, and to the whole quick sweep, in Debian's chromium: on wasm (chosen on the Setup
// panel first), or with --webgpu on 'auto' with --enable-unsafe-webgpu (SwiftShader here: ~100x slower
// than a real GPU). Needs `npm run build` first. Usage: node scripts/bench-first-result.mjs [--webgpu]
import { spawn } from 'node:child_process';
import { chromium } from '@playwright/test';

const webgpu = process.argv.includes('--webgpu');
const server = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', '4180', '--strictPort'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 2500));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(webgpu ? ['--enable-unsafe-webgpu'] : []),
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto('http://127.0.0.1:4180/');
  if (!webgpu) {
    // Choose wasm on the Setup panel; the landing presets keep the chosen backend.
    await page.getByRole('button', { name: 'Setup', exact: true }).click();
    await page.getByTestId('setup-backend').selectOption('wasm');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
  }
  const t0 = Date.now();
  await page.getByTestId('reproduce-main').click();
  // The Start card counts finished runs ("Running live: 1 of 6 runs done"); the tab title says "✓ done" at the end.
  const progress = page.getByTestId('live-progress-main');
  const doneRuns = async () => Number((/Running live: (\d+) of/.exec((await progress.textContent().catch(() => '')) ?? '') ?? [])[1] ?? 0);
  const total = Number((/of (\d+) runs/.exec((await progress.textContent({ timeout: 120_000 })) ?? '') ?? [])[1] ?? 0);
  let first = NaN;
  while (!(await page.title()).startsWith('✓ done')) {
    if (Number.isNaN(first) && (await doneRuns()) >= 1) first = (Date.now() - t0) / 1000;
    if (Date.now() - t0 > 1_800_000) throw new Error('the quick sweep did not finish in 30 minutes');
    await page.waitForTimeout(100);
  }
  const all = (Date.now() - t0) / 1000;
  if (Number.isNaN(first)) first = all; // the last poll saw the sweep end before it saw a single finished run
  console.log(
    JSON.stringify({
      preset: 'main (landing: micro, 40 steps, 8 eval examples, 1 seed)',
      backend: webgpu ? 'auto (webgpu allowed)' : 'wasm (chosen on Setup)',
      firstResultSec: first,
      runs: total,
      allRunsSec: all,
    }),
  );
} finally {
  await browser.close();
  server.kill();
}
