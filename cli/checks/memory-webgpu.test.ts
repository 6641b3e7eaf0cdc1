/**
 * Memory flat across 10 tuning runs on webgpu, in Node: the `webgpu` package (Dawn) on SwiftShader, the CPU
 * Vulkan driver Debian's chromium ships. Runs run-memory-check.ts in a child process (the Vulkan loader's
 * path must be set before a process starts). Skipped where either piece is missing — then only the wasm
 * check in memory.test.ts runs.
 */
import { expect, it } from 'vitest';
import { runOnSwiftShader, swiftShaderAvailable } from '../swiftshader';

it.skipIf(!swiftShaderAvailable())(
  'keeps tensors and GPU bytes flat across 10 consecutive tuning runs on webgpu',
  () => {
    const { json, stderr } = runOnSwiftShader<{ backend: string; trace: { tensors: number; gpuBytes?: number }[] }>('cli/checks/run-memory-check.ts', [
      'webgpu',
    ]);
    expect(json, `run-memory-check failed: ${stderr}`).toBeDefined();
    const { backend, trace } = json!;
    expect(backend).toBe('webgpu');
    expect(trace).toHaveLength(10);
    expect(new Set(trace.map((t) => t.tensors)).size).toBe(1);
    expect(trace[0].gpuBytes).toBeGreaterThan(0);
    expect(new Set(trace.map((t) => t.gpuBytes)).size).toBe(1);
  },
  200_000,
);
