/**
 * The mailbox of a task (Flink's `TaskMailbox`): actions that must run on the task's loop between
 * input batches (operator events from the coordinator, buffer-timeout flushes, later timers and
 * checkpoint triggers). The task loop drains it at the start of every turn, and a `put` wakes a
 * task that is waiting for input or for backpressure to clear.
 *
 * Guarantees: mails run in `put` order, on the task's loop, never inside a record's processing.
 */
export class TaskMailbox {
  private mails: (() => void)[] = [];
  private waker: (() => void) | undefined;

  put(mail: () => void): void {
    this.mails.push(mail);
    this.wake();
  }

  hasMail(): boolean {
    return this.mails.length > 0;
  }

  /** Runs every queued mail (and mails they post), in order. A throwing mail propagates. */
  drain(): void {
    while (this.mails.length > 0) {
      const batch = this.mails;
      this.mails = [];
      for (let i = 0; i < batch.length; i++) {
        try {
          batch[i]!();
        } catch (e) {
          // Keep the mails not yet run, so that the failure path sees a consistent queue.
          this.mails = batch.slice(i + 1).concat(this.mails);
          throw e;
        }
      }
    }
  }

  /** Sets the function that wakes the waiting task loop (replaced at every wait). */
  setWaker(waker: (() => void) | undefined): void {
    this.waker = waker;
  }

  wake(): void {
    this.waker?.();
  }

  clear(): void {
    this.mails = [];
  }
}
