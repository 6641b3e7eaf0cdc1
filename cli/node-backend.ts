/**
 * Starting a tfjs backend in Node. webgpu needs the optional `webgpu` npm package (Dawn) and, on a
 * machine without a GPU, SwiftShader's Vulkan driver from Debian's chromium:
 *   LD_LIBRARY_PATH=/usr/lib/chromium VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
 */
import * as tf from '@tensorflow/tfjs';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { initBackend, type BackendChoice, type BackendInfo } from '../src/core/model/backend';
import { UsageError } from './args';

export const NODE_BACKENDS = ['cpu', 'wasm', 'webgpu'] as const;

async function provideWebGPU(): Promise<void> {
  const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
  if (g.navigator?.gpu) return;
  let mod: { create(opts: string[]): unknown; globals: object };
  try {
    mod = (await import(/* @vite-ignore */ 'webgpu' as string)) as typeof mod;
  } catch {
    throw new UsageError('webgpu in Node needs the `webgpu` package (a devDependency): npm install');
  }
  Object.assign(globalThis, mod.globals);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: mod.create([]) }, configurable: true });
  // tfjs-backend-webgpu registers itself only if navigator.gpu exists when it is first imported, which in
  // Node is before we could provide it: register the same factory here (as tfjs-backend-webgpu's base.ts).
  if (!tf.findBackendFactory('webgpu')) {
    tf.registerBackend(
      'webgpu',
      async () => {
        const gpu = (globalThis as unknown as { navigator: { gpu: GPU } }).navigator.gpu;
        const adapter = await gpu.requestAdapter();
        if (!adapter) throw new Error('navigator.gpu.requestAdapter() found no adapter');
        const l = adapter.limits;
        const device = await adapter.requestDevice({
          requiredLimits: {
            maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
            maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
            maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
            maxBufferSize: l.maxBufferSize,
            maxComputeWorkgroupSizeX: l.maxComputeWorkgroupSizeX,
            maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
          },
        });
        return new WebGPUBackend(device, adapter.info as never);
      },
      3,
    );
  }
}

/** Starts exactly the requested backend or fails: a CLI measurement must never silently fall back. */
export async function startNodeBackend(name: BackendChoice): Promise<BackendInfo> {
  if (name === 'webgpu') await provideWebGPU();
  const info = await initBackend(name === 'auto' ? 'wasm' : name);
  if (name !== 'auto' && info.backend !== name) throw new Error(`Backend ${name} failed to start: ${info.failures.join('; ')}`);
  return info;
}

/** tfjs prints a hint about tfjs-node on first use in Node; it does not apply here (native builds can't be downloaded). */
export function quietTfjsHint(): void {
  for (const level of ['log', 'warn'] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      const s = String(args[0] ?? '');
      if (s.includes('tfjs-node') || s.startsWith('=====')) return;
      original(...args);
    };
  }
}
