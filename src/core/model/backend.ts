/**
 * Choosing the tensor backend: webgpu → webgl → wasm → cpu, or a user override.
 * tf.setBackend can fail quietly and leave another backend active, so we always report
 * tf.getBackend() — the backend actually in use — never the one we asked for.
 * 'auto' passes over a software GPU (a fallback WebGPU adapter, SwiftShader, llvmpipe: CPU emulation,
 * tens of times slower than wasm) and uses it only when wasm does not start; `failures` says why. Of the
 * backends left it times one training step on each that starts and takes the fastest (once per thread: the
 * decision is kept for later calls); `timings` says what it measured. When the user's in-app benchmark has
 * fitted two or more of them (step-cost.ts), it predicts the lab's reference step from those fits instead.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { getThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { configureWasmThreads, startWithThreads, wasmThreadCount } from './wasmThreads';
import { loadAttentionWasm } from './kernels/attention-wasm';
import { loadElementwiseWasm } from './kernels/elementwise-wasm';
import { shareIdentityOnWasm } from './kernels/identity-wasm';
import { timeOneStep } from './backend-timing';
import { predictStepMs, referenceFlops, type StepCostFit } from './step-cost';

import { BACKENDS, type BackendChoiceName, type BackendName } from './backends';

export { BACKENDS, type BackendName };
export type BackendChoice = BackendChoiceName;

export interface BackendInfo {
  backend: string;
  /** GPU adapter description (webgpu), when the platform tells. */
  adapter?: string;
  /** Backends tried and why each failed, for the UI and logs. */
  failures: string[];
  /** Under 'auto': one timed training step per backend that started (backend-timing.ts); the fastest was taken. */
  timings?: BackendTiming[];
  /** wasm only: the threads its XNNPACK pool really runs (1 without cross-origin isolation). */
  threads?: number;
  /** Under 'auto' with benchmark fits: each fitted backend's predicted ms for the reference step (step-cost.ts); the lowest was taken. */
  predictions?: BackendTiming[];
}

export interface BackendTiming {
  backend: string;
  ms: number;
}

export interface BackendOptions {
  /** Where the tfjs-backend-wasm .wasm files are served (browser builds). Node finds them itself. */
  wasmPaths?: Record<string, string> | string;
  /**
   * Threads for the wasm backend (default 1). More than one needs SharedArrayBuffer, i.e. a
   * cross-origin-isolated page (wasmThreads.ts); otherwise the single-threaded build runs.
   * Read once, when the wasm backend first starts: tfjs cannot resize its pool afterwards.
   */
  wasmThreads?: number;
  /**
   * The user's in-app benchmark fits (step-cost.ts). With fits for two or more backends that start, 'auto'
   * takes the one predicted fastest at the lab's reference step instead of timing one small step.
   */
  stepFits?: readonly StepCostFit[];
}

let wasmConfigured = false;
/** The threads the wasm backend was configured with (fixed once it has started). */
let wasmThreads = 1;

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
    wasmThreads = wasmThreadCount(opts.wasmThreads);
    configureWasmThreads(wasmThreads);
    if (opts.wasmPaths) setWasmPaths(opts.wasmPaths as never);
    wasmConfigured = true;
  }
  try {
    const ok = await startWithThreads(name === 'wasm' ? wasmThreads : 1, async () => {
      const ok = await tf.setBackend(name);
      await tf.ready();
      return ok;
    });
    if (!ok || tf.getBackend() !== name) return `setBackend('${name}') fell back to ${tf.getBackend()}`;
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

type AdapterLike = { isFallbackAdapter?: boolean; info?: Record<string, unknown> };

async function requestAdapter(): Promise<AdapterLike | null> {
  try {
    const gpu = (navigator as unknown as { gpu: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
    return await gpu.requestAdapter();
  } catch {
    return null;
  }
}

function describeAdapter(adapter: AdapterLike | null): string | undefined {
  const info = adapter?.info;
  if (!info) return undefined;
  return [info.vendor, info.architecture, info.device, info.description].filter((x) => typeof x === 'string' && x).join(' ') || undefined;
}

async function adapterDescription(): Promise<string | undefined> {
  return describeAdapter(await requestAdapter());
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|lavapipe|software|basic render/i;

/** Why a GPU backend here is CPU emulation ('auto' skips it while wasm works), or null for a real GPU. */
async function softwareGpu(name: 'webgpu' | 'webgl'): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      if (!hasWebGPU()) return null;
      const adapter = await requestAdapter();
      if (!adapter) return null;
      const description = describeAdapter(adapter) ?? '';
      if (adapter.isFallbackAdapter || adapter.info?.isFallbackAdapter === true) return `a fallback (software) adapter${description ? `: ${description}` : ''}`;
      return SOFTWARE_RENDERER.test(description) ? `a software adapter: ${description}` : null;
    }
    if (typeof OffscreenCanvas === 'undefined') return null;
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const ext = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER) ?? '');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return SOFTWARE_RENDERER.test(renderer) ? `a software renderer: ${renderer}` : null;
  } catch {
    return null;
  }
}

/** The decision of the first timed 'auto' in this thread: later calls start the same backend without timing again. */
let autoDecision: { backend: BackendName; timings: BackendTiming[] } | null = null;

/** The decision 'auto' last took from benchmark fits, kept while the fits are the same. */
let fitDecision: { key: string; backend: BackendName; predictions: BackendTiming[] } | null = null;

/**
 * From the user's benchmark fits: each fitted candidate that starts, its predicted ms at the reference step;
 * starts the lowest. Null (timing decides) unless two or more fitted candidates start.
 */
async function fastestByFits(candidates: BackendName[], opts: BackendOptions, failures: string[]): Promise<BackendInfo | null> {
  const fitted = (opts.stepFits ?? []).filter((f) => candidates.includes(f.backend as BackendName));
  if (fitted.length < 2) return null;
  const key = JSON.stringify(fitted);
  if (fitDecision?.key === key && (await tryBackend(fitDecision.backend, opts)) === null)
    return infoFor(fitDecision.backend, failures, undefined, fitDecision.predictions);
  const flops = referenceFlops();
  const predictions: BackendTiming[] = [];
  for (const fit of fitted) {
    const why = await tryBackend(fit.backend as BackendName, opts);
    if (why !== null) failures.push(`${fit.backend}: ${why}`);
    else predictions.push({ backend: fit.backend, ms: predictStepMs(fit, flops) });
  }
  if (predictions.length < 2) return null;
  const best = predictions.reduce((a, b) => (b.ms < a.ms ? b : a)).backend as BackendName;
  if ((await tryBackend(best, opts)) !== null) return null;
  fitDecision = { key, backend: best, predictions };
  return infoFor(best, failures, undefined, predictions);
}

/** What initBackend reports once `name` has started: the backend in use, its threads or adapter, and why others were not taken. */
async function infoFor(name: BackendName, failures: string[], timings?: BackendTiming[], predictions?: BackendTiming[]): Promise<BackendInfo> {
  const info: BackendInfo = { backend: tf.getBackend(), failures };
  if (timings) info.timings = timings;
  if (predictions) info.predictions = predictions;
  if (name === 'wasm') info.threads = getThreadsCount();
  if (name === 'webgpu') info.adapter = await adapterDescription();
  return info;
}

/**
 * Starts each candidate in turn and times one step on it, then starts the fastest. Null when none could be
 * timed (initBackend then falls back to its plain order). A backend that fails to start or to step is a failure.
 */
async function fastestByTiming(candidates: BackendName[], opts: BackendOptions, failures: string[]): Promise<BackendInfo | null> {
  if (autoDecision && (await tryBackend(autoDecision.backend, opts)) === null) return infoFor(autoDecision.backend, failures, autoDecision.timings);
  const timings: BackendTiming[] = [];
  for (const name of candidates) {
    const why = await tryBackend(name, opts);
    if (why !== null) {
      failures.push(`${name}: ${why}`);
      continue;
    }
    try {
      timings.push({ backend: name, ms: await timeOneStep() });
    } catch (e) {
      failures.push(`${name}: the timed step failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (timings.length === 0) return null;
  const best = timings.reduce((a, b) => (b.ms < a.ms ? b : a));
  const name = best.backend as BackendName;
  if ((await tryBackend(name, opts)) !== null) return null;
  autoDecision = { backend: name, timings };
  return infoFor(name, failures, timings);
}

/** Selects a backend. With 'auto' tries each in order; with a name tries it, then falls back in order. */
export async function initBackend(choice: BackendChoice = 'auto', opts: BackendOptions = {}): Promise<BackendInfo> {
  if (!(choice === 'auto' || (BACKENDS as readonly string[]).includes(choice))) {
    throw new Error(`Unknown backend "${choice}". Valid: auto, ${BACKENDS.join(', ')}`);
  }
  const order: BackendName[] = choice === 'auto' ? [...BACKENDS] : [choice, ...BACKENDS.filter((b) => b !== choice)];
  const failures: string[] = [];
  if (choice === 'auto') {
    // A software GPU goes after wasm: it is tried only if wasm (and so the GPU's rival) does not start.
    for (const gpu of ['webgpu', 'webgl'] as const) {
      const software = await softwareGpu(gpu);
      if (!software) continue;
      order.splice(order.indexOf(gpu), 1);
      order.splice(order.indexOf('wasm') + 1, 0, gpu);
      failures.push(`${gpu}: skipped by auto, ${software} (CPU emulation, slower than wasm)`);
    }
  }
  await Promise.all([loadAttentionWasm(), loadElementwiseWasm()]); // the cpu/wasm kernels' SIMD builds, before any model runs
  shareIdentityOnWasm();
  if (choice === 'auto') {
    const software = new Set(failures.map((f) => f.split(':')[0]));
    const candidates = order.filter((n) => !software.has(n));
    const predicted = await fastestByFits(candidates, opts, failures);
    if (predicted) return predicted;
    const timed = await fastestByTiming(candidates, opts, failures);
    if (timed) return timed;
  }
  for (const name of order) {
    const why = await tryBackend(name, opts);
    if (why === null) return infoFor(name, failures);
    failures.push(`${name}: ${why}`);
  }
  throw new Error(`No tensor backend could start: ${failures.join('; ')}`);
}

export function currentBackend(): string {
  return tf.getBackend();
}
