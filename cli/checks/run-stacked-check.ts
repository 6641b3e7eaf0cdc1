/**
 * Node entry point: `npx tsx cli/checks/run-stacked-check.ts <backend>` prints one JSON line
 * {backend, agreement, counts, memory, lone}: stacked training against each model alone (stacked-check.ts), the
 * kernels and dispatches of one stacked step for K = 1, 4, 12 and of one lone model's step, and memory over 10 stacked runs. For
 * webgpu (the `webgpu` package on SwiftShader) the unit test runs it in a child process, as the Vulkan
 * loader's path must be in the environment before the process starts.
 */
import { startNodeBackend, quietTfjsHint } from '../node-backend';
import { CHECK_CONFIG, stackedAgreement, stackedMemoryTrace, stackedStepCounts } from '../../src/core/train/stacked-check';
import { measureTraining } from '../../src/core/train/bench';

quietTfjsHint();
const info = await startNodeBackend((process.argv[2] ?? 'cpu') as 'cpu' | 'wasm' | 'webgpu');
const agreement = await stackedAgreement();
const counts = await stackedStepCounts(CHECK_CONFIG, 2, [1, 4, 12]);
const memory = await stackedMemoryTrace(10);
// the same config trained alone: what a stack's step is compared with
const lone = await measureTraining({ config: CHECK_CONFIG, batch: 2, steps: 1, warmupSteps: 1, countKernels: true });
console.log(JSON.stringify({ backend: info.backend, agreement, counts, memory, lone: { kernels: lone.kernelsPerStep, dispatches: lone.dispatchesPerStep } }));
process.exit(0);
