/**
 * What the engine worker needs to know about tfjs's live state, behind named functions so the worker
 * itself does not import tfjs or reach into its internals: the WebGPU device in use (to watch for its
 * loss), and the set of live variables (so a cancelled or failed run cannot leak a model's weights).
 */
import * as tf from '@tensorflow/tfjs';
import type { GPT } from './gpt';

/** The WebGPU device of the active backend, or null on any other backend. */
export function activeWebGpuDevice(): unknown {
  if (tf.getBackend() !== 'webgpu') return null;
  return (tf.backend() as unknown as { device?: unknown }).device ?? null;
}

/** Names of the variables alive now; pass it to disposeVariablesCreatedSince later. */
export function liveVariableNames(): Set<string> {
  return new Set(Object.keys(tf.engine().state.registeredVariables));
}

/**
 * Disposes every variable created since `before` was taken, except the parameters of `keep` (a model
 * that outlives the run on purpose). pretrain() owns its model until it returns, so a cancelled run
 * leaves the model's variables behind (GPU/wasm memory the user cannot free otherwise).
 */
export function disposeVariablesCreatedSince(before: ReadonlySet<string>, keep: readonly (GPT | null | undefined)[] = []): void {
  const kept = new Set<string>();
  for (const model of keep) for (const v of model?.params.values() ?? []) kept.add(v.name);
  for (const [name, v] of Object.entries(tf.engine().state.registeredVariables)) if (!before.has(name) && !kept.has(name)) v.dispose();
}
