/**
 * The wasm thread count: more than one only where the context is cross-origin isolated, and the
 * hardwareConcurrency override that lifts tfjs-wasm's half-the-cores cap lasts exactly while the
 * backend starts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startWithThreads, wasmThreadCount, wasmThreadsAllowed } from './wasmThreads';

afterEach(() => vi.unstubAllGlobals());

describe('wasmThreadCount', () => {
  it('is 1 without cross-origin isolation (plain Node, a page without COOP/COEP)', () => {
    expect(wasmThreadsAllowed()).toBe(false);
    expect(wasmThreadCount(4)).toBe(1);
  });

  it('is what was asked for under isolation, 1 by default or for nonsense', () => {
    vi.stubGlobal('crossOriginIsolated', true);
    expect(wasmThreadsAllowed()).toBe(true);
    expect(wasmThreadCount(2)).toBe(2);
    expect(wasmThreadCount(3.7)).toBe(3);
    expect(wasmThreadCount(undefined)).toBe(1);
    expect(wasmThreadCount(0)).toBe(1);
  });
});

describe('startWithThreads', () => {
  class FakeNavigator {
    get hardwareConcurrency() {
      return 2;
    }
  }

  it('shows 2 x threads logical cores while the backend starts, then the real count again', async () => {
    const nav = new FakeNavigator();
    vi.stubGlobal('navigator', nav);
    const seen = await startWithThreads(3, async () => {
      await Promise.resolve();
      return nav.hardwareConcurrency;
    });
    expect(seen).toBe(6);
    expect(nav.hardwareConcurrency).toBe(2);
    expect(Object.getOwnPropertyDescriptor(nav, 'hardwareConcurrency')).toBeUndefined();
  });

  it('restores the count when the start fails, and leaves it alone for one thread', async () => {
    const nav = new FakeNavigator();
    vi.stubGlobal('navigator', nav);
    await expect(startWithThreads(2, () => Promise.reject(new Error('no wasm')))).rejects.toThrow('no wasm');
    expect(nav.hardwareConcurrency).toBe(2);
    expect(await startWithThreads(1, async () => nav.hardwareConcurrency)).toBe(2);
  });
});
