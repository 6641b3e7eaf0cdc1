/**
 * The CLI's `experiment` and the lab's sweep run the same loop (core's runSweep): on one tiny spec (Node,
 * cpu) they execute the same runs in the same order and record the same numbers. The lab side is the
 * real thing below the page: startSweep → EngineClient → Comlink → the worker's engine API → Runner,
 * with a MessageChannel in place of the Worker (IndexedDB is absent in Node: storing fails, as a notice).
 */
import * as Comlink from 'comlink';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { makeSpec } from '../../core/experiments/presets';
import { parseResults, type Results } from '../../core/experiments/results';
import { Runner } from '../../core/experiments/runner';
import { canonicalJson } from '../../core/experiments/spec';
import { createEngineApi } from '../../../workers/engineApi';
import { EngineClient } from '../engineClient';
import { run as cliExperiment } from '../../../cli/commands/experiment';

const shipped = (size: string) => new Uint8Array(readFileSync(join(__dirname, `../../../public/models/${size}.safetensors`)));

/** A Worker to EngineClient: one end of a MessageChannel, the engine API on the other. */
class ChannelWorker extends EventTarget {
  private readonly port: MessagePort;
  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(createEngineApi({ baseCheckpoint: async (size) => shipped(size) }), port2);
    this.port = port1;
    port1.onmessage = (ev) => this.dispatchEvent(new MessageEvent('message', { data: ev.data }));
  }
  postMessage(data: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(data, transfer);
  }
  terminate(): void {
    this.port.close();
  }
}

const engine = new EngineClient(() => new ChannelWorker() as unknown as Worker, { locks: null });
vi.mock('../engineClient', async (importOriginal) => ({ ...(await importOriginal<typeof import('../engineClient')>()), getEngine: () => engine }));
// The lab store batches progress on animation frames; Node has none.
globalThis.requestAnimationFrame ??= (cb: FrameRequestCallback) => setTimeout(() => cb(performance.now()), 0) as unknown as number;
globalThis.cancelAnimationFrame ??= (id: number) => clearTimeout(id);

const { startSweep } = await import('./sweep');
const { useLabStore } = await import('./labStore');

const SPEC = makeSpec('main', {
  seeds: [1],
  heldOutClusters: ['nli'],
  modelSize: 'nano',
  steps: 4,
  batchSize: 2,
  evalExamples: 4,
  evalTemplatesPerDataset: 1,
  templatesPerDataset: 1,
  backend: 'cpu',
});
const CLI_ARGS = [
  '--preset',
  'main',
  '--heldout',
  'nli',
  '--models',
  'nano',
  '--seeds',
  '1',
  '--steps',
  '4',
  '--batch',
  '2',
  '--eval-examples',
  '4',
  '--eval-templates',
  '1',
  '--templates',
  '1',
  '--backend',
  'cpu',
];

/** A run's recorded numbers without its timings (wall time and speed differ between any two runs). */
function numbers(results: Results) {
  return results.runs.map((e) => ({ id: e.run.id, status: e.status, result: e.result && { ...e.result, wallTimeSec: 0, tokensPerSec: 0 } }));
}

afterAll(() => engine.dispose());

describe('one sweep loop for the CLI and the lab', () => {
  it('executes the same runs in the same order with the same results', async () => {
    const executed = vi.spyOn(Runner.prototype, 'execute');
    const out = join(mkdtempSync(join(tmpdir(), 'tinyflan-sweep-')), 'r.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined); // the CLI's markdown table
    expect(await cliExperiment([...CLI_ARGS, '--out', out])).toBe(0);
    log.mockRestore();
    const cli = parseResults(readFileSync(out, 'utf8'));
    const cliOrder = executed.mock.calls.map(([run]) => run.id);
    executed.mockClear();

    useLabStore.setState({ spec: SPEC, templates: {}, results: null });
    await startSweep();
    const lab = useLabStore.getState().results!;
    const labOrder = executed.mock.calls.map(([run]) => run.id);

    expect(canonicalJson(lab.spec)).toBe(canonicalJson(cli.spec));
    expect(cliOrder.length).toBe(cli.runs.length);
    expect(labOrder).toEqual(cliOrder);
    expect(lab.runs.every((e) => e.status === 'done')).toBe(true);
    expect(numbers(lab)).toEqual(numbers(cli));
    expect(useLabStore.getState().sweep).toBe('idle');
  }, 600_000);
});
