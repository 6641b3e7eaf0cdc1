/**
 * The engine's watchdog: while a run is in flight it beats every `heartbeatMs`. Each beat asks the
 * browser whether the worker still exists (its Web Lock, see ENGINE_LOCK_PREFIX) and pings it.
 * Verdicts are counted in beats, never in wall-clock budgets sized for an idle machine:
 * - 'dead': the worker's lock is gone (terminate(), a killed process): certain, so one beat suffices;
 * - 'hung': alive but `maxMissed` beats in a row passed with no pong and no event (a worker stuck in
 *   a loop). The default is generous because a busy machine can hold the worker in one long
 *   synchronous step (building a large mixture, a big model's step on wasm) for tens of seconds;
 * - 'cancel-timeout': the user cancelled and the run did not end: after `cancelGraceBeats` beats
 *   without life, or three times that however lively, the client ends the run itself.
 * Pure (timers and probes injected), so it is unit-tested with fake timers.
 */

export interface WatchdogOptions {
  heartbeatMs: number;
  maxMissed: number;
  cancelGraceBeats: number;
}

export const DEFAULT_WATCHDOG: WatchdogOptions = { heartbeatMs: 2000, maxMissed: 45, cancelGraceBeats: 5 };

export type WatchdogVerdict = 'dead' | 'hung' | 'cancel-timeout';

export interface WatchdogProbe {
  /** Settles when the worker answers; a dead or stuck worker never answers. */
  ping(): Promise<unknown>;
  /** false: the worker is certainly gone; true: it exists; null: cannot tell (no Web Locks). */
  alive(): Promise<boolean | null>;
}

export class Watchdog {
  private timer: ReturnType<typeof setInterval> | null = null;
  private missed = 0;
  private sawLife = false;
  private pinging = false;
  private beating = false;
  /** Beats since the user cancelled; -1: no cancel pending. */
  private sinceCancel = -1;

  constructor(
    private readonly probe: WatchdogProbe,
    private readonly options: WatchdogOptions,
    private readonly onVerdict: (verdict: WatchdogVerdict, missedBeats: number) => void,
  ) {}

  /** Seconds of silence after which a live worker counts as hung (for the message). */
  get hungAfterSec(): number {
    return (this.options.maxMissed * this.options.heartbeatMs) / 1000;
  }

  /** Starts watching a new run (or keeps watching, reset). */
  start(): void {
    this.missed = 0;
    this.sawLife = false;
    this.sinceCancel = -1;
    this.pinging = false; // a ping to a worker that was since replaced never settles
    if (this.timer === null) this.timer = setInterval(() => void this.beat(), this.options.heartbeatMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.sinceCancel = -1;
  }

  get watching(): boolean {
    return this.timer !== null;
  }

  /** Any event from the worker proves it alive. */
  lifeSign(): void {
    this.sawLife = true;
  }

  /** The user cancelled: from now on the run gets a bounded number of beats to end; look at once too. */
  cancelled(): void {
    if (this.timer === null) return;
    if (this.sinceCancel < 0) this.sinceCancel = 0;
    void this.beat(false);
  }

  /** One heartbeat. `count: false` only checks liveness (an extra look, e.g. right after Cancel). */
  async beat(count = true): Promise<void> {
    if (this.beating || this.timer === null) return;
    this.beating = true;
    try {
      const alive = await this.probe.alive().catch(() => null);
      if (this.timer === null) return; // the run ended meanwhile
      if (alive === false) return this.verdict('dead');
      if (!count) return;
      this.missed = this.sawLife ? 0 : this.missed + 1;
      this.sawLife = false;
      if (!this.pinging) {
        this.pinging = true;
        this.probe.ping().then(
          () => {
            this.pinging = false;
            this.sawLife = true;
          },
          () => (this.pinging = false),
        );
      }
      if (this.sinceCancel >= 0) {
        this.sinceCancel += 1;
        const grace = this.options.cancelGraceBeats;
        if ((this.sinceCancel >= grace && this.missed >= 2) || this.sinceCancel >= 3 * grace) return this.verdict('cancel-timeout');
      }
      if (this.missed >= this.options.maxMissed) return this.verdict('hung');
    } finally {
      this.beating = false;
    }
  }

  private verdict(v: WatchdogVerdict): void {
    const missed = this.missed;
    this.stop();
    this.pinging = false;
    this.onVerdict(v, missed);
  }
}
