/**
 * Faults injected mid-sweep: a destroyed GPU device and a worker killed without an error event. Each
 * must end the current run as failed with a reason (never as a user cancel, never a silently idle
 * queue), keep the finished runs, and leave an engine that runs the next one.
 */
import { expect, test, type Page, type Worker as PlaywrightWorker } from '@playwright/test';
import { collectErrors, textOf, TRAINING_TEST_MS } from './helpers';
import { setUpTinyMain, waitForSweep, waitForSweepState } from './lab-helpers';

const items = (page: Page, status: string) => page.locator(`[data-testid="run-item"][data-status="${status}"]`);
const stageIs = async (page: Page, stage: string) => (await textOf(page, 'run-stage')) === stage;

function engineWorker(page: Page): PlaywrightWorker {
  const worker = page
    .workers()
    .filter((w) => w.url().includes('engine.worker'))
    .at(-1);
  if (!worker) throw new Error('no engine worker');
  return worker;
}

test('a GPU device lost mid-run fails that run with the reason and offers to continue on wasm', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'webgpu', steps: 2, evalExamples: 2 });
  await page.getByTestId('run-experiment').click();
  // One run finished on webgpu, the next one evaluating: then the device goes.
  await waitForSweepState(page, 'the first webgpu run', async () => (await items(page, 'done').count()) >= 1 && (await stageIs(page, 'evaluate')));
  await expect(page.getByTestId('backend-badge')).toHaveText('webgpu');
  const finished = await items(page, 'done').count();
  await engineWorker(page).evaluate(() => {
    const engine = (globalThis as unknown as { _tfengine: { backendInstance: { device: { destroy(): void } } } })._tfengine;
    engine.backendInstance.device.destroy();
  });

  await expect(page.getByTestId('sweep-status')).toHaveText('idle', { timeout: 30_000 });
  await expect(items(page, 'failed')).toHaveCount(1);
  await expect(items(page, 'failed').getByTestId('run-error')).toContainText('GPU device was lost');
  await expect(items(page, 'done')).toHaveCount(finished); // kept
  await expect(items(page, 'pending')).not.toHaveCount(0); // not silently dropped
  await expect(page.getByTestId('sweep-stopped')).toContainText('The sweep stopped');
  await expect(page.getByTestId('notice')).toContainText('GPU device was lost');
  await page.screenshot({ path: 'e2e-artifacts/fault-device-lost.png' });

  await page.getByTestId('continue-other-backend').click();
  await waitForSweep(page);
  await expect(items(page, 'done')).toHaveCount(6);
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm');
  await expect(page.getByTestId('sweep-stopped')).toHaveCount(0);
  // The lost device itself is logged by Chromium/tfjs as WebGPU errors; nothing else may be.
  expect(errors.filter((e) => !/WebGPU|powerPreference|device|GPU/i.test(e))).toEqual([]);
});

test('a worker terminated mid-run is caught by the watchdog; the run fails, the next one works, Cancel works', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  // Keep a handle on every Worker the page makes, so the test can kill one as a crashed process would.
  await page.addInitScript(() => {
    const Native = window.Worker;
    const made: Worker[] = [];
    Object.assign(window, { __workers: made });
    window.Worker = class extends Native {
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        made.push(this);
      }
    };
  });
  const errors = collectErrors(page);
  await page.goto('/');
  await setUpTinyMain(page, { backend: 'wasm', steps: 60, evalExamples: 4 }); // a tuning long enough to be caught mid-way
  await page.getByTestId('run-experiment').click();
  await waitForSweepState(page, 'the tuning stage', () => stageIs(page, 'tune'));
  await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate());
  const killedAt = Date.now();
  const failed = items(page, 'failed');
  await expect(failed).toHaveCount(1, { timeout: 30_000 });
  const detectedSec = (Date.now() - killedAt) / 1000;
  await expect(failed.getByTestId('run-error')).toContainText('stopped without reporting an error');
  console.log(`watchdog noticed the terminated worker after ${detectedSec.toFixed(1)} s`);
  // The queue goes on in a fresh worker: the last run (no tuned model cached there) tunes again.
  await waitForSweepState(page, 'the next run tuning', () => stageIs(page, 'tune'));
  await expect(page.getByTestId('sweep-status')).toHaveText('running');
  // Kill that one too and Cancel in the same task, before any heartbeat: Cancel looks at once.
  await page.evaluate(() => {
    (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate();
    document.querySelector<HTMLButtonElement>('[data-testid="sweep-cancel"]')!.click();
  });
  await expect(page.getByTestId('sweep-status')).toHaveText('idle', { timeout: 15_000 });
  await expect(items(page, 'running')).toHaveCount(0);
  await expect(items(page, 'done')).toHaveCount(4);
  await expect(page.getByTestId('resume-sweep')).toContainText('Resume (2 left)');

  // (A worker alive but stuck in a loop is the watchdog's 'hung' / 'cancel-timeout' case: src/ui/watchdog.test.ts.)

  // And the engine still works: Resume finishes the two runs.
  await page.getByTestId('resume-sweep').click();
  await waitForSweep(page);
  await expect(items(page, 'done')).toHaveCount(6);
  expect(errors).toEqual([]);
});
