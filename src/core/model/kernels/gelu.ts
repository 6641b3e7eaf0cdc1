/**
 * Fused GELU (tanh approximation, GPT-2 / torch F.gelu(approximate='tanh')) and its gradient.
 * Before: 8 elementwise kernels forward and ~15 backward over the [B*T, 4C] MLP activation.
 *   u = k (x + a x^3), t = tanh(u), k = sqrt(2/pi), a = 0.044715
 *   y = 0.5 x (1 + t);  dy/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3 a x^2)
 * - `TinyFlanGelu`: {x} → y;  `TinyFlanGeluGrad`: {dy, x} → dx (t recomputed from x).
 * cpu/wasm here (WebAssembly SIMD from elementwise-wasm.ts where it loaded, else these JS loops); webgpu in
 * gelu.webgpu.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { JS_BACKENDS, registerOn, runOnArrays } from './common';
import { registerGeluWebGPU } from './gelu.webgpu';
import { tanh } from './fast-math';
import { geluBackwardWasm, geluForwardWasm } from './elementwise-wasm';

export const GELU = 'TinyFlanGelu';
export const GELU_GRAD = 'TinyFlanGeluGrad';
const K = Math.sqrt(2 / Math.PI);
const A = 0.044715;

let registered = false;

export function registerGeluKernels(): void {
  if (registered) return;
  registered = true;
  registerOn(GELU, JS_BACKENDS, ({ inputs, backend }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    return runOnArrays(backend, [x], [x.shape], ([X], [y]) => {
      if (geluForwardWasm(X, y)) return;
      for (let i = 0; i < X.length; i++) {
        const v = X[i];
        y[i] = 0.5 * v * (1 + tanh(K * (v + A * v * v * v)));
      }
    })[0];
  });
  registerOn(GELU_GRAD, JS_BACKENDS, ({ inputs, backend }) => {
    const { dy, x } = inputs as Record<string, tf.TensorInfo>;
    return runOnArrays(backend, [dy, x], [x.shape], ([DY, X], [dx]) => {
      if (geluBackwardWasm(DY, X, dx)) return;
      for (let i = 0; i < X.length; i++) {
        const v = X[i];
        const t = tanh(K * (v + A * v * v * v));
        dx[i] = DY[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * K * (1 + 3 * A * v * v));
      }
    })[0];
  });
  registerGeluWebGPU(GELU, GELU_GRAD, K, A);
  if (!tf.getGradient(GELU)) {
    tf.registerGradient({
      kernelName: GELU,
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => ({ x: () => tf.engine().runKernel(GELU_GRAD, { dy: dy as tf.Tensor, x: saved[0] }) as tf.Tensor }),
    });
  }
}

export function geluFused<T extends tf.Tensor>(x: T): T {
  registerGeluKernels();
  return tf.engine().runKernel(GELU, { x }) as T;
}
