/**
 * Base of the built-in pull-based source readers (Flink's `SourceReaderBase`, single split at a
 * time). It owns the split bookkeeping so that each connector only says how to read one split:
 *
 * - At `start`, a reader without restored splits asks the enumerator for one split. Whenever its
 *   current split is finished and no other is queued it asks again, at most one request in flight.
 * - Splits are read one after another in assignment order (this is what keeps `fromElements`
 *   ordered at parallelism 1).
 * - `END_OF_INPUT` is returned only after `notifyNoMoreSplits` and once every split is finished.
 * - `snapshotState` returns the current split with its progress followed by the queued splits.
 *
 * Subclasses call `availability.notifyAvailable()` whenever asynchronous work (I/O, timers) may
 * let `readSplit` make progress; errors of asynchronous work are thrown from `readSplit`, which
 * the base lets propagate out of `pollNext` (failing the task).
 */

import { toError } from "../../core/errors.js";
import type {
  InputStatus,
  ReaderOutput,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
} from "../../core/source.js";
import { Availability } from "./availability.js";

/** What reading the current split produced in one call. */
export type SplitStatus = "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "FINISHED";

export abstract class SplitReaderBase<T, S extends SourceSplit> implements SourceReader<T, S> {
  protected readonly context: SourceReaderContext;
  protected readonly availability = new Availability();
  private readonly queued: S[] = [];
  private current: S | undefined;
  private requestInFlight = false;
  private noMoreSplits = false;
  private closed = false;
  /** Failure to release a finished split, reported by the next poll. */
  private closeError: Error | undefined;

  constructor(context: SourceReaderContext) {
    this.context = context;
  }

  /** Prepares reading `split` (may start asynchronous I/O). */
  protected abstract openSplit(split: S): void;
  /** Emits some records of the current split (about one buffer's worth at most). */
  protected abstract readSplit(output: ReaderOutput<T>): SplitStatus;
  /** The current split with its progress, for a checkpoint. */
  protected abstract snapshotSplit(): S;
  /** Releases what `openSplit` acquired; called when the split is finished or the reader closes. */
  protected abstract closeSplit(): void | Promise<void>;

  start(): void {
    if (this.queued.length === 0) this.requestSplit();
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    this.availability.reset();
    if (this.closeError !== undefined) throw this.closeError;
    if (this.current === undefined && !this.openNext()) return this.idleStatus();
    const status = this.readSplit(output);
    if (status !== "FINISHED") return status;
    this.finishCurrent();
    if (this.queued.length > 0) return "MORE_AVAILABLE";
    return this.idleStatus();
  }

  isAvailable(): Promise<void> {
    return this.availability.whenAvailable();
  }

  addSplits(splits: readonly S[]): void {
    this.requestInFlight = false;
    for (const s of splits) this.queued.push(s);
    this.availability.notifyAvailable();
  }

  notifyNoMoreSplits(): void {
    this.requestInFlight = false;
    this.noMoreSplits = true;
    this.availability.notifyAvailable();
  }

  snapshotState(_checkpointId: number): S[] {
    const out: S[] = [];
    if (this.current !== undefined) out.push(this.snapshotSplit());
    for (const s of this.queued) out.push(s);
    return out;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.current !== undefined) {
      this.current = undefined;
      await this.closeSplit();
    }
  }

  /** True once the reader was closed (asynchronous callbacks check it before touching state). */
  protected isClosed(): boolean {
    return this.closed;
  }

  private openNext(): boolean {
    const next = this.queued.shift();
    if (next === undefined) return false;
    this.current = next;
    this.openSplit(next);
    return true;
  }

  private idleStatus(): InputStatus {
    if (this.noMoreSplits) return "END_OF_INPUT";
    this.requestSplit();
    return "NOTHING_AVAILABLE";
  }

  private requestSplit(): void {
    if (this.requestInFlight || this.noMoreSplits) return;
    this.requestInFlight = true;
    this.context.sendSplitRequest();
  }

  private finishCurrent(): void {
    this.current = undefined;
    const closing = this.closeSplit();
    if (closing !== undefined) {
      closing.catch((e: unknown) => {
        this.closeError ??= toError(e);
        this.availability.notifyAvailable();
      });
    }
  }
}
