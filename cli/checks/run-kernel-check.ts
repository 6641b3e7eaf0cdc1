/**
 * Node entry point: `npx tsx cli/checks/run-kernel-check.ts <backend>` runs checkFusedKernels on
 * one backend and prints one JSON line {backend, results}. webgpu needs the `webgpu` package and, on a
 * machine without a GPU, SwiftShader from Debian's chromium (see cli/node-backend.ts for the env vars).
 * The webgpu unit test runs this in a child process, because the Vulkan loader path must be in the
 * environment before the process starts.
 */
import { startNodeBackend, quietTfjsHint } from '../node-backend';
import { checkFusedKernels } from '../../src/core/model/kernels/check';

quietTfjsHint();
const backend = (process.argv[2] ?? 'cpu') as 'cpu' | 'wasm' | 'webgpu';
const info = await startNodeBackend(backend);
const results = await checkFusedKernels();
console.log(JSON.stringify({ backend: info.backend, results }));
process.exit(0);
