/**
 * The coordinator of a collect sink (operator kind `collectSink`): queues the batches its subtasks
 * send (`collect.batch`) in arrival order until `JobClient.collect(operatorId)` polls them, and
 * then returns the credits of the batches it handed out with one `collect.ack` per subtask (the
 * collect protocol of operators/coordination.ts).
 *
 * Guarantees:
 * - Bounded: a sink subtask sends a batch only against a credit, so the queue holds at most
 *   `maxUnackedBatches` batches (of at most `batchSize` values) per subtask attempt;
 *   `bufferedValues()` and `peakBufferedValues()` expose it. The coordinator trusts its sinks and
 *   drops nothing.
 * - Values are handed out once, in arrival order (so in order per subtask), to one consumer; after
 *   the job ended (`close()`), polls drain what is left and then answer `end`.
 * - A re-run subtask (`subtaskReset`) starts with fresh credits: batches of its earlier attempt are
 *   still handed out (a restarted job may deliver values twice, see job-master.ts) but not acked.
 *
 * Not guaranteed: acks are sent when a poll hands the values out, not when the client has
 * processed them; the client holds at most one poll's worth on top (see the job clients).
 */
import type { CollectCoordinatorEvent, CollectSinkEvent } from "../../../operators/coordination.js";
import type { CollectResultBatch } from "../gateway.js";
import type { OperatorCoordinator, OperatorCoordinatorContext } from "./coordinator.js";

/** A received batch, with the attempt epoch of the subtask that sent it. */
interface QueuedBatch {
  readonly subtask: number;
  readonly epoch: number;
  readonly values: readonly unknown[];
}

export class CollectCoordinator implements OperatorCoordinator {
  private queue: QueuedBatch[] = [];
  private buffered = 0;
  private peak = 0;
  private ended = false;
  /** Per subtask: bumped by `subtaskReset`, so that acks go only to the attempt that spent. */
  private readonly epochs = new Map<number, number>();
  private waiters: ((batch: CollectResultBatch) => void)[] = [];

  /** `context` sends the acks; without one (tests of the queue alone) no acks are sent. */
  constructor(private readonly context?: Pick<OperatorCoordinatorContext, "sendEventToSubtask">) {}

  async start(): Promise<void> {}

  handleEventFromSubtask(subtask: number, event: unknown): void {
    const e = event as CollectSinkEvent;
    if (e.kind !== "collect.batch" || this.ended) return;
    this.queue.push({ subtask, epoch: this.epochs.get(subtask) ?? 0, values: e.values });
    this.buffered += e.values.length;
    if (this.buffered > this.peak) this.peak = this.buffered;
    this.serveWaiter();
  }

  subtaskReset(subtask: number): void {
    this.epochs.set(subtask, (this.epochs.get(subtask) ?? 0) + 1);
  }

  /** Values received and not handed out yet. */
  bufferedValues(): number {
    return this.buffered;
  }

  /** The most values ever buffered at once (a bound check for tests and metrics). */
  peakBufferedValues(): number {
    return this.peak;
  }

  /** Every value received since the last poll; waits for at least one unless the job ended. */
  poll(): Promise<CollectResultBatch> {
    if (this.queue.length > 0 || this.ended) return Promise.resolve(this.take());
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.ended = true;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(this.take());
  }

  /** Hands the queue to a waiting poll (one consumer: the first waiter gets everything). */
  private serveWaiter(): void {
    const waiter = this.waiters.shift();
    if (waiter) waiter(this.take());
  }

  /** Empties the queue into one result and returns the credits of its batches. */
  private take(): CollectResultBatch {
    const queue = this.queue;
    if (queue.length === 0) return { values: [], end: this.ended };
    this.queue = [];
    this.buffered = 0;
    const values: unknown[] = [];
    const acks = new Map<number, number>();
    for (const batch of queue) {
      for (const v of batch.values) values.push(v);
      if (batch.epoch === (this.epochs.get(batch.subtask) ?? 0)) {
        acks.set(batch.subtask, (acks.get(batch.subtask) ?? 0) + 1);
      }
    }
    // After the job ended there is no task left to ack.
    if (!this.ended && this.context) {
      for (const [subtask, batches] of acks) {
        const ack: CollectCoordinatorEvent = { kind: "collect.ack", batches };
        this.context.sendEventToSubtask(subtask, ack);
      }
    }
    return { values, end: false };
  }
}
