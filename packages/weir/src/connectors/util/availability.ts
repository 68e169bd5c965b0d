/**
 * Availability signalling between a source reader's asynchronous side (I/O callbacks, timers,
 * split assignments) and the task that polls it (Flink's `FutureCompletingBlockingQueue`
 * availability future, reduced to a flag and one promise).
 *
 * Guarantee: a `notifyAvailable()` that happens after `reset()` (called at the start of each
 * `pollNext`) is never lost: either the next `whenAvailable()` resolves at once, or the promise it
 * handed out earlier resolves. Spurious wake-ups are possible and harmless (the task polls again).
 */
export class Availability {
  private available = false;
  private pending: Promise<void> | undefined;
  private resolvePending: (() => void) | undefined;

  /** Called at the start of a poll: everything signalled so far is about to be consumed. */
  reset(): void {
    this.available = false;
  }

  /** Something changed that may let the next poll make progress. */
  notifyAvailable(): void {
    this.available = true;
    const resolve = this.resolvePending;
    if (resolve !== undefined) {
      this.pending = undefined;
      this.resolvePending = undefined;
      resolve();
    }
  }

  /** Resolves when `notifyAvailable()` was (or will be) called since the last `reset()`. */
  whenAvailable(): Promise<void> {
    if (this.available) return RESOLVED;
    if (this.pending === undefined) {
      this.pending = new Promise<void>((resolve) => {
        this.resolvePending = resolve;
      });
    }
    return this.pending;
  }
}

/** One shared resolved promise, so that "available now" allocates nothing. */
export const RESOLVED: Promise<void> = Promise.resolve();
