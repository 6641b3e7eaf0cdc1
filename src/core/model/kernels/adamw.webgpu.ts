/**
 * WGSL versions of the fused optimizer kernels (see adamw.ts for their meaning).
 * - Gradient norm: one workgroup of 256 invocations sums squares over up to 6 gradients per program
 *   (a program may bind at most 8 storage buffers: output, 6 gradients, running sum), chaining the
 *   running sum from program to program; two 1-element programs then give norm and scale. All of
 *   it stays on the GPU: nothing is read back.
 * - AdamW: one kernel for all parameters; a program has one output, so each parameter's p', m' and v'
 *   are three elementwise programs over the same inputs (each recomputes the cheap m'/v' arithmetic
 *   instead of reading another's output).
 */
import type * as tf from '@tensorflow/tfjs';
import { registerOn, runProgram, withShape } from './common';
import { adamwInputs, type AdamWAttrs } from './adamw';

const WG = 256;
const PER_PROGRAM = 6;

function sumSquaresCode(sizes: number[], chained: boolean): string {
  const loops = sizes.map((n, k) => `for (var i = tid; i < ${n}; i += ${WG}) { let x = G${k}[i]; s += x * x; }`).join('\n    ');
  return `
var<workgroup> buf : array<f32, ${WG}>;
fn main(index : i32) {
  let tid = index;
  var s = 0.0;
  ${loops}
  buf[tid] = s;
  workgroupBarrier();
  for (var w = ${WG / 2}; w > 0; w = w / 2) {
    if (tid < w) { buf[tid] = buf[tid] + buf[tid + w]; }
    workgroupBarrier();
  }
  if (tid == 0) { result[0] = buf[0]${chained ? ' + Acc[0]' : ''}; }
}`;
}

const FINAL_CODE = (what: 'norm' | 'scale') => `
fn main(index : i32) {
  let norm = sqrt(Acc[0]);
  if (index == 0) { result[0] = ${what === 'norm' ? 'norm' : 'min(1.0, uniforms.maxNorm / (norm + 1e-6))'}; }
}`;

function adamwCode(out: 'p' | 'm' | 'v', n: number): string {
  const value = { m: 'mi', v: 'vi', p: 'P[i] * uniforms.decay - (mi / (sqrt(vi) / uniforms.bc2 + uniforms.eps)) * uniforms.stepSize' }[out];
  return `
fn main(index : i32) {
  let i = index;
  if (i < ${n}) {
    let g = G[i] * S[0];
    let mi = uniforms.b1 * M[i] + uniforms.c1 * g;
    let vi = uniforms.b2 * V[i] + uniforms.c2 * g * g;
    result[i] = ${value};
  }
}`;
}

export function registerAdamWWebGPU(gradNormName: string, adamwName: string): void {
  registerOn(gradNormName, ['webgpu'], ({ inputs, backend, attrs }) => {
    const list = Object.keys(inputs)
      .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
      .map((k) => inputs[k] as tf.TensorInfo);
    const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1);
    let acc: tf.TensorInfo | null = null;
    const temps: tf.TensorInfo[] = [];
    for (let start = 0; start < list.length; start += PER_PROGRAM) {
      const chunk = list.slice(start, start + PER_PROGRAM);
      const sizes = chunk.map(size);
      const names = chunk.map((_, k) => `G${k}`);
      const next: tf.TensorInfo = runProgram(
        backend,
        {
          key: `sumsq_${sizes.join('_')}_${acc ? 'c' : 'f'}`,
          inputs: acc ? [...names, 'Acc'] : names,
          outShape: [1],
          threads: WG,
          workgroup: WG,
          code: sumSquaresCode(sizes, !!acc),
        },
        acc ? [...chunk, acc] : chunk,
      );
      if (acc) temps.push(acc);
      acc = next;
    }
    const maxNorm = (attrs as unknown as { maxNorm: number }).maxNorm;
    const outs = (['norm', 'scale'] as const).map((what) =>
      withShape(
        runProgram(
          backend,
          { key: `gradnorm_${what}`, inputs: ['Acc'], outShape: [1], threads: 1, workgroup: 1, uniforms: 'maxNorm : f32, ', code: FINAL_CODE(what) },
          [acc!],
          [maxNorm],
        ),
        [],
      ),
    );
    temps.push(acc!);
    for (const t of temps) (backend as unknown as { disposeData(id: object): void }).disposeData(t.dataId);
    return outs;
  });
  registerOn(adamwName, ['webgpu'], ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as AdamWAttrs;
    const [scale, groups] = adamwInputs(inputs as Record<string, tf.TensorInfo>, a.decays.length);
    return groups.flatMap(([p, m, v, g], k) => {
      const n = p.shape.reduce((x, y) => x * y, 1);
      const uniforms = [a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.eps, a.decays[k], a.bc2, a.stepSize];
      return (['p', 'm', 'v'] as const).map((out) =>
        runProgram(
          backend,
          {
            key: `adamw_${out}_${n}`,
            inputs: ['P', 'M', 'V', 'G', 'S'],
            outShape: p.shape,
            threads: n,
            workgroup: 64,
            uniforms: 'b1 : f32, c1 : f32, b2 : f32, c2 : f32, eps : f32, decay : f32, bc2 : f32, stepSize : f32, ',
            code: adamwCode(out, n),
          },
          [p, m, v, g, scale],
          uniforms,
        ),
      );
    });
  });
}
