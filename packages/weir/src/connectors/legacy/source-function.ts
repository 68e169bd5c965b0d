/**
 * Legacy user sources (Flink's `SourceFunction` / `RichParallelSourceFunction`, what
 * `addSource` builds on), run behind the FLIP-27 contract by `SourceFunctionSource`.
 *
 * - CONTINUOUS_UNBOUNDED, as Flink treats every legacy source, although a `run` that returns ends
 *   the source (and the job, once every source ended).
 * - One split per subtask when `parallel`, else only subtask 0 runs the function.
 * - The reader calls `open?` then `run(ctx)` when it gets its split. `ctx.collect` appends to a
 *   queue the task drains with `pollNext`; the queue is bounded by cooperation: `run` must await
 *   `ctx.waitForCapacity()` (it resolves at once while there is room) to let backpressure act.
 *   `collect` never blocks and never drops a record.
 * - `run` resolving ends the source once the queue is drained; `run` rejecting fails the reader
 *   (the error is thrown from the next `pollNext`). Closing the reader calls `cancel()` if `run`
 *   is still running, then `close?()`; it does not wait for `run` to return.
 * - The function object: pass a factory (`() => new MySource()`) to get one instance per subtask.
 *   A single instance given directly is shared by all readers that live in the same thread, so it
 *   should keep per-run state inside `run`.
 */
import { toError } from "../../core/errors.js";
import type { Boundedness } from "../../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../../core/source.js";
import { RESOLVED } from "../util/availability.js";
import { SplitReaderBase, type SplitStatus } from "../util/split-reader-base.js";
import { type SubtaskEnumeratorState, SubtaskSplitEnumerator } from "../util/subtask-split-enumerator.js";

/** Where a `SourceFunction` emits (Flink's `SourceFunction.SourceContext`). */
export interface SourceContext<T> {
  collect(value: T): void;
  collectWithTimestamp(value: T, timestamp: number): void;
  /** Resolves when the source may emit more (backpressure). */
  waitForCapacity(): Promise<void>;
  readonly subtaskIndex: number;
  readonly parallelism: number;
}

/** What a rich source function learns about where it runs. */
export interface SourceFunctionRuntimeInfo {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** Effective job configuration (flat dotted keys). */
  readonly config: Readonly<Record<string, string>>;
}

/** A user source (Flink's `SourceFunction`; with `open`/`close`, a `RichSourceFunction`). */
export interface SourceFunction<T> {
  /** Emits records until done (resolve) or cancelled. */
  run(ctx: SourceContext<T>): Promise<void>;
  /** Asks `run` to return soon. */
  cancel(): void;
  open?(runtime: SourceFunctionRuntimeInfo): void | Promise<void>;
  close?(): void | Promise<void>;
}

/** Records queued per reader before `waitForCapacity` makes `run` wait. */
const QUEUE_CAPACITY = 4096;
/** Records emitted per `pollNext` at most. */
const MAX_RECORDS_PER_POLL = 512;

export interface SourceFunctionSplit extends SourceSplit {
  readonly subtask: number;
}

export class SourceFunctionSource<T>
  implements Source<T, SourceFunctionSplit, SubtaskEnumeratorState<SourceFunctionSplit>>
{
  private readonly fn: SourceFunction<T> | (() => SourceFunction<T>);
  readonly parallel: boolean;

  /** `fn`: the function, or a factory called once per reader. */
  constructor(fn: SourceFunction<T> | (() => SourceFunction<T>), parallel: boolean) {
    this.fn = fn;
    this.parallel = parallel;
  }

  getBoundedness(): Boundedness {
    return "CONTINUOUS_UNBOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<SourceFunctionSplit>,
  ): SplitEnumerator<SourceFunctionSplit, SubtaskEnumeratorState<SourceFunctionSplit>> {
    const n = this.parallel ? context.currentParallelism() : 1;
    const splits = new Map<number, SourceFunctionSplit>();
    for (let i = 0; i < n; i++) splits.set(i, { id: `source-function-${i}`, subtask: i });
    return new SubtaskSplitEnumerator(context, splits);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<SourceFunctionSplit>,
    state: SubtaskEnumeratorState<SourceFunctionSplit>,
  ): SplitEnumerator<SourceFunctionSplit, SubtaskEnumeratorState<SourceFunctionSplit>> {
    return SubtaskSplitEnumerator.restore(context, state);
  }

  createReader(context: SourceReaderContext): SourceReader<T, SourceFunctionSplit> {
    const fn = typeof this.fn === "function" ? this.fn() : this.fn;
    return new SourceFunctionReader(context, fn);
  }
}

const NO_TIMESTAMP = Number.NEGATIVE_INFINITY;

class SourceFunctionReader<T> extends SplitReaderBase<T, SourceFunctionSplit> implements SourceContext<T> {
  private readonly fn: SourceFunction<T>;
  private split: SourceFunctionSplit | undefined;
  private readonly values: T[] = [];
  private readonly timestamps: number[] = [];
  private head = 0;
  private running = false;
  private finished = false;
  private cancelled = false;
  private error: Error | undefined;
  private capacityWaiters: (() => void)[] = [];

  constructor(context: SourceReaderContext, fn: SourceFunction<T>) {
    super(context);
    this.fn = fn;
  }

  get subtaskIndex(): number {
    return this.context.subtaskIndex;
  }

  get parallelism(): number {
    return this.context.parallelism;
  }

  collect(value: T): void {
    this.collectWithTimestamp(value, NO_TIMESTAMP);
  }

  collectWithTimestamp(value: T, timestamp: number): void {
    if (this.cancelled) return;
    const wasEmpty = this.values.length === this.head;
    this.values.push(value);
    this.timestamps.push(timestamp);
    if (wasEmpty) this.availability.notifyAvailable();
  }

  waitForCapacity(): Promise<void> {
    if (this.cancelled || this.values.length - this.head < QUEUE_CAPACITY) return RESOLVED;
    return new Promise((resolve) => this.capacityWaiters.push(resolve));
  }

  protected openSplit(split: SourceFunctionSplit): void {
    this.split = split;
    this.running = true;
    this.runFunction().then(
      () => this.onRunEnded(undefined),
      (e: unknown) => this.onRunEnded(toError(e)),
    );
  }

  protected readSplit(output: ReaderOutput<T>): SplitStatus {
    const end = Math.min(this.values.length, this.head + MAX_RECORDS_PER_POLL);
    while (this.head < end) {
      const ts = this.timestamps[this.head]!;
      const value = this.values[this.head++] as T;
      if (ts === NO_TIMESTAMP) output.collect(value);
      else output.collect(value, ts);
    }
    if (this.head === this.values.length) {
      this.values.length = 0;
      this.timestamps.length = 0;
      this.head = 0;
    }
    this.releaseWaiters();
    if (this.error !== undefined) throw this.error;
    if (this.head < this.values.length) return "MORE_AVAILABLE";
    return this.finished ? "FINISHED" : "NOTHING_AVAILABLE";
  }

  protected snapshotSplit(): SourceFunctionSplit {
    return this.split!;
  }

  protected async closeSplit(): Promise<void> {
    this.split = undefined;
    this.cancelled = true;
    this.releaseWaiters();
    if (this.running) {
      this.running = false;
      this.fn.cancel();
    }
    await this.fn.close?.();
  }

  private async runFunction(): Promise<void> {
    await this.fn.open?.({
      subtaskIndex: this.context.subtaskIndex,
      parallelism: this.context.parallelism,
      config: this.context.config,
    });
    await this.fn.run(this);
  }

  private onRunEnded(error: Error | undefined): void {
    this.running = false;
    if (error !== undefined && !this.cancelled) this.error = error;
    this.finished = true;
    this.availability.notifyAvailable();
  }

  private releaseWaiters(): void {
    if (this.capacityWaiters.length === 0) return;
    if (!this.cancelled && this.values.length - this.head >= QUEUE_CAPACITY) return;
    const waiters = this.capacityWaiters;
    this.capacityWaiters = [];
    for (const w of waiters) w();
  }
}
