/**
 * The fused kernels' WGSL against the stock-op compositions on webgpu, in Node: the `webgpu` package
 * (Dawn) on SwiftShader, the CPU Vulkan driver Debian's chromium ships. Runs run-check.ts in a child
 * process because the Vulkan loader's library path must be set before a process starts. Skipped
 * where either piece is missing (the e2e suite covers webgpu in chromium there).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { expect, it } from 'vitest';

const ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

function hasNodeWebGPU(): boolean {
  try {
    createRequire(import.meta.url).resolve('webgpu');
    return existsSync(ICD);
  } catch {
    return false;
  }
}

it.skipIf(!hasNodeWebGPU())('fused kernels on webgpu (Node, SwiftShader) match the stock-op compositions (relative error < 1e-4)', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/core/model/kernels/run-check.ts', 'webgpu'], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  expect(line, `run-check failed: ${(r.stderr ?? '').slice(-2000)}`).toBeDefined();
  const { backend, results } = JSON.parse(line!) as { backend: string; results: { name: string; relErr: number }[] };
  expect(backend).toBe('webgpu');
  expect(results.length).toBeGreaterThan(20);
  for (const x of results) expect(x.relErr, x.name).toBeLessThan(1e-4);
});
