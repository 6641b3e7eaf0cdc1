/**
 * Shared plumbing for the fused kernels in this folder.
 *
 * Every fused op is a kernel registered in tfjs's kernel registry under its own name, so that
 * tf.profile sees one kernel per call and the engine's gradient tape can call its registered
 * gradient. Two kinds of implementations:
 * - cpu and wasm: plain JS loops over the backend's own typed arrays (`runOnArrays`); on wasm these
 *   are views on the module's heap, so no copies are made.
 * - webgpu: WGSL compute programs run through the backend's `runWebGPUProgram` (`runProgram`), the
 *   same interface tfjs-backend-webgpu's own kernels use. A program has exactly one output, so a
 *   kernel with several outputs runs several programs (still one kernel for the engine).
 * Shapes are baked into the shader source (and so into the shader key): the model keeps every
 * shape fixed, so each program compiles once, during the warm-up step.
 */
import * as tf from '@tensorflow/tfjs';

/** Backends whose fused kernels are JS loops. */
export const JS_BACKENDS = ['cpu', 'wasm'] as const;

type JSBackend = {
  typedArrayFromHeap?: (t: tf.TensorInfo) => Float32Array;
  makeOutput?: (shape: number[], dtype: 'float32') => tf.TensorInfo;
  disposeData?: (id: object) => void;
  data?: { get(id: object): { values: Float32Array } };
  makeTensorInfo?: (shape: number[], dtype: 'float32', values: Float32Array) => tf.TensorInfo;
};

/**
 * Runs `compute` on plain arrays: the inputs, and freshly zeroed float32 outputs. On wasm the arrays
 * are views on the module's heap, taken only after every output is allocated (an allocation can grow
 * the heap and detach earlier views). int32 inputs arrive as Int32Array (typed here as Float32Array
 * for brevity: only index them).
 */
export function runOnArrays(
  backend: unknown,
  inputs: tf.TensorInfo[],
  outShapes: number[][],
  compute: (ins: Float32Array[], outs: Float32Array[]) => void,
): tf.TensorInfo[] {
  const b = backend as JSBackend;
  if (b.makeOutput && b.typedArrayFromHeap) {
    const infos = outShapes.map((shape) => b.makeOutput!(shape, 'float32'));
    const ins = inputs.map((t) => b.typedArrayFromHeap!(t));
    const outs = infos.map((t) => b.typedArrayFromHeap!(t).fill(0));
    try {
      compute(ins, outs);
    } catch (e) {
      // A kernel that refuses its input (e.g. an id outside the table) must not leak the heap it was given.
      for (const t of infos) b.disposeData?.(t.dataId);
      throw e;
    }
    return infos;
  }
  const outs = outShapes.map((shape) => new Float32Array(shape.reduce((a, c) => a * c, 1)));
  compute(
    inputs.map((t) => b.data!.get(t.dataId).values),
    outs,
  );
  return outs.map((values, i) => b.makeTensorInfo!(outShapes[i], 'float32', values));
}

/** The part of tfjs-backend-webgpu's WebGPUProgram interface our programs fill in. */
interface WebGPUProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  size?: boolean;
  uniforms?: string;
  getUserCode: () => string;
}

type WebGPUBackendLike = {
  runWebGPUProgram(program: WebGPUProgram, inputs: tf.TensorInfo[], dtype: 'float32', uniforms?: { type: string; data: number[] }[]): tf.TensorInfo;
};

export interface ProgramSpec {
  /** Unique per shader source: include every constant baked into `code`. */
  key: string;
  /** Input buffer names, bound in this order to `inputs`; read them as `Name[i]` in WGSL. */
  inputs: string[];
  outShape: number[];
  /** Invocations to launch; `main(index : i32)` runs once per invocation with its flat index. */
  threads: number;
  workgroup?: number;
  /** Extra uniform fields, e.g. 'lr : f32, ' (values passed to runProgram in the same order). */
  uniforms?: string;
  /** WGSL: helper declarations plus `fn main(index : i32) { ... }`; write the output as `result[i]`. */
  code: string;
}

/**
 * Runs one WGSL program and returns its float32 output. Threads are launched in a flat 1-D grid;
 * `index` counts invocations (so `index / workgroup` is the workgroup number).
 */
export function runProgram(backend: unknown, spec: ProgramSpec, inputs: tf.TensorInfo[], uniforms: number[] = []): tf.TensorInfo {
  const wg = spec.workgroup ?? 64;
  const program: WebGPUProgram = {
    variableNames: spec.inputs,
    outputShape: spec.outShape,
    shaderKey: `tinyflan_${spec.key}`,
    dispatchLayout: { x: spec.outShape.map((_, i) => i) },
    dispatch: [Math.ceil(spec.threads / wg), 1, 1],
    workgroupSize: [wg, 1, 1],
    uniforms: spec.uniforms,
    getUserCode: () => withAllBindingsUsed(spec),
  };
  // One entry per scalar: tfjs packs each entry with the alignment of its length (a 3-vector is 16-aligned).
  const u = uniforms.length ? uniforms.map((x) => ({ type: 'float32', data: [x] })) : undefined;
  return (backend as WebGPUBackendLike).runWebGPUProgram(program, inputs, 'float32', u);
}

/**
 * The pipeline layout is 'auto', which leaves out every binding the entry point never touches, but
 * tfjs binds all inputs and the uniforms regardless: the bind group would then be invalid. So `main`
 * is wrapped in one that touches each binding (phony assignments, never executed).
 */
function withAllBindingsUsed(spec: ProgramSpec): string {
  const touches = [...spec.inputs.map((n) => `_ = ${n}[0];`), '_ = uniforms.NAN;'].join(' ');
  return `${spec.code.replace(/fn main\(index : i32\)/, 'fn userMain(index : i32)')}
fn main(index : i32) {
  if (index < -1) { ${touches} }
  userMain(index);
}`;
}

/** A tensor info viewed with another shape of the same size (no copy; as tfjs's own Reshape does). */
export function withShape(t: tf.TensorInfo, shape: number[]): tf.TensorInfo {
  return { dataId: t.dataId, shape, dtype: t.dtype };
}

/** Registers `kernelFunc` as `name` on each backend, once (module re-evaluation registers nothing twice). */
export function registerOn(name: string, backends: readonly string[], kernelFunc: tf.KernelFunc): void {
  for (const backendName of backends) {
    if (!tf.getKernel(name, backendName)) tf.registerKernel({ kernelName: name, backendName, kernelFunc });
  }
}

/** Whether the current backend has the fused kernel `name` (else callers use the stock-op composition). */
export function hasKernel(name: string): boolean {
  return tf.getKernel(name, tf.getBackend()) !== undefined;
}
