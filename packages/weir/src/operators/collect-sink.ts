/**
 * The sink behind `executeAndCollect` (Flink's `CollectSinkOperator`; kind `collectSink`). It
 * batches values and sends them to its coordinator as `collect.batch` events, which the job client
 * exposes through `JobClient.collect(operatorId)`. Each batch is a fresh array handed over for good.
 *
 * Flow control (the collect protocol of coordination.ts): the sink starts with `maxUnackedBatches`
 * credits; each `collect.batch` spends one and each `collect.ack` from the coordinator (sent when
 * the client took that batch) returns one. Guarantees:
 * - A batch holds at most `batchSize` values. It is sent when `batchSize` values are buffered, or
 *   `flushIntervalMs` after the first buffered value (so slow unbounded streams still deliver),
 *   in both cases only against a credit: a flush that finds no credit is done by the next ack.
 * - Without credits and with a full batch buffered, `backpressure()` returns a promise (resolved by
 *   the ack that lets the batch go), so the task stops feeding input between input batches. The
 *   sink therefore buffers at most `batchSize - 1` values plus what one input batch (or one source
 *   turn) emits, and its coordinator at most `maxUnackedBatches` batches of this subtask.
 * - `finish` sends the rest against credits (the task runs its mails, hence acks, meanwhile) and
 *   then `collect.end`; values keep their order. After `close` (e.g. the job was cancelled while
 *   the sink waited for credits) nothing more is sent and every pending promise is released.
 */
import type { TimerHandle } from "../core/clock.js";
import { readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, StreamRecord } from "./contract.js";
import {
  type CollectCoordinatorEvent,
  type CollectSinkEvent,
  DEFAULT_COLLECT_BATCH_SIZE,
  DEFAULT_COLLECT_MAX_UNACKED_BATCHES,
} from "./coordination.js";

export interface CollectSinkOptions {
  /** Values per batch event (default 256). */
  readonly batchSize?: number;
  /** Max delay of a partial batch in ms (default `execution.buffer-timeout`, 100 ms; < 0 disables). */
  readonly flushIntervalMs?: number;
  /** Credits: batches sent but not yet taken by the client (default 4). */
  readonly maxUnackedBatches?: number;
}

/** A promise with its resolver (one per blocked period, not per record). */
interface Signal {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function newSignal(): Signal {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

export class CollectSinkOperator<T>
  extends AbstractStreamOperator<unknown>
  implements OneInputStreamOperator<T, unknown>
{
  readonly inputArity = 1;
  private batchSize = DEFAULT_COLLECT_BATCH_SIZE;
  private flushIntervalMs = 100;
  private maxUnacked = DEFAULT_COLLECT_MAX_UNACKED_BATCHES;
  private credits = 0;
  /** Values not sent yet: `buffer[head..]` (a read index instead of shifting the array). */
  private buffer: unknown[] = [];
  private head = 0;
  private timer: TimerHandle | undefined;
  /** The flush interval of the buffered values elapsed while there was no credit. */
  private overdue = false;
  private finishing = false;
  private closed = false;
  /** Resolved when the sink stops backpressuring (created when a caller first asks). */
  private unblocked: Signal | undefined;
  /** During `finish`: resolved when an ack may have emptied the buffer. */
  private progressed: Signal | undefined;

  constructor(private readonly options: CollectSinkOptions = {}) {
    super();
  }

  override open(): void {
    this.batchSize = Math.max(1, Math.floor(this.options.batchSize ?? DEFAULT_COLLECT_BATCH_SIZE));
    this.maxUnacked = Math.max(
      1,
      Math.floor(this.options.maxUnackedBatches ?? DEFAULT_COLLECT_MAX_UNACKED_BATCHES),
    );
    this.credits = this.maxUnacked;
    this.flushIntervalMs =
      this.options.flushIntervalMs ?? readOption(this.context.config, CoreOptions.BUFFER_TIMEOUT);
    this.context.onOperatorEvent((event) => this.handleCoordinatorEvent(event as CollectCoordinatorEvent));
  }

  processElement(record: StreamRecord<T>): void {
    this.buffer.push(record.value);
    const size = this.buffer.length - this.head;
    if (size >= this.batchSize) {
      if (this.credits > 0) this.send(false);
    } else if (this.finishing) {
      // Only timers of finished upstream operators emit now; the finish loop drains it.
      this.send(true);
    } else if (this.timer === undefined && !this.overdue) {
      this.armTimer();
    }
  }

  override processWatermark(): void {}

  /** While out of credits with a full batch buffered: resolves once the sink can take input. */
  backpressure(): Promise<void> | undefined {
    if (!this.isBlocked()) return undefined;
    this.unblocked ??= newSignal();
    return this.unblocked.promise;
  }

  override finish(): void | Promise<void> {
    this.finishing = true;
    this.cancelTimer();
    this.send(true);
    if (this.pendingValues() === 0) {
      this.emit({ kind: "collect.end" });
      return;
    }
    return this.drainThenEnd();
  }

  override close(): void {
    this.closed = true;
    this.cancelTimer();
    this.release();
    const progressed = this.progressed;
    this.progressed = undefined;
    progressed?.resolve();
  }

  /** Credits left (batches it may still send before an ack), for tests and metrics. */
  availableCredits(): number {
    return this.credits;
  }

  /** Values buffered in the sink, not sent yet, for tests and metrics. */
  pendingValues(): number {
    return this.buffer.length - this.head;
  }

  private handleCoordinatorEvent(event: CollectCoordinatorEvent): void {
    if (event.kind !== "collect.ack" || this.closed) return;
    // Clamped: an ack meant for an earlier attempt of this subtask must not add credits.
    this.credits = Math.min(this.maxUnacked, this.credits + event.batches);
    this.send(this.overdue || this.finishing);
    if (!this.isBlocked()) this.release();
    const progressed = this.progressed;
    this.progressed = undefined;
    progressed?.resolve();
  }

  /**
   * Sends full batches (and, with `partial`, a last partial one) while there are credits. The
   * flush timer then covers what is left, counted from this send.
   */
  private send(partial: boolean): void {
    let sent = false;
    while (this.credits > 0) {
      const size = this.buffer.length - this.head;
      if (size === 0 || (size < this.batchSize && !partial)) break;
      let values: unknown[];
      if (this.head === 0 && size <= this.batchSize) {
        values = this.buffer;
        this.buffer = [];
      } else {
        const end = this.head + Math.min(size, this.batchSize);
        values = this.buffer.slice(this.head, end);
        this.head = end;
      }
      this.credits--;
      this.emit({ kind: "collect.batch", values });
      sent = true;
    }
    // Compact once half the array is sent: amortized O(1) per value, even for a large backlog.
    if (this.head > 0 && this.head * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
    if (!sent) {
      if (partial && this.pendingValues() > 0) this.overdue = true;
      return;
    }
    this.overdue = false;
    this.cancelTimer();
    if (this.pendingValues() > 0 && !this.finishing) this.armTimer();
  }

  private async drainThenEnd(): Promise<void> {
    // Rechecked after every wake-up: an ack may leave values, or timers may have added some.
    while (this.pendingValues() > 0) {
      this.progressed = newSignal();
      await this.progressed.promise;
      if (this.closed) return;
      this.send(true);
    }
    this.emit({ kind: "collect.end" });
  }

  private isBlocked(): boolean {
    return this.credits === 0 && this.buffer.length - this.head >= this.batchSize;
  }

  private release(): void {
    const unblocked = this.unblocked;
    this.unblocked = undefined;
    unblocked?.resolve();
  }

  private armTimer(): void {
    if (this.flushIntervalMs < 0) return;
    const clock = this.context.clock;
    this.timer = clock.setTimer(clock.now() + this.flushIntervalMs, () => {
      this.timer = undefined;
      this.send(true);
    });
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private emit(event: CollectSinkEvent): void {
    this.context.sendOperatorEvent(event);
  }
}
