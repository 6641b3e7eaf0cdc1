/**
 * Saving a tuning while it runs, so a reload (or a killed process) resumes it from the last save instead
 * of step 0. A save is the model and AdamW state as of a step (one TinyFLAN checkpoint, F32: loading it
 * back gives the very same numbers), the loss curve so far, and what the save is only valid with (the
 * base checkpoint and template edits it was tuned from). The data position is the step itself: tune()
 * replays the seeded batch order up to it, so a resumed run equals an uninterrupted one.
 */
import { hashString } from '../rng';
import { AdamW } from '../model/adamw';
import type { Checkpoint } from '../checkpoint/checkpoint';
import type { GPT } from '../model/gpt';

export interface TuneSave {
  tuneId: string;
  /** Optimizer steps done. */
  step: number;
  totalSteps: number;
  /** Model + optimizer state as of `step` (a TinyFLAN checkpoint). */
  bytes: Uint8Array;
  curve: { step: number; loss: number }[];
  /** Base checkpoint, template edits and world the tuning started from: a save is used only with the same. */
  context: string;
  savedAt: number;
}

export interface TuneSaveStore {
  load(tuneId: string): Promise<TuneSave | undefined>;
  save(save: TuneSave): Promise<void>;
  clear(tuneId: string): Promise<void>;
  /** When to save, after `step` with `msSinceSave` since the last save (or the start); default: every TUNE_SAVE_EVERY_MS. */
  due?(step: number, msSinceSave: number): boolean;
}

export { TUNE_SAVE_EVERY_MS } from './tune-save-interval';

/** A save's validity: the base checkpoint's header (it holds the weights' checksum), its length, templates and world. */
export function tuneContext(base: Uint8Array, templates: unknown, worldSeed: number): string {
  const header = base.subarray(0, Math.min(base.length, 1 << 16));
  let text = '';
  for (let i = 0; i < header.length; i++) text += String.fromCharCode(header[i]);
  return JSON.stringify([hashString(text), base.length, templates ?? null, worldSeed]);
}

/** The AdamW of a saved tuning, on `model`'s parameters. */
export function optimizerFrom(checkpoint: Checkpoint, model: GPT): AdamW {
  if (!checkpoint.optimizer) throw new Error('The saved tuning has no optimizer state.');
  const adamw = new AdamW(model.params);
  adamw.loadState(checkpoint.optimizer);
  return adamw;
}
