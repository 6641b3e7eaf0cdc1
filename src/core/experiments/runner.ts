/**
 * Executes one RunSpec: load the base model → (tune it on the mixture) → evaluate the held-out
 * clusters. Shared by the CLI and the worker; it reaches tensors only through model/ and train/.
 */
import { loadModel, saveModel } from '../model/io';
import type { GPT } from '../model/gpt';
import { loadCheckpoint } from '../checkpoint/checkpoint';
import { generateGreedy, scoreContinuations } from '../model/infer';
import { tune } from '../train/tune';
import type { StepEvent } from '../train/trainer';
import { buildMixture, getSuite, recordedWorldVersion, WORLD_VERSION, withTemplates, type TemplatesByDataset } from '../tasks';
import type { Tokenizer } from '../tokenizer/bpe';
import { evaluate, type ItemRecord, type RenderedItem, type Scorer } from '../eval/evaluate';
import { summariseScores } from '../eval/aggregate';
import type { RunResult } from './results';
import type { RunSpec } from './spec';
import { continuationIds, DEFAULT_WORLD_SEED, evalItems, mainMetricOf, promptIds } from './lab';
import { withPretrainText } from './pretrain-mix';
import { TunedModel } from './runner-tuned';
import { optimizerFrom, TUNE_SAVE_EVERY_MS, tuneContext, type TuneSaveStore } from './runner-resume';

export type RunStage = 'load' | 'tune' | 'evaluate';

export interface RunnerEvent {
  runId: string;
  stage: RunStage;
  /** Progress within the stage, 0..1. */
  fraction: number;
  step?: StepEvent;
}

/** What belongs to one execution, not to the Runner: its progress callback, abort signal and pause gate. */
export interface RunHooks {
  onEvent?(e: RunnerEvent): void;
  signal?: AbortSignal;
  gate?: () => Promise<void>;
}

export interface RunnerEnv extends RunHooks {
  /** The base checkpoint of a model size (a shipped file, IndexedDB, or a fresh pretraining). */
  baseCheckpoint(size: RunSpec['modelSize']): Promise<Uint8Array>;
  /** The backend actually in use, recorded in results. */
  backend: string;
  worldSeed?: number;
  /** Validation examples per dataset used to choose the best template (default: half the test count, ≥ 8). */
  validationExamples?: number;
  /**
   * The split scored in evaluate() (default 'test'). 'validation' scores the validation split instead (for
   * design choices made without touching test) and skips the separate template-choice validation pass.
   */
  evalSplit?: 'test' | 'validation';
  /**
   * Another trainer for the tuning stage (the CLI's PyTorch engine); default: the lab's own tune().
   * It gets the base checkpoint and the rendered mixture and returns the tuned checkpoint.
   */
  tuneEngine?: TuneEngine;
  /** User-edited templates by dataset (the experiment's template edits), for tuning and evaluation. */
  templates?: Readonly<TemplatesByDataset>;
  /** Recorded in results beside the backend when tuneEngine is set (e.g. 'pytorch-cpu'). */
  tuneEngineName?: string;
  /**
   * Another engine for the forward passes of evaluation (the CLI's PyTorch scorer); default: the lab's
   * tfjs model. Prompts, decoding rules and metrics stay the lab's evaluator's.
   */
  evalEngine?: (checkpoint: Uint8Array) => Promise<Scorer & { close(): void }>;
  /** Recorded in results as the evaluation backend when evalEngine is set (e.g. 'pytorch-cuda'). */
  evalEngineName?: string;
  /** Where tunings in progress are saved (the lab: IndexedDB), so an interrupted one resumes; none: no saves. */
  tuneSaves?: TuneSaveStore;
}

export type TuneEngine = (job: {
  run: RunSpec;
  base: Uint8Array;
  examples: readonly { input: string; target: string }[];
  onStep: (e: StepEvent) => void;
}) => Promise<{ bytes: Uint8Array; curve: { step: number; loss: number }[]; tokensPerSec: number }>;

export interface RunOutput {
  result: RunResult;
  /** Per-item records of the test split, for the inspector. */
  records: ItemRecord[];
}

/** Mixture examples per optimizer step requested from the mixture builder (fresh samples, few repeats). */
const EXAMPLES_PER_ROW = 4;

/**
 * Executes runs one at a time. It keeps the last tuned model in memory (on the backend, not as bytes:
 * no GPU → host → GPU trip between tuning and evaluation), so the zero- and few-shot evaluations of
 * one tuning (same tuneId, adjacent in a sweep) tune once. dispose() frees it.
 */
export class Runner {
  private lastTuned: TunedModel | null = null;

  constructor(private readonly env: RunnerEnv) {}

  /** The last tuned model (its tuneId and checkpoint), for trying prompts on it; null before any tuning. */
  async lastTunedCheckpoint(): Promise<{ tuneId: string; bytes: Uint8Array } | null> {
    const last = this.lastTuned;
    return last && { tuneId: last.tuneId, bytes: await last.bytes() };
  }

  /** The tfjs model the runner keeps alive between runs (null: none), so a leak sweep can spare it. */
  get keptModel(): GPT | null {
    return this.lastTuned?.model ?? null;
  }

  /** Frees the kept tuned model; the next run with its tuneId tunes again. */
  dispose(): void {
    this.lastTuned?.dispose();
    this.lastTuned = null;
  }

  /** `hooks` (progress, abort, pause) belong to this execution and win over the env's. */
  async execute(run: RunSpec, hooks: RunHooks = {}): Promise<RunOutput> {
    const env = this.env;
    const h: RunHooks = { onEvent: hooks.onEvent ?? env.onEvent, signal: hooks.signal ?? env.signal, gate: hooks.gate ?? env.gate };
    const started = now();
    const emit = (stage: RunStage, fraction: number, step?: StepEvent) => h.onEvent?.({ runId: run.id, stage, fraction, step });
    emit('load', 0);
    const base = await env.baseCheckpoint(run.modelSize);
    // The world the base model was pretrained on (checkpoints before v2 record none: v1), and the suite's,
    // which is the current one (getSuite and buildMixture below use the default version).
    const worldVersion = recordedWorldVersion(loadCheckpoint(base).info.worldVersion);
    const suiteVersion = WORLD_VERSION;
    let tuned: TunedModel | null = null;
    if (run.tune && run.tuneId) {
      if (this.lastTuned?.tuneId !== run.tuneId) {
        this.dispose(); // before tuning: two models on the backend at once is memory a small GPU may not have
        this.lastTuned = await this.tune(run, base, emit, h);
      }
      tuned = this.lastTuned;
    }
    const curve = tuned?.curve ?? [];
    const tokensPerSec = tuned?.tokensPerSec ?? 0;
    emit('evaluate', 0);
    const { scorer, tokenizer, release } = await this.scorerFor(tuned ?? base);
    try {
      const { summary, records } = await this.evaluate(run, scorer, tokenizer, h, (f) => emit('evaluate', f));
      const evalBackend = env.evalEngine ? (env.evalEngineName ?? 'external') : env.backend;
      const backend = run.tune && env.tuneEngineName ? `${env.tuneEngineName} (tune) + ${evalBackend} (eval)` : evalBackend;
      return { result: { ...summary, lossCurve: curve, wallTimeSec: (now() - started) / 1000, tokensPerSec, backend, worldVersion, suiteVersion }, records };
    } finally {
      release();
    }
  }

  /**
   * The forward passes for evaluation: the lab's tfjs model, or the environment's engine. A tuned model
   * kept in memory is scored as it is (and stays kept); a checkpoint is loaded and freed afterwards.
   */
  private async scorerFor(source: Uint8Array | TunedModel): Promise<{ scorer: Scorer; tokenizer: Tokenizer; release: () => void }> {
    if (this.env.evalEngine) {
      const bytes = source instanceof Uint8Array ? source : await source.bytes();
      const tokenizer = loadCheckpoint(bytes).tokenizer; // validates the checkpoint before a process starts
      const engine = await this.env.evalEngine(bytes);
      return { scorer: engine, tokenizer, release: () => engine.close() };
    }
    const live = source instanceof Uint8Array ? null : source.live();
    const scorerOf = (model: GPT): Scorer => ({
      scoreContinuations: (items) => scoreContinuations(model, items),
      generate: (prompts, maxNew) => generateGreedy(model, prompts, maxNew),
    });
    if (live) return { scorer: scorerOf(live.model), tokenizer: live.tokenizer, release: () => undefined };
    const { model, checkpoint } = loadModel(source instanceof Uint8Array ? source : await source.bytes());
    return { scorer: scorerOf(model), tokenizer: checkpoint.tokenizer, release: () => model.dispose() };
  }

  /** The rendered tuning mixture of a tune-eval run (what tune() trains on; also exported for batched tuning). */
  tuningExamples(run: RunSpec) {
    const spec = run.tune;
    if (!spec) throw new Error(`run ${run.id} tunes nothing`);
    const mixture = buildMixture({
      seed: run.seed,
      worldSeed: this.env.worldSeed ?? DEFAULT_WORLD_SEED,
      heldOut: run.heldOut,
      clusters: spec.clusters,
      templatesPerDataset: spec.templatesPerDataset,
      mode: spec.render,
      templates: this.env.templates,
      paraphraseInstructions: spec.instructionVariants !== false,
      inverted: spec.invertedTemplates !== false,
      size: Math.min(200_000, spec.steps * spec.batchSize * EXAMPLES_PER_ROW),
    });
    return withPretrainText(mixture, spec.pretrainShare ?? 0, run.seed, this.env.worldSeed ?? DEFAULT_WORLD_SEED);
  }

  private async tune(run: RunSpec, base: Uint8Array, emit: (s: RunStage, f: number, e?: StepEvent) => void, hooks: RunHooks): Promise<TunedModel> {
    const spec = run.tune!;
    const tuneId = run.tuneId!;
    const examples = this.tuningExamples(run);
    if (this.env.tuneEngine) {
      const out = await this.env.tuneEngine({ run, base, examples, onStep: (e) => emit('tune', e.step / e.totalSteps, e) });
      return TunedModel.fromBytes(tuneId, out.bytes, out.curve, out.tokensPerSec);
    }
    const saves = this.env.tuneSaves;
    const context = tuneContext(base, this.env.templates, this.env.worldSeed ?? DEFAULT_WORLD_SEED);
    const found = saves && (await saves.load(tuneId).catch(() => undefined));
    const resume = found && found.totalSteps === spec.steps && found.context === context ? found : undefined;
    const { model, checkpoint } = loadModel(resume?.bytes ?? base);
    const baseCk = resume ? loadCheckpoint(base) : checkpoint;
    try {
      const adamw = resume ? optimizerFrom(checkpoint, model) : undefined;
      const curve = [...(resume?.curve ?? [])];
      let savedAt = now();
      const result = await tune({
        model,
        tokenizer: checkpoint.tokenizer,
        examples,
        seed: run.seed,
        steps: spec.steps,
        lr: spec.lr,
        batchSize: spec.batchSize,
        readEvery: Math.max(1, Math.floor(spec.steps / 100)),
        signal: hooks.signal,
        gate: hooks.gate,
        startStep: resume?.step,
        adamw,
        onStep: (e) => {
          curve.push({ step: e.step, loss: e.loss });
          emit('tune', e.step / e.totalSteps, e);
        },
        checkpoint: saves && {
          due: (step) => (saves.due ? saves.due(step, now() - savedAt) : now() - savedAt >= TUNE_SAVE_EVERY_MS),
          save: async (step, optimizer) => {
            const bytes = await saveModel(model, checkpoint.tokenizer, { step: baseCk.step + step, info: { ...baseCk.info, tunedBy: tuneId }, optimizer });
            // A save that fails (storage full) costs only the resume point, never the run.
            await saves.save({ tuneId, step, totalSteps: spec.steps, bytes, curve: curve.slice(), context, savedAt: Date.now() }).catch(() => undefined);
            savedAt = now();
          },
        },
      });
      result.optimizer.dispose();
      await saves?.clear(tuneId).catch(() => undefined);
      const saveAs = { step: baseCk.step + spec.steps, info: { ...baseCk.info, tunedBy: tuneId } };
      return TunedModel.inMemory(tuneId, model, checkpoint.tokenizer, saveAs, [...(resume?.curve ?? []), ...result.losses], result.tokensPerSec);
    } catch (e) {
      model.dispose();
      throw e;
    }
  }

  private async evaluate(run: RunSpec, scorer: Scorer, tok: Tokenizer, hooks: RunHooks, progress: (f: number) => void) {
    const suite = getSuite(this.env.worldSeed ?? DEFAULT_WORLD_SEED);
    const datasets = withTemplates(
      suite.datasets.filter((d) => run.heldOut.includes(d.cluster)),
      this.env.templates,
    );
    const nTest = run.eval.examplesPerDataset;
    const nVal = this.env.validationExamples ?? Math.max(8, Math.floor(nTest / 2));
    const split = this.env.evalSplit ?? 'test';
    const needValidation = split === 'test' && run.eval.render === 'instructions' && run.eval.templatesPerDataset > 1;
    const test: RenderedItem[] = datasets.flatMap((d) => evalItems(d, run.eval, split, nTest, run.seed));
    const validation: RenderedItem[] = needValidation ? datasets.flatMap((d) => evalItems(d, run.eval, 'validation', nVal, run.seed)) : [];
    const byName = new Map(datasets.map((d) => [d.name, d]));
    const total = test.length + validation.length;
    const options = {
      codec: { encode: (s: string) => tok.encode(s), decode: (ids: number[]) => tok.decode(ids) },
      promptIds: (s: string) => promptIds(tok, s),
      continuationIds: (s: string) => continuationIds(tok, s),
      mainMetric: (name: string) => mainMetricOf(byName.get(name)!),
      maxNewTokens: 24,
      signal: hooks.signal,
      gate: hooks.gate,
    };
    const testResult = await evaluate(scorer, test, { ...options, onProgress: (done) => progress(done / total) });
    const valResult = validation.length
      ? await evaluate(scorer, validation, { ...options, onProgress: (done) => progress((test.length + done) / total) })
      : undefined;
    const clusterOf = (name: string) => byName.get(name)?.cluster;
    return { summary: summariseScores(testResult, clusterOf, valResult), records: testResult.records };
  }
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
