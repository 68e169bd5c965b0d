/**
 * Flushes a task's record writers on the buffer timeout (Flink's `OutputFlusher`), through the
 * task's mailbox so that a flush never interleaves with a record. Intervals > 0 use the injected
 * clock; 0 means "after every turn" (the task calls `flushAfterTurn`); -1 means only when
 * buffers are full and at the end of input.
 */
import type { Clock, TimerHandle } from "../../core/clock.js";
import type { RecordWriter } from "../network/types.js";
import type { TaskMailbox } from "./mailbox.js";

export class OutputFlusher {
  private timer: TimerHandle | undefined;
  private running = false;

  constructor(
    private readonly writers: readonly RecordWriter[],
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly mailbox: TaskMailbox,
  ) {}

  start(): void {
    if (!(this.intervalMs > 0) || this.writers.length === 0 || this.running) return;
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** Called at the end of each turn of the task loop. */
  flushAfterTurn(): void {
    if (this.intervalMs === 0) this.flush();
  }

  flush(): void {
    for (const writer of this.writers) writer.flush();
  }

  private arm(): void {
    this.timer = this.clock.setTimer(this.clock.now() + this.intervalMs, () => {
      if (!this.running) return;
      this.mailbox.put(() => this.flush());
      this.arm();
    });
  }
}
