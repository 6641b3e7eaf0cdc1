/**
 * Browser entry for the fused-kernel checks (e2e/kernels.spec.ts): starts `backend` in the page
 * itself (not the engine worker) and runs checkFusedKernels there. Loaded on demand by the hook in
 * src/main.tsx, only when the page is opened with ?kernel-check=1.
 */
import { initBackend, type BackendName } from '../backend';
import { checkFusedKernels, type CheckResult } from './check';

export async function runKernelCheck(backend: BackendName): Promise<{ backend: string; results: CheckResult[] }> {
  const info = await initBackend(backend);
  return { backend: info.backend, results: await checkFusedKernels() };
}
