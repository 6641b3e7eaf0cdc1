/**
 * Choosing the tensor backend: webgpu → webgl → wasm → cpu, or a user override.
 * tf.setBackend can fail quietly and leave another backend active, so we always report
 * tf.getBackend() — the backend actually in use — never the one we asked for.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
export type BackendChoice = BackendName | 'auto';

export interface BackendInfo {
  backend: string;
  /** GPU adapter description (webgpu), when the platform tells. */
  adapter?: string;
  /** Backends tried and why each failed, for the UI and logs. */
  failures: string[];
}

export interface BackendOptions {
  /** Where the tfjs-backend-wasm .wasm files are served (browser builds). Node finds them itself. */
  wasmPaths?: Record<string, string> | string;
}

let wasmConfigured = false;

function hasWebGPU(): boolean {
  return typeof navigator !== 'undefined' && !!(navigator as Navigator & { gpu?: unknown }).gpu;
}

function hasWebGL(): boolean {
  return typeof OffscreenCanvas !== 'undefined' || typeof document !== 'undefined';
}

async function tryBackend(name: BackendName, opts: BackendOptions): Promise<string | null> {
  if (name === 'webgpu' && !hasWebGPU()) return 'no navigator.gpu here';
  if (name === 'webgl' && !hasWebGL()) return 'no canvas here';
  if (name === 'wasm' && !wasmConfigured) {
    // The threaded wasm build crashes under cross-origin isolation; plain SIMD is what we use.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as never);
    wasmConfigured = true;
  }
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    if (!ok || tf.getBackend() !== name) return `setBackend('${name}') fell back to ${tf.getBackend()}`;
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

async function adapterDescription(): Promise<string | undefined> {
  try {
    const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<{ info?: Record<string, string> } | null> } }).gpu;
    const adapter = await gpu.requestAdapter();
    const info = adapter?.info;
    if (!info) return undefined;
    return [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || undefined;
  } catch {
    return undefined;
  }
}

/** Selects a backend. With 'auto' tries each in order; with a name tries it, then falls back in order. */
export async function initBackend(choice: BackendChoice = 'auto', opts: BackendOptions = {}): Promise<BackendInfo> {
  if (!(choice === 'auto' || (BACKENDS as readonly string[]).includes(choice))) {
    throw new Error(`Unknown backend "${choice}". Valid: auto, ${BACKENDS.join(', ')}`);
  }
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
  const failures: string[] = [];
  for (const name of order) {
    const why = await tryBackend(name, opts);
    if (why === null) {
      const info: BackendInfo = { backend: tf.getBackend(), failures };
      if (name === 'webgpu') info.adapter = await adapterDescription();
      return info;
    }
    failures.push(`${name}: ${why}`);
  }
  throw new Error(`No tensor backend could start: ${failures.join('; ')}`);
}

export function currentBackend(): string {
  return tf.getBackend();
}
