/**
 * World versions in the files the lab writes: results and manifests made under v1/v2 still open unchanged,
 * a run records its base model's real world (3 included) and the suite's, and the report names both when
 * they differ.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint';
import { recordedWorldVersion, WORLD_VERSION } from '../tasks';
import { ManifestSchema } from './base-models';
import { makeSpec } from './presets';
import { renderMarkdown, worldNote } from './report';
import { createResults, mergeRunResult, parseResults, serializeResults, type RunResult } from './results';
import { Runner } from './runner';
import { makeRun } from './spec';

const nano = new Uint8Array(readFileSync(join(__dirname, '../../../public/models/nano.safetensors')));

/** nano's weights with `worldVersion` in the checkpoint info (undefined: none recorded, as before v2). */
function nanoOfWorld(worldVersion: number | undefined): Uint8Array {
  const ck = loadCheckpoint(nano);
  const { worldVersion: _drop, ...rest } = ck.info;
  return saveCheckpoint({ ...ck, info: worldVersion === undefined ? rest : { ...rest, worldVersion } }, 'F16');
}

const fakeEngine = async () => ({
  scoreContinuations: async (items: { prompt: number[] }[]) => items.map(() => 0),
  generate: async (p: number[][]) => p.map(() => []),
  close: () => {},
});

const run = makeRun({
  kind: 'base-eval',
  seed: 1,
  backend: 'wasm',
  modelSize: 'nano',
  heldOut: ['coreference'],
  tune: null,
  eval: { render: 'instructions', mode: 'zero-shot', k: 0, examplesPerDataset: 2, templatesPerDataset: 1 },
});

async function recorded(worldVersion: number | undefined) {
  const runner = new Runner({ baseCheckpoint: async () => nanoOfWorld(worldVersion), backend: 'test', evalSplit: 'validation', evalEngine: fakeEngine });
  const { result } = await runner.execute(run);
  return { world: result.worldVersion, suite: result.suiteVersion };
}

function result(extra: Partial<RunResult>): RunResult {
  return {
    perTemplate: {},
    perDataset: { d: { metric: 'acc', nTemplates: 1, mean: 0.5, median: 0.5, best: null, bestTemplate: null, spread: 0, min: 0.5, max: 0.5 } },
    perCluster: { nli: 0.5 },
    lossCurve: [],
    wallTimeSec: 1,
    tokensPerSec: 1,
    backend: 'cpu',
    ...extra,
  };
}

/** A main results file with every run finished, each with `extra` in its result. */
function finished(extra: (i: number) => Partial<RunResult>) {
  let results = createResults(makeSpec('main', { seeds: [1], heldOutClusters: ['nli'] }));
  results.runs.forEach((e, i) => (results = mergeRunResult(results, e.run.id, result(extra(i)))));
  return results;
}

describe('world versions recorded by a run', () => {
  it('the default is v3', () => expect(WORLD_VERSION).toBe(3));

  it('a v3 base model is recorded as v3, not v1, with the suite it was evaluated on', async () => {
    expect(await recorded(3)).toEqual({ world: 3, suite: WORLD_VERSION });
  });

  it('a v2 base model stays v2, and one recording no world (v1 checkpoints) is v1', async () => {
    expect(await recorded(2)).toEqual({ world: 2, suite: WORLD_VERSION });
    expect(await recorded(undefined)).toEqual({ world: 1, suite: WORLD_VERSION });
  });

  it('an unknown recorded version reads as v1 rather than a version the lab has no corpus for', () => {
    expect(recordedWorldVersion(7)).toBe(1);
    expect(recordedWorldVersion('3')).toBe(1);
    expect(recordedWorldVersion(3)).toBe(3);
  });
});

describe('results files across world versions', () => {
  it('a v2 results file (world 2, no suite version) still parses unchanged', () => {
    const v2 = finished(() => ({ worldVersion: 2 }));
    const text = serializeResults(v2);
    expect(text).not.toContain('suiteVersion');
    expect(parseResults(JSON.parse(text))).toEqual(v2);
    expect(worldNote(v2)).toContain('World v2');
    expect(worldNote(v2)).not.toContain('suite');
  });

  it('a v1 file (no world version at all) reads as v1', () => {
    const v1 = parseResults(JSON.parse(serializeResults(finished(() => ({})))));
    expect(v1.runs.every((e) => e.result?.worldVersion === undefined)).toBe(true);
    expect(renderMarkdown(v1)).toContain('World v1 (');
  });

  it('a v3 run parses, and a version the lab does not know is refused', () => {
    const v3 = finished(() => ({ worldVersion: 3, suiteVersion: 3 }));
    expect(parseResults(JSON.parse(serializeResults(v3))).runs[0]!.result?.worldVersion).toBe(3);
    const bad = JSON.parse(serializeResults(v3));
    bad.runs[0].result.worldVersion = 4;
    expect(() => parseResults(bad)).toThrow();
  });

  it('the report says when a base model was pretrained on another world than the suite it ran on', () => {
    const same = finished(() => ({ worldVersion: 3, suiteVersion: 3 }));
    expect(worldNote(same)).toContain('World v3 (');
    expect(worldNote(same)).not.toContain('suite');
    const mixed = finished((i) => (i === 0 ? { worldVersion: 1, suiteVersion: 3 } : { worldVersion: 3, suiteVersion: 3 }));
    const note = worldNote(mixed);
    expect(note).toContain('World v1 + v3');
    expect(note).toContain(`1 of ${mixed.runs.length} runs evaluated a v1 base model on the v3 suite`);
    expect(renderMarkdown(mixed)).toContain(note.trim());
  });
});

describe('manifest entries across world versions', () => {
  const entry = {
    size: 'tiny',
    file: 'tiny.safetensors',
    params: 1,
    tokensSeen: 1,
    validationLoss: 1,
    validationBackend: 'wasm',
    command: 'c',
    seed: 1,
    worldSeed: 1,
    engine: 'pytorch-cpu',
    dtype: 'F16',
    bytes: 1,
    wallTimeSec: 1,
  };
  const parse = (m: object) => ManifestSchema.parse({ schema: 'tinyflan-models', version: 1, models: [m] }).models[0]!.worldVersion;

  it('reads 3 and 4, keeps 2, and takes an entry without one (the GPU-pretrained small and base) as v1', () => {
    expect(parse({ ...entry, worldVersion: 4 })).toBe(4);
    expect(parse({ ...entry, worldVersion: 3 })).toBe(3);
    expect(parse({ ...entry, worldVersion: 2 })).toBe(2);
    expect(parse(entry)).toBe(1);
    expect(() => parse({ ...entry, worldVersion: 5 })).toThrow();
  });
});
