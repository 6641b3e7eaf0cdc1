import { loadElementwiseWasm, targetLogProbWasm, targetLogProbGradWasm, geluForwardWasm, elementwiseWasmStatus } from './src/core/model/kernels/elementwise-wasm';
await loadElementwiseWasm(); console.log(elementwiseWasmStatus());
const N = 1024, V = 1024;
const x = new Float32Array(N * V).map((_, i) => Math.sin(i) * 3);
const t = new Int32Array(N).map((_, i) => (i * 7) % V);
const out = new Float32Array(N); const dl = new Float32Array(N * V); const dy = new Float32Array(N).fill(1);
for (let r = 0; r < 4; r++) {
  let s = performance.now(); targetLogProbWasm(x, t, out, V); const a = performance.now() - s;
  s = performance.now(); targetLogProbGradWasm(dy, x, t, dl, V); const b = performance.now() - s;
  s = performance.now(); geluForwardWasm(x, dl); const c = performance.now() - s;
  s = performance.now(); dl.set(x); const d = performance.now() - s;
  console.log('fwd', a.toFixed(2), 'bwd', b.toFixed(2), 'gelu', c.toFixed(2), 'copy 4MB', d.toFixed(2));
}
