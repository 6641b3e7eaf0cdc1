/**
 * The fused kernels' WGSL (src/core/model/kernels) against the stock tfjs ops they replace, on
 * webgpu in Chromium (SwiftShader behind --enable-unsafe-webgpu), with micro-size inputs: forward
 * values and gradients must agree to a relative error below 1e-4. Runs in the page through the
 * ?kernel-check=1 hook in src/main.tsx.
 */
import { expect, test } from '@playwright/test';

type Check = { backend: string; results: { name: string; relErr: number }[] };

test('fused kernels match the stock-op compositions on webgpu (relative error < 1e-4)', async ({ page }) => {
  await page.goto('/?kernel-check=1');
  await page.waitForFunction(() => 'tinyflanKernelCheck' in window);
  const r = await page.evaluate(() => (window as unknown as { tinyflanKernelCheck(b: string): Promise<Check> }).tinyflanKernelCheck('webgpu'));
  expect(r.backend).toBe('webgpu');
  const names = r.results.map((x) => x.name).join(' ');
  for (const kernel of ['AdamW', 'LayerNorm', 'CrossEntropy', 'Attention', 'Linear', 'GELU']) expect(names).toContain(kernel);
  for (const x of r.results) expect(x.relErr, x.name).toBeLessThan(1e-4);
  console.log(`webgpu fused kernels: max relative error ${Math.max(...r.results.map((x) => x.relErr)).toExponential(1)} over ${r.results.length} comparisons`);
});
