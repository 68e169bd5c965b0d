/**
 * The clock a task gives its operators: time from the injected clock, but timer callbacks run as
 * mails on the task's loop (Flink's mailbox-based processing-time service). So a timer never
 * runs in the middle of a record, sees the operator's state consistently, and a throw from it
 * fails the task like any other user-code failure.
 *
 * Timers registered after the task ended, or still pending when it ends (`cancelAll`), never run.
 */
import type { Clock, TimerHandle } from "../../core/clock.js";
import type { TaskMailbox } from "./mailbox.js";

export class MailboxClock implements Clock {
  private readonly pending = new Set<TimerHandle>();
  private stopped = false;

  constructor(
    private readonly inner: Clock,
    private readonly mailbox: TaskMailbox,
  ) {}

  now(): number {
    return this.inner.now();
  }

  setTimer(at: number, callback: () => void): TimerHandle {
    let cancelled = this.stopped;
    let inner: TimerHandle | undefined;
    const handle: TimerHandle = {
      cancel: () => {
        cancelled = true;
        this.pending.delete(handle);
        inner?.cancel();
      },
    };
    if (cancelled) return handle;
    this.pending.add(handle);
    inner = this.inner.setTimer(at, () => {
      this.pending.delete(handle);
      if (cancelled || this.stopped) return;
      this.mailbox.put(() => {
        if (!cancelled && !this.stopped) callback();
      });
    });
    return handle;
  }

  /** Cancels every pending timer; later `setTimer` calls are no-ops. */
  cancelAll(): void {
    this.stopped = true;
    for (const handle of [...this.pending]) handle.cancel();
  }
}
