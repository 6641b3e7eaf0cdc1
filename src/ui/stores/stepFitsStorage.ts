/**
 * The user's benchmark fits (core/model/step-cost.ts) kept in localStorage, so that 'auto' predicts from
 * them in later visits too. Anything unreadable is dropped, never trusted (it is the user's storage).
 */
import { parseStepFits, type StepCostFit } from '../../core/model/step-cost';

export const STEP_FITS_KEY = 'tinyflan.stepFits';

export function loadStepFits(): StepCostFit[] {
  try {
    const raw = globalThis.localStorage?.getItem(STEP_FITS_KEY);
    return raw ? parseStepFits(JSON.parse(raw)) : [];
  } catch {
    return []; // storage blocked or not JSON
  }
}

export function saveStepFits(fits: StepCostFit[]): void {
  try {
    globalThis.localStorage?.setItem(STEP_FITS_KEY, JSON.stringify(fits));
  } catch {
    // storage blocked or full: the fits still apply to this page's engine
  }
}

export function clearStepFits(): void {
  try {
    globalThis.localStorage?.removeItem(STEP_FITS_KEY);
  } catch {
    // nothing kept, nothing to clear
  }
}
