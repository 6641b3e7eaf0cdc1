/**
 * The engine worker's control of one run: its abort signal, pause gate and fatal-error channel, and
 * the yield that lets pause/cancel messages in while a loop only awaits microtasks. DOM- and
 * tfjs-free, so the worker file keeps to the engine itself.
 */
import type { ErrorKind } from '../src/core/engine/protocol';

export interface ActiveRun {
  runId: string;
  abort: AbortController;
  paused: boolean;
  resumeWaiters: (() => void)[];
  /** Set by cancel(runId) only: an abort from anywhere else (a lost device) is not a user cancel. */
  cancelledByUser: boolean;
  /** Rejects when the device dies or runs out of memory: a hung readback must not hang the run. */
  fatal: Promise<never>;
  failFatally: (kind: ErrorKind, message: string) => void;
}

/**
 * How long a run that was aborted without a user cancel waits for device.lost to explain it: Chromium
 * rejects the pending mapAsync first and resolves device.lost ~20 ms later.
 */
const DEVICE_LOST_GRACE_MS = 2000;

export class FatalRunError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'FatalRunError';
  }
}

export function newRun(runId: string): ActiveRun {
  const abort = new AbortController();
  let failFatally: ActiveRun['failFatally'] = () => undefined;
  const fatal = new Promise<never>((_, reject) => {
    failFatally = (kind, message) => {
      abort.abort(); // stop the training loop too, in case it is still able to run
      reject(new FatalRunError(kind, message));
    };
  });
  fatal.catch(() => undefined); // observed via Promise.race; silence the unhandled-rejection report
  return { runId, abort, paused: false, cancelledByUser: false, resumeWaiters: [], fatal, failFatally };
}

/**
 * The training loop only awaits microtasks on wasm/cpu (their readbacks resolve at once), so
 * without a real yield the worker would never get to pause/cancel messages. A MessageChannel
 * round trip is a macrotask without setTimeout's 4 ms clamping; doing it every ~30 ms keeps the
 * controls responsive at negligible cost.
 */
const YIELD_EVERY_MS = 30;
const yieldChannel = new MessageChannel();
const yieldWaiters: (() => void)[] = [];
yieldChannel.port1.onmessage = () => yieldWaiters.shift()?.();
let lastYieldAt = 0;

export async function yieldToEventLoop(): Promise<void> {
  if (performance.now() - lastYieldAt < YIELD_EVERY_MS) return;
  await new Promise<void>((wake) => {
    yieldWaiters.push(wake);
    yieldChannel.port2.postMessage(null);
  });
  lastYieldAt = performance.now();
}

export async function gateFor(run: ActiveRun): Promise<void> {
  await yieldToEventLoop();
  while (run.paused && !run.abort.signal.aborted) await new Promise<void>((wake) => run.resumeWaiters.push(wake));
}

export function releaseWaiters(run: ActiveRun): void {
  for (const wake of run.resumeWaiters.splice(0)) wake();
}

/**
 * A run aborted although the user did not cancel it: on webgpu that is a lost device whose pending
 * readbacks were aborted just before device.lost resolves. Never report it as a cancel, or the
 * sweep would stop silently with the run back to pending.
 */
export async function whyInterrupted(deviceLost: Promise<string> | null, message: string): Promise<{ kind: ErrorKind; message: string }> {
  const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), DEVICE_LOST_GRACE_MS));
  const lost = deviceLost ? await Promise.race([deviceLost, timeout]) : null;
  if (lost !== null) return { kind: 'device-lost', message: lost };
  return { kind: 'other', message: `The run was interrupted (${message}) although it was not cancelled.` };
}
