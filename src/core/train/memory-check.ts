/**
 * Memory after each of several consecutive tuning runs in one engine (issue: "tf.memory().numTensors and
 * numBytesAllocatedInGPU flat across 10 consecutive tuning runs in one worker"). A leak shows up as a
 * count that grows run after run. Shared by the wasm unit test and the webgpu check (cli/checks/run-memory-check.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { GPT } from '../model/gpt';
import { loadModel, saveModel } from '../model/io';
import { trainBpe } from '../tokenizer/bpe';
import { tune } from './tune';

export interface MemorySnapshot {
  tensors: number;
  bytes: number;
  /** webgpu only: bytes the backend holds in GPU buffers (its buffer pool included). */
  gpuBytes?: number;
}

export async function tuningMemoryTrace(runs = 10): Promise<MemorySnapshot[]> {
  const tok = trainBpe(['Anna Berg lives in Lumo.', 'Is a fox small? yes'], 300);
  const base = GPT.create({ vocabSize: tok.vocabSize, blockSize: 32, nLayer: 2, nHead: 2, nEmbd: 16 }, 1);
  const bytes = await saveModel(base, tok, { step: 0 });
  base.dispose();
  const examples = [
    { input: 'Where does Anna Berg live?', target: 'Lumo' },
    { input: 'Is a fox small?', target: 'yes' },
  ];
  const trace: MemorySnapshot[] = [];
  for (let i = 0; i < runs; i++) {
    const { model } = loadModel(bytes);
    const r = await tune({ model, tokenizer: tok, examples, seed: i, steps: 3, lr: 1e-3, batchSize: 2 });
    r.optimizer.dispose();
    model.dispose();
    const m = tf.memory() as tf.MemoryInfo & { numBytesAllocatedInGPU?: number };
    trace.push({ tensors: m.numTensors, bytes: m.numBytes, ...(m.numBytesAllocatedInGPU !== undefined ? { gpuBytes: m.numBytesAllocatedInGPU } : {}) });
  }
  return trace;
}
