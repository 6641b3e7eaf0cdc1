import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRun } from '../src/core/experiments/spec';
import { jobKey, pretunedEngine, readTunedModel, writeTuningJob } from './tuning-jobs';
import type { TuneEngine } from '../src/core/experiments/runner';

const run = makeRun({
  kind: 'tune-eval',
  seed: 2,
  backend: 'cpu',
  modelSize: 'nano',
  heldOut: ['nli'],
  tune: { clusters: ['sentiment'], steps: 7, lr: 1e-3, batchSize: 4, templatesPerDataset: 1, render: 'instructions' },
  eval: { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 4, templatesPerDataset: 1 },
});
const examples = [{ input: 'a', target: 'b' }];
const job = (onStep = () => {}) => ({ run, base: new Uint8Array([1]), examples, onStep });
const trained: TuneEngine = async () => ({ bytes: new Uint8Array([9]), curve: [], tokensPerSec: 1 });

describe('tuning jobs (--export-tuning / --tuned-dir)', () => {
  it('writes a job once and reads back the model train_many.py leaves beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyflan-jobs-'));
    expect(writeTuningJob(dir, run, 'public/models/nano.safetensors', examples)).toBe(true);
    expect(writeTuningJob(dir, run, 'public/models/nano.safetensors', examples)).toBe(false);
    const key = jobKey(run.tuneId!);
    expect(readTunedModel(dir, run)).toBeNull();
    writeFileSync(join(dir, `${key}.safetensors`), new Uint8Array([4, 2]));
    writeFileSync(join(dir, `${key}.curve.json`), JSON.stringify({ curve: [{ step: 1, loss: null }], tokensPerSec: 5, device: 'cuda', stacked: 3 }));
    const out = await pretunedEngine(dir, trained)(job());
    expect([...out.bytes]).toEqual([4, 2]);
    expect(out.curve[0].loss).toBeNaN(); // null in JSON: a non-finite loss
    expect(out.tokensPerSec).toBe(5);
  });

  it("trains runs that have no job, and stops waiting with train_many's error when it left a .failed note", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyflan-jobs-'));
    expect([...(await pretunedEngine(dir, trained)(job())).bytes]).toEqual([9]);
    writeTuningJob(dir, run, 'public/models/nano.safetensors', examples);
    const waiting = pretunedEngine(dir, trained, { pollMs: 5 })(job());
    setTimeout(() => writeFileSync(join(dir, `${jobKey(run.tuneId!)}.failed`), 'CUDA out of memory\n'), 30);
    await expect(waiting).rejects.toThrow(/train_many.py failed on .*CUDA out of memory/);
  });

  it('refuses a tuned model whose job has other settings than the run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tinyflan-jobs-'));
    const key = jobKey(run.tuneId!);
    writeFileSync(join(dir, `${key}.job.json`), JSON.stringify({ steps: 8, seed: 2 }));
    writeFileSync(join(dir, `${key}.curve.json`), JSON.stringify({ curve: [], tokensPerSec: 1, device: 'cpu', stacked: 1 }));
    expect(() => readTunedModel(dir, run)).toThrow(/other settings/);
    writeFileSync(join(dir, `${key}.job.json`), JSON.stringify({ steps: 7, seed: 2, init: '/elsewhere/nano.safetensors' }));
    writeFileSync(join(dir, `${key}.safetensors`), new Uint8Array([1]));
    expect(readTunedModel(dir, run)).not.toBeNull();
    expect(() => readTunedModel(dir, run, 'public/models/nano.safetensors')).toThrow(/was tuned from \/elsewhere\/nano.safetensors/);
  });
});
