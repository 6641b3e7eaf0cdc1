/**
 * The fused kernels' WGSL against the stock-op compositions on webgpu, in Node: the `webgpu` package
 * (Dawn) on SwiftShader, the CPU Vulkan driver Debian's chromium ships. Runs run-kernel-check.ts in a child
 * process because the Vulkan loader's library path must be set before a process starts. Skipped
 * where either piece is missing (the e2e suite covers webgpu in chromium there).
 */
import { expect, it } from 'vitest';
import { runOnSwiftShader, swiftShaderAvailable } from '../swiftshader';

it.skipIf(!swiftShaderAvailable())('fused kernels on webgpu (Node, SwiftShader) match the stock-op compositions (relative error < 1e-4)', () => {
  const { json, stderr } = runOnSwiftShader<{ backend: string; results: { name: string; relErr: number }[] }>('cli/checks/run-kernel-check.ts', ['webgpu']);
  expect(json, `run-kernel-check failed: ${stderr}`).toBeDefined();
  const { backend, results } = json!;
  expect(backend).toBe('webgpu');
  expect(results.length).toBeGreaterThan(20);
  for (const x of results) expect(x.relErr, x.name).toBeLessThan(1e-4);
});
