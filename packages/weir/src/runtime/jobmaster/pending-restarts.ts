/**
 * The restarts a JobMaster has decided but not yet carried out (Flink's `FailoverStrategy`
 * bookkeeping, reduced): per scope (one pipelined region, or `"all"` for the whole job) the
 * backoff delay; once the scope's tasks all stopped, a timer of the injected clock; when it fires
 * the restart runs. A pending restart keeps the job from finishing.
 *
 * Used only from the JobMaster's mailbox (`fire` is handed to `runInMailbox`).
 */
import type { Clock, TimerHandle } from "../../core/clock.js";
import type { PipelinedRegion } from "./pipelined-regions.js";

export type RestartScope = PipelinedRegion | "all";

interface Pending {
  readonly delay: number;
  timerStarted: boolean;
}

export class PendingRestarts {
  private readonly pending = new Map<RestartScope, Pending>();
  private readonly timers = new Set<TimerHandle>();

  constructor(
    private readonly clock: Clock,
    private readonly runInMailbox: (action: () => void) => void,
  ) {}

  get size(): number {
    return this.pending.size;
  }

  has(scope: RestartScope): boolean {
    return this.pending.has(scope);
  }

  /** Registers a restart of `scope` after `delay` ms; a whole-job restart replaces region ones. */
  add(scope: RestartScope, delay: number): void {
    if (scope === "all") this.cancelAll();
    this.pending.set(scope, { delay, timerStarted: false });
  }

  /**
   * Starts the backoff timer of every pending restart whose tasks all stopped (`stopped(scope)`);
   * `fire(scope)` runs on the mailbox when it expires.
   */
  progress(stopped: (scope: RestartScope) => boolean, fire: (scope: RestartScope) => void): void {
    for (const [scope, p] of this.pending) {
      if (p.timerStarted || !stopped(scope)) continue;
      p.timerStarted = true;
      const timer = this.clock.setTimer(this.clock.now() + p.delay, () =>
        this.runInMailbox(() => {
          this.timers.delete(timer);
          if (!this.pending.delete(scope)) return;
          fire(scope);
        }),
      );
      this.timers.add(timer);
    }
  }

  /** Forgets every pending restart (the job fails or is cancelled). */
  cancelAll(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
    this.pending.clear();
  }
}
