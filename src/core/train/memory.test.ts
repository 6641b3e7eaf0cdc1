import { beforeAll, expect, it } from 'vitest';
import { initBackend } from '../model/backend';
import { tuningMemoryTrace } from './memory-check';
import { stackedMemoryTrace } from './stacked-check';

beforeAll(async () => {
  await initBackend('wasm');
});

it('keeps tensors and bytes flat across 10 consecutive tuning runs in one engine', async () => {
  const trace = await tuningMemoryTrace(10);
  expect(new Set(trace.map((c) => c.tensors)).size).toBe(1);
  expect(new Set(trace.map((c) => c.bytes)).size).toBe(1);
});

it('keeps tensors and bytes flat across 10 consecutive stacked runs (K = 3) in one engine', async () => {
  const trace = await stackedMemoryTrace(10);
  expect(trace).toHaveLength(10);
  expect(new Set(trace.map((c) => c.tensors)).size).toBe(1);
  expect(new Set(trace.map((c) => c.bytes)).size).toBe(1);
});
