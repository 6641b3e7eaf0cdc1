/**
 * Memory flat across 10 tuning runs on webgpu, in Node: the `webgpu` package (Dawn) on SwiftShader, the CPU
 * Vulkan driver Debian's chromium ships. Runs run-memory-check.ts in a child process (the Vulkan loader's
 * path must be set before a process starts). Skipped where either piece is missing — then only the wasm
 * check in memory.test.ts runs.
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

it.skipIf(!hasNodeWebGPU())('keeps tensors and GPU bytes flat across 10 consecutive tuning runs on webgpu', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/core/train/run-memory-check.ts', 'webgpu'], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, LD_LIBRARY_PATH: '/usr/lib/chromium', VK_ICD_FILENAMES: ICD },
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('{'));
  expect(line, `run-memory-check failed: ${(r.stderr ?? '').slice(-2000)}`).toBeDefined();
  const { backend, trace } = JSON.parse(line!) as { backend: string; trace: { tensors: number; gpuBytes?: number }[] };
  expect(backend).toBe('webgpu');
  expect(trace).toHaveLength(10);
  expect(new Set(trace.map((t) => t.tensors)).size).toBe(1);
  expect(trace[0].gpuBytes).toBeGreaterThan(0);
  expect(new Set(trace.map((t) => t.gpuBytes)).size).toBe(1);
}, 200_000);
