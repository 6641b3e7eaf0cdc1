/**
 * 'auto' passes over a software GPU: with a WebGPU adapter that is a fallback one (SwiftShader, as in
 * Debian chromium), it starts wasm and says why in `failures`; asked for by name, webgpu is still tried.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { initBackend } from './backend';

function fakeGpu(adapter: unknown): void {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu: { requestAdapter: async () => adapter } }, configurable: true, writable: true });
}

afterEach(() => {
  delete (globalThis as { navigator?: unknown }).navigator;
});

describe('initBackend auto', () => {
  it('skips a fallback (SwiftShader) WebGPU adapter and takes wasm, saying why', async () => {
    fakeGpu({ info: { vendor: 'google', architecture: 'swiftshader', device: '', description: '', isFallbackAdapter: true } });
    const info = await initBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.failures[0]).toMatch(/^webgpu: skipped by auto, a fallback \(software\) adapter: google swiftshader \(CPU emulation, slower than wasm\)$/);
  });

  it('recognises a software adapter by name even when it is not flagged as a fallback', async () => {
    fakeGpu({ isFallbackAdapter: false, info: { vendor: 'mesa', architecture: '', device: 'llvmpipe (LLVM 15.0.6, 256 bits)', description: '' } });
    const info = await initBackend('auto');
    expect(info.backend).toBe('wasm');
    expect(info.failures[0]).toMatch(/webgpu: skipped by auto, a software adapter: mesa llvmpipe/);
  });

  it('an explicit choice is not second-guessed: wasm asked, wasm started, nothing skipped', async () => {
    fakeGpu({ info: { vendor: 'google', architecture: 'swiftshader', isFallbackAdapter: true } });
    const info = await initBackend('wasm');
    expect(info.backend).toBe('wasm');
    expect(info.failures.some((f) => f.includes('skipped by auto'))).toBe(false);
  });
});

describe('initBackend auto, timed', () => {
  it('times one training step on each backend that starts and takes the fastest, once per thread', async () => {
    const first = await initBackend('auto');
    // In Node: no navigator.gpu and no canvas, so wasm and cpu are the two to time.
    expect(first.timings?.map((t) => t.backend).sort()).toEqual(['cpu', 'wasm']);
    for (const t of first.timings ?? []) expect(t.ms).toBeGreaterThan(0);
    const fastest = [...(first.timings ?? [])].sort((a, b) => a.ms - b.ms)[0];
    expect(first.backend).toBe(fastest.backend);
    const again = await initBackend('auto');
    expect(again.backend).toBe(first.backend);
    expect(again.timings).toBe(first.timings); // the kept decision: not timed again
  });
});

describe('initBackend auto, from benchmark fits', () => {
  // In Node, wasm and cpu start; the fits decide, with no step timed.
  const fast = { overheadMs: 1, gflops: 50, points: 3 };
  const slow = { overheadMs: 1, gflops: 0.5, points: 3 };

  it('takes the backend the fits predict fastest at the reference step, and reports the predictions', async () => {
    const info = await initBackend('auto', {
      stepFits: [
        { backend: 'wasm', ...slow },
        { backend: 'cpu', ...fast },
      ],
    });
    expect(info.backend).toBe('cpu');
    expect(info.timings).toBeUndefined();
    expect(info.predictions?.map((p) => p.backend).sort()).toEqual(['cpu', 'wasm']);
    const cpu = info.predictions!.find((p) => p.backend === 'cpu')!.ms;
    const wasm = info.predictions!.find((p) => p.backend === 'wasm')!.ms;
    expect(cpu).toBeLessThan(wasm);
    const other = await initBackend('auto', {
      stepFits: [
        { backend: 'wasm', ...fast },
        { backend: 'cpu', ...slow },
      ],
    });
    expect(other.backend).toBe('wasm');
  });

  it('with a fit for one backend only, times steps as before', async () => {
    const info = await initBackend('auto', { stepFits: [{ backend: 'cpu', ...fast }] });
    expect(info.predictions).toBeUndefined();
    expect(info.timings?.length).toBeGreaterThan(0);
  });
});
