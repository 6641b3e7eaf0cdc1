/**
 * Turning whatever a training run threw into one of the protocol's error kinds, so the UI can say
 * something useful ("lower the learning rate", "use a smaller model", "the GPU was reset").
 * Pure: no tfjs, so it is unit-testable in node.
 */
import type { ErrorKind, RunFailure } from './protocol';

/** Messages the browsers and tfjs backends use when memory runs out (WebGPU, WebGL, wasm heap, JS). */
const OOM_PATTERNS = [
  /out of memory/i,
  /\boom\b/i,
  /GPUOutOfMemoryError/,
  /failed to allocate/i,
  /allocation failed/i,
  /Array buffer allocation failed/i,
  /CONTEXT_LOST_WEBGL/i, // WebGL drops the context when the GPU process runs out of memory
  /Cannot enlarge memory/i, // emscripten (wasm backend) heap growth failure
  /memory access out of bounds/i,
];

const DEVICE_LOST_PATTERNS = [/device (was |is )?lost/i, /GPUDevice.*(destroyed|lost)/i, /DXGI_ERROR_DEVICE_REMOVED/];

export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'string') return e;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

export function classifyError(e: unknown): ErrorKind {
  const name = e instanceof Error ? e.name : '';
  if (name === 'NonFiniteLossError') return 'nan';
  const text = `${name} ${messageOf(e)}`;
  // Before AbortError: a lost device aborts pending mapAsync calls with an AbortError of its own.
  if (DEVICE_LOST_PATTERNS.some((p) => p.test(text))) return 'device-lost';
  if (name === 'CancelledError' || name === 'AbortError') return 'cancelled';
  if (OOM_PATTERNS.some((p) => p.test(text))) return 'oom';
  return 'other';
}

/** A sentence for the UI, with advice that fits the kind. */
export function explainError(kind: ErrorKind, message: string): string {
  switch (kind) {
    case 'nan':
      return message; // NonFiniteLossError already suggests a lower learning rate
    case 'cancelled':
      return 'Training was cancelled.';
    case 'device-lost':
      return `The GPU device was lost (${message}). The engine restarted; finished runs are kept. Continue on another backend (wasm), or retry.`;
    case 'unresponsive':
      return message; // the watchdog's own sentence says what it saw
    case 'oom':
      return `Out of memory (${message}). Try a smaller model, batch size or sequence length.`;
    case 'other':
      return message;
  }
}

/**
 * Why a run call to the engine rejected: the worker crashed, stopped answering (the watchdog), or did
 * not stop after a cancel and was restarted. Failures the worker saw itself resolve as a RunFailure.
 */
export class EngineError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly runId: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** A rejected run call as the failure outcome it stands for, so a store handles one shape. */
export function asRunFailure(runId: string, e: unknown): RunFailure {
  if (e instanceof EngineError) return { type: 'error', runId, kind: e.kind, message: e.message };
  return { type: 'error', runId, kind: 'other', message: `Could not reach the engine: ${messageOf(e)}` };
}
