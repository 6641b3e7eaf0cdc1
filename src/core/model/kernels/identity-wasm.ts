/**
 * Identity without a copy on tfjs-wasm. The engine clones (runs Identity on) every tensor a gradient
 * saves for the backward pass, and tfjs-wasm 4.22's Identity copies the data: in a tiny 32 × 128 step
 * 77 copies, among them four of the attention probabilities (8 MB each), ~30 ms. Nothing writes into
 * a tensor's buffer in place (every kernel, ours and tfjs's, makes new outputs; Variable.assign swaps
 * buffers), so the clone can share the buffer, as tfjs's cpu backend does (its Identity calls incRef):
 * here the buffer's reference count goes up by one (backend.incRef), and disposeData frees it
 * when the last holder lets go. If that table ever looks different, the copying kernel stays.
 */
import * as tf from '@tensorflow/tfjs';

type WasmData = { incRef?: (id: object) => void; dataIdMap?: { get(id: object): { refCount?: unknown } | undefined } };

let replaced = false;

/** Replaces tfjs-wasm's Identity kernel with one that shares the buffer; true if it did (once per page). */
export function shareIdentityOnWasm(): boolean {
  if (replaced) return true;
  const stock = tf.getKernel('Identity', 'wasm');
  if (!stock) return false;
  replaced = true;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const { x } = args.inputs as { x: tf.TensorInfo };
      const entry = (args.backend as WasmData).dataIdMap?.get(x.dataId);
      if (x.dtype === 'string' || !entry || typeof entry.refCount !== 'number') return stock.kernelFunc(args);
      const backend = args.backend as WasmData;
      if (backend.incRef) backend.incRef(x.dataId);
      else entry.refCount++;
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
  return true;
}
