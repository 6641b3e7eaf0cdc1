/**
 * WGSL GELU and its gradient (math in gelu.ts), one invocation per element. tanh is written with
 * exp(-2|u|) (as tfjs-backend-webgpu's own Tanh) so that large |u| cannot overflow to NaN.
 */
import type * as tf from '@tensorflow/tfjs';
import { registerOn, runProgram } from './common';

const tanhFn = `
fn safeTanh(u : f32) -> f32 {
  let e = exp(-2.0 * abs(u));
  return sign(u) * (1.0 - e) / (1.0 + e);
}`;

export function registerGeluWebGPU(fwd: string, bwd: string, K: number, A: number): void {
  const consts = `const K = ${K};\nconst A = ${A};`;
  registerOn(fwd, ['webgpu'], ({ inputs, backend }) => {
    const { x } = inputs as Record<string, tf.TensorInfo>;
    const n = x.shape.reduce((a, b) => a * b, 1);
    const code = `${consts}${tanhFn}
fn main(index : i32) {
  if (index >= ${n}) { return; }
  let v = X[index];
  result[index] = 0.5 * v * (1.0 + safeTanh(K * (v + A * v * v * v)));
}`;
    return runProgram(backend, { key: `gelu_${n}`, inputs: ['X'], outShape: x.shape, threads: n, code }, [x]);
  });
  registerOn(bwd, ['webgpu'], ({ inputs, backend }) => {
    const { dy, x } = inputs as Record<string, tf.TensorInfo>;
    const n = x.shape.reduce((a, b) => a * b, 1);
    const code = `${consts}${tanhFn}
fn main(index : i32) {
  if (index >= ${n}) { return; }
  let v = X[index];
  let t = safeTanh(K * (v + A * v * v * v));
  result[index] = DY[index] * (0.5 * (1.0 + t) + 0.5 * v * (1.0 - t * t) * K * (1.0 + 3.0 * A * v * v));
}`;
    return runProgram(backend, { key: `gelu_grad_${n}`, inputs: ['DY', 'X'], outShape: x.shape, threads: n, code }, [dy, x]);
  });
}
