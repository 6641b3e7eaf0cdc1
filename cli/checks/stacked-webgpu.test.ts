/**
 * Stacked training on webgpu, in Node: the `webgpu` package (Dawn) on SwiftShader, the CPU Vulkan driver
 * Debian's chromium ships. Runs run-stacked-check.ts in a child process (the Vulkan loader's path must be
 * set before a process starts). Skipped where either piece is missing (then stacked.test.ts checks cpu and
 * wasm only).
 */
import { expect, it } from 'vitest';
import { runOnSwiftShader, swiftShaderAvailable } from '../swiftshader';
import type { StackedAgreement, StackedStepCount } from '../../src/core/train/stacked-check';
import { expectStackedAgreesWithAlone } from '../../src/core/train/stacked-expect';
import type { MemorySnapshot } from '../../src/core/train/memory-check';

it.skipIf(!swiftShaderAvailable())(
  'stacked training on webgpu matches each model alone within 1e-5, dispatches as much for K = 12 as for K = 1 (within 10% of one model alone), and keeps memory flat over 10 stacked runs',
  () => {
    const { json, stderr } = runOnSwiftShader<{
      backend: string;
      agreement: StackedAgreement;
      counts: StackedStepCount[];
      memory: MemorySnapshot[];
      lone: { kernels: number; dispatches: number };
    }>('cli/checks/run-stacked-check.ts', ['webgpu'], 400_000);
    expect(json, `run-stacked-check failed: ${stderr}`).toBeDefined();
    const { backend, agreement, counts, memory, lone } = json!;
    expect(backend).toBe('webgpu');
    expect(agreement.clipped).toBe(true);
    expect(agreement.leakedTensors).toBe(0);
    expect(agreement.perModel).toHaveLength(3);
    expectStackedAgreesWithAlone(agreement);
    expect(counts.map((c) => c.K)).toEqual([1, 4, 12]);
    expect(counts[0].dispatches).toBeGreaterThan(0);
    expect(new Set(counts.map((c) => c.dispatches)).size).toBe(1);
    expect(new Set(counts.map((c) => c.kernels)).size).toBe(1);
    // the stack runs the lone model's WGSL programs (LayerNorm, gradient norm, AdamW), not stock-op fallbacks:
    // its step dispatches about what one model's does (measured: 205 against 196; the fallbacks gave 759)
    expect(lone.dispatches).toBeGreaterThan(0);
    expect(counts[0].dispatches!).toBeLessThanOrEqual(Math.ceil(lone.dispatches * 1.1));
    expect(memory).toHaveLength(10);
    expect(new Set(memory.map((m) => m.tensors)).size).toBe(1);
    expect(memory[0].gpuBytes).toBeGreaterThan(0);
    expect(new Set(memory.map((m) => m.gpuBytes)).size).toBe(1);
  },
  420_000,
);
