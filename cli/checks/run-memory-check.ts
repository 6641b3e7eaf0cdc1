/**
 * Node entry point: `npx tsx cli/checks/run-memory-check.ts <backend>` prints one JSON line
 * {backend, trace} with tf.memory() after each of 10 tuning runs (see memory-check.ts). For webgpu
 * (the `webgpu` package on SwiftShader) the unit test runs it in a child process, as the Vulkan
 * loader's path must be in the environment before the process starts.
 */
import { startNodeBackend, quietTfjsHint } from '../node-backend';
import { tuningMemoryTrace } from '../../src/core/train/memory-check';

quietTfjsHint();
const info = await startNodeBackend((process.argv[2] ?? 'cpu') as 'cpu' | 'wasm' | 'webgpu');
console.log(JSON.stringify({ backend: info.backend, trace: await tuningMemoryTrace(10) }));
process.exit(0);
