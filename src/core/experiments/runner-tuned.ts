/**
 * A tuned model as the Runner keeps it between tuning and evaluation (and between runs that share a
 * tuneId): the live tfjs model when the lab's own trainer tuned it, or a checkpoint when another engine
 * did (the CLI's PyTorch). Bytes of a live model are made only when asked for (an external scorer, the
 * Inspector's "Try it"), once.
 */
import { saveModel } from '../model/io';
import type { GPT } from '../model/gpt';
import type { Tokenizer } from '../tokenizer/bpe';

type Curve = { step: number; loss: number }[];

export class TunedModel {
  private constructor(
    readonly tuneId: string,
    readonly curve: Curve,
    readonly tokensPerSec: number,
    private liveModel: { model: GPT; tokenizer: Tokenizer; saveAs: { step: number; info: Record<string, unknown> } } | null,
    private saved: Uint8Array | null,
  ) {}

  static inMemory(
    tuneId: string,
    model: GPT,
    tokenizer: Tokenizer,
    saveAs: { step: number; info: Record<string, unknown> },
    curve: Curve,
    tokensPerSec: number,
  ) {
    return new TunedModel(tuneId, curve, tokensPerSec, { model, tokenizer, saveAs }, null);
  }

  static fromBytes(tuneId: string, bytes: Uint8Array, curve: Curve, tokensPerSec: number) {
    return new TunedModel(tuneId, curve, tokensPerSec, null, bytes);
  }

  /** The model on the backend, or null when this tuning exists only as a checkpoint. */
  live(): { model: GPT; tokenizer: Tokenizer } | null {
    return this.liveModel && { model: this.liveModel.model, tokenizer: this.liveModel.tokenizer };
  }

  get model(): GPT | null {
    return this.liveModel?.model ?? null;
  }

  /** The tuned checkpoint (F32 safetensors: loading it back gives the very same weights). */
  async bytes(): Promise<Uint8Array> {
    if (this.saved) return this.saved;
    const live = this.liveModel;
    if (!live) throw new Error(`The tuned model ${this.tuneId} was freed before it was saved.`);
    this.saved = await saveModel(live.model, live.tokenizer, live.saveAs);
    return this.saved;
  }

  dispose(): void {
    this.liveModel?.model.dispose();
    this.liveModel = null;
  }
}
