/**
 * WGSL versions of the fused optimizer kernels (see adamw.ts for their meaning).
 * - Gradient norm: one workgroup of 256 invocations sums squares over up to 6 gradients per program
 *   (a program may bind at most 8 storage buffers: output, 6 gradients, running sum), chaining the
 *   running sum from program to program; two 1-element programs then give norm and scale. All of
 *   it stays on the GPU: nothing is read back.
 * - AdamW: one kernel for all parameters; a program has one output, so each parameter's p', m' and v'
 *   are three elementwise programs over the same inputs (each recomputes the cheap m'/v' arithmetic
 *   instead of reading another's output).
 * Stacked models (train/stacked.ts, `stacked`): every gradient is [K, ...], K equal blocks; the norm
 * programs run one workgroup per model (norms and scales [K]), and AdamW scales block k by model k's scale.
 */
import type * as tf from '@tensorflow/tfjs';
import { registerOn, runProgram, withShape } from './common';
import { adamwInputs, type AdamWAttrs } from './adamw';

const WG = 256;
const PER_PROGRAM = 6;

/** Sum of squares of each model's block (K workgroups; `sizes` are per-model sizes), plus the chained running sum. */
function sumSquaresCode(sizes: number[], chained: boolean): string {
  const loops = sizes.map((n, k) => `for (var i = tid; i < ${n}; i += ${WG}) { let x = G${k}[wid * ${n} + i]; s += x * x; }`).join('\n    ');
  return `
var<workgroup> buf : array<f32, ${WG}>;
fn main(index : i32) {
  let tid = index % ${WG};
  let wid = index / ${WG};
  var s = 0.0;
  ${loops}
  buf[tid] = s;
  workgroupBarrier();
  for (var w = ${WG / 2}; w > 0; w = w / 2) {
    if (tid < w) { buf[tid] = buf[tid] + buf[tid + w]; }
    workgroupBarrier();
  }
  if (tid == 0) { result[wid] = buf[0]${chained ? ' + Acc[wid]' : ''}; }
}`;
}

const FINAL_CODE = (what: 'norm' | 'scale', K: number) => `
fn main(index : i32) {
  if (index >= ${K}) { return; }
  let norm = sqrt(Acc[index]);
  result[index] = ${what === 'norm' ? 'norm' : 'min(1.0, uniforms.maxNorm / (norm + 1e-6))'};
}`;

/** `per`: elements per model (n for one model): element i takes model (i / per)'s clip scale. */
function adamwCode(out: 'p' | 'm' | 'v', n: number, per: number): string {
  const value = { m: 'mi', v: 'vi', p: 'P[i] * uniforms.decay - (mi / (sqrt(vi) / uniforms.bc2 + uniforms.eps)) * uniforms.stepSize' }[out];
  return `
fn main(index : i32) {
  let i = index;
  if (i < ${n}) {
    let g = G[i] * S[i / ${per}];
    let mi = uniforms.b1 * M[i] + uniforms.c1 * g;
    let vi = uniforms.b2 * V[i] + uniforms.c2 * g * g;
    result[i] = ${value};
  }
}`;
}

export function registerAdamWWebGPU(gradNormName: string, adamwName: string, stacked = false): void {
  registerOn(gradNormName, ['webgpu'], ({ inputs, backend, attrs }) => {
    const list = Object.keys(inputs)
      .sort((x, y) => Number(x.slice(1)) - Number(y.slice(1)))
      .map((k) => inputs[k] as tf.TensorInfo);
    const K = stacked ? list[0].shape[0] : 1;
    const size = (t: tf.TensorInfo) => t.shape.reduce((a, b) => a * b, 1) / K;
    let acc: tf.TensorInfo | null = null;
    const temps: tf.TensorInfo[] = [];
    for (let start = 0; start < list.length; start += PER_PROGRAM) {
      const chunk = list.slice(start, start + PER_PROGRAM);
      const sizes = chunk.map(size);
      const names = chunk.map((_, k) => `G${k}`);
      const next: tf.TensorInfo = runProgram(
        backend,
        {
          key: `sumsq_${sizes.join('_')}_${acc ? 'c' : 'f'}_${K}`,
          inputs: acc ? [...names, 'Acc'] : names,
          outShape: [K],
          threads: K * WG,
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
          { key: `gradnorm_${what}_${K}`, inputs: ['Acc'], outShape: [K], threads: K, workgroup: 1, uniforms: 'maxNorm : f32, ', code: FINAL_CODE(what, K) },
          [acc!],
          [maxNorm],
        ),
        stacked ? [K] : [],
      ),
    );
    temps.push(acc!);
    for (const t of temps) (backend as unknown as { disposeData(id: object): void }).disposeData(t.dataId);
    return outs;
  });
  registerOn(adamwName, ['webgpu'], ({ inputs, backend, attrs }) => {
    const a = attrs as unknown as AdamWAttrs;
    const ins = inputs as Record<string, tf.TensorInfo>;
    const [scale, groups] = adamwInputs(stacked ? { ...ins, scale: ins.scales } : ins, a.decays.length);
    const K = stacked ? scale.shape[0] : 1;
    return groups.flatMap(([p, m, v, g], k) => {
      const n = p.shape.reduce((x, y) => x * y, 1);
      const uniforms = [a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.eps, a.decays[k], a.bc2, a.stepSize];
      return (['p', 'm', 'v'] as const).map((out) =>
        runProgram(
          backend,
          {
            key: `adamw_${out}_${n}_${K}`,
            inputs: ['P', 'M', 'V', 'G', 'S'],
            outShape: p.shape,
            threads: n,
            workgroup: 64,
            uniforms: 'b1 : f32, c1 : f32, b2 : f32, c2 : f32, eps : f32, decay : f32, bc2 : f32, stepSize : f32, ',
            code: adamwCode(out, n, n / K),
          },
          [p, m, v, g, scale],
          uniforms,
        ),
      );
    });
  });
}
