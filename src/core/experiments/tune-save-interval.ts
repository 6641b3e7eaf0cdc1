/** How often a tuning in progress is saved (no imports: the page reads the range without loading tfjs). */

/**
 * Time-based, so the cost stays small whatever the model: one save (weights and two AdamW moments read
 * back, encoded and written) takes well under a second for the lab's sizes, against 15 s of training.
 */
export const TUNE_SAVE_EVERY_MS = 15_000;
/** The range a user may set the interval to (the page's tinyflan.tuneSaveEverySec): a save per second at most. */
export const MIN_TUNE_SAVE_EVERY_SEC = 1;
export const MAX_TUNE_SAVE_EVERY_SEC = 3600;

/** Whether `seconds` is an interval a user may set. */
export function validTuneSaveEverySec(seconds: number): boolean {
  return Number.isFinite(seconds) && seconds >= MIN_TUNE_SAVE_EVERY_SEC && seconds <= MAX_TUNE_SAVE_EVERY_SEC;
}

/** When a save is due, every `everyMs()` (read at each step, so a new setting applies to the running tuning). */
export function dueEvery(everyMs: () => number): (step: number, msSinceSave: number) => boolean {
  return (_step, msSinceSave) => msSinceSave >= everyMs();
}
