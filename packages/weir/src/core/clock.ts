/**
 * The one clock of Weir (ARCHITECTURE §7). Every component that needs time (processing-time
 * timers, heartbeats, buffer timeouts, lease renewal, checkpoint triggers) receives a `Clock` by
 * constructor, so that tests advance time instead of sleeping.
 *
 * Contract: `now()` is milliseconds since the epoch and never decreases for one clock instance.
 * `setTimer` callbacks run on the event loop of the thread that registered them, never
 * synchronously from `setTimer` itself.
 */
export interface Clock {
  /** Milliseconds since the epoch; monotone non-decreasing. */
  now(): number;
  /** Runs `callback` once `now() >= at`. Returns a handle whose `cancel()` is idempotent. */
  setTimer(at: number, callback: () => void): TimerHandle;
}

export interface TimerHandle {
  cancel(): void;
}

/** Wall-clock time; timers are Node timers that do not keep the process alive. */
export class SystemClock implements Clock {
  static readonly INSTANCE = new SystemClock();
  private last = 0;

  now(): number {
    const t = Date.now();
    if (t > this.last) this.last = t;
    return this.last;
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    const handle = setTimeout(callback, Math.max(0, at - this.now()));
    handle.unref();
    return { cancel: () => clearTimeout(handle) };
  }
}

/**
 * A clock that moves only when told to (Flink's `ManualClock`, Effect's `TestClock`).
 * `advance` fires due timers in time order, each on its own microtask-free call stack.
 */
export class ManualClock implements Clock {
  private time: number;
  private readonly timers: { at: number; seq: number; callback: () => void; cancelled: boolean }[] = [];
  private seq = 0;

  constructor(start = 0) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    const timer = { at, seq: this.seq++, callback, cancelled: false };
    this.timers.push(timer);
    return {
      cancel: () => {
        timer.cancelled = true;
      },
    };
  }

  /** Moves time forward by `ms` and runs every timer that became due, earliest first. */
  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  advanceTo(target: number): void {
    if (target < this.time) throw new RangeError(`ManualClock cannot go back from ${this.time} to ${target}`);
    for (;;) {
      let next: (typeof this.timers)[number] | undefined;
      for (const t of this.timers) {
        if (t.cancelled || t.at > target) continue;
        if (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq)) next = t;
      }
      if (!next) break;
      this.timers.splice(this.timers.indexOf(next), 1);
      this.time = Math.max(this.time, next.at);
      next.callback();
    }
    this.time = target;
    for (let i = this.timers.length - 1; i >= 0; i--) if (this.timers[i]!.cancelled) this.timers.splice(i, 1);
  }

  /** Number of timers still pending (not fired, not cancelled). */
  pendingTimers(): number {
    return this.timers.filter((t) => !t.cancelled).length;
  }
}
