/**
 * The built app's Content-Security-Policy (vite.config.ts): sent as a header by `vite preview` and
 * present as a <meta> tag. An injected <script> or onerror= handler must not run, while the app
 * itself, its worker and the wasm backend work under the policy with no violation reported.
 */
import { expect, test } from '@playwright/test';
import { collectErrors, openTrain, trainMicro, TRAINING_TEST_MS } from './helpers';

/** Records every CSP violation the document sees, from before the app's first script. */
async function recordViolations(page: import('@playwright/test').Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    Object.assign(window, { __cspViolations: seen });
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

const violations = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations);

test('the policy is a header and a meta tag, strict for scripts', async ({ page }) => {
  const response = await page.goto('/');
  const header = response?.headers()['content-security-policy'] ?? '';
  const meta = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '';
  for (const policy of [header, meta]) {
    const scriptSrc =
      policy
        .split(';')
        .map((d) => d.trim())
        .find((d) => d.startsWith('script-src ')) ?? '';
    expect(scriptSrc).toContain("'self'");
    expect(scriptSrc).toContain("'wasm-unsafe-eval'");
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toMatch(/'unsafe-eval'/);
    expect(policy).toContain("object-src 'none'");
  }
  expect(header).toContain("frame-ancestors 'none'");
});

test('an injected inline script and an onerror handler are blocked', async ({ page }) => {
  await recordViolations(page);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('TinyFLAN');
  const ran = await page.evaluate(async () => {
    const flags = window as unknown as { __injected?: number; __onerror?: number; __href?: number };
    const script = document.createElement('script');
    script.textContent = 'window.__injected = 1';
    document.body.append(script);
    const div = document.createElement('div');
    div.innerHTML = '<img src="data:," onerror="window.__onerror = 1"><a id="x" href="javascript:window.__href=1">x</a>';
    document.body.append(div);
    div.querySelector<HTMLAnchorElement>('#x')!.click();
    await new Promise((r) => setTimeout(r, 500));
    return { injected: flags.__injected ?? null, onerror: flags.__onerror ?? null, href: flags.__href ?? null };
  });
  expect(ran).toEqual({ injected: null, onerror: null, href: null });
  const seen = await violations(page);
  expect(seen.some((v) => v.startsWith('script-src-elem') && v.endsWith('inline'))).toBe(true);
  expect(seen.some((v) => v.startsWith('script-src-attr'))).toBe(true);
});

test('the app trains on wasm and webgpu under the policy with no violation', async ({ page }) => {
  test.setTimeout(TRAINING_TEST_MS);
  await recordViolations(page);
  const errors = collectErrors(page);
  const workerPolicy: string[] = [];
  page.on('response', (r) => {
    if (r.url().includes('engine.worker')) workerPolicy.push(r.headers()['content-security-policy'] ?? '(none)');
  });
  await page.goto('/');
  await openTrain(page);
  await trainMicro(page, { backend: 'wasm', preset: 'nano', steps: 4, batchSize: 4, seqLen: 16, lr: 1e-2 });
  await expect(page.getByTestId('backend-badge')).toHaveText('wasm'); // wasm compiled: 'wasm-unsafe-eval' works
  await trainMicro(page, { backend: 'webgpu', preset: 'nano', steps: 2, batchSize: 2, seqLen: 16, lr: 1e-2 });
  await expect(page.getByTestId('backend-badge')).toHaveText('webgpu');
  expect(workerPolicy.length).toBeGreaterThan(0);
  for (const p of workerPolicy) expect(p).toContain("'wasm-unsafe-eval'"); // the worker runs under the header's policy
  expect(await violations(page)).toEqual([]);
  expect(errors.filter((e) => !/WebGPU|powerPreference/i.test(e))).toEqual([]);
  expect(errors.filter((e) => /Content.Security.Policy|Refused to/i.test(e))).toEqual([]);
});
