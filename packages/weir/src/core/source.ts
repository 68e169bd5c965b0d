/**
 * Source contract in the spirit of Flink's FLIP-27. A `Source` is a factory for two halves:
 * - a `SplitEnumerator`, one per source operator, running on the JobMaster: discovers splits and
 *   assigns them to readers;
 * - a `SourceReader`, one per parallel subtask, running in a task: reads the splits it was given.
 *
 * Splits cross thread and process boundaries, so a split is plain data (JSON-like: objects,
 * arrays, strings, numbers, booleans, null) with a unique `id`. Readers and enumerators talk only
 * through their contexts (split requests, assignments, custom source events), never directly.
 *
 * The per-record path is synchronous: `pollNext` emits records by calling `output.collect` and
 * returns at once; waiting for data happens through the promise of `isAvailable()`.
 */
import type { Clock } from "./clock.js";
import type { Boundedness } from "./jobgraph.js";

export interface SourceSplit {
  /** Unique within the source. */
  readonly id: string;
}

export interface Source<T, Split extends SourceSplit = SourceSplit, EnumState = unknown> {
  /** `BOUNDED` sources end; `CONTINUOUS_UNBOUNDED` ones run until cancelled. */
  getBoundedness(): Boundedness;
  createEnumerator(context: SplitEnumeratorContext<Split>): SplitEnumerator<Split, EnumState>;
  /** Recreates an enumerator from a snapshot (used by checkpoint recovery). */
  restoreEnumerator?(
    context: SplitEnumeratorContext<Split>,
    state: EnumState,
  ): SplitEnumerator<Split, EnumState>;
  createReader(context: SourceReaderContext): SourceReader<T, Split>;
}

export interface SplitEnumeratorContext<Split extends SourceSplit> {
  /** Parallelism of the source operator. */
  currentParallelism(): number;
  /** Subtasks whose reader has registered and not failed. */
  registeredReaders(): ReadonlySet<number>;
  assignSplits(subtask: number, splits: readonly Split[]): void;
  /** Tells the reader of `subtask` that it will get no more splits (bounded sources end then). */
  signalNoMoreSplits(subtask: number): void;
  sendEventToSourceReader(subtask: number, event: unknown): void;
  /**
   * Runs `callable` off the enumerator's critical path and hands its result (or error) to
   * `handler` on the enumerator's mailbox. With `periodMs` it repeats until the job ends.
   */
  callAsync<R>(
    callable: () => Promise<R>,
    handler: (result: R | undefined, error: Error | undefined) => void,
    initialDelayMs?: number,
    periodMs?: number,
  ): void;
  readonly clock: Clock;
}

export interface SplitEnumerator<Split extends SourceSplit, State = unknown> {
  start(): void | Promise<void>;
  /** The reader of `subtask` asks for a split (pull-based sources). */
  handleSplitRequest(subtask: number): void;
  /** Splits of a failed reader come back for reassignment. */
  addSplitsBack(splits: readonly Split[], subtask: number): void;
  /** A reader registered (push-based sources assign here). */
  addReader(subtask: number): void;
  handleSourceEvent?(subtask: number, event: unknown): void;
  snapshotState(checkpointId: number): State;
  close(): void | Promise<void>;
}

export type InputStatus = "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT";

/** Where a reader puts records. `timestamp` is the record's event time, if the source knows it. */
export interface ReaderOutput<T> {
  collect(value: T, timestamp?: number): void;
  /**
   * An output for the records of one split (Flink's `createOutputForSplit`): with a watermark
   * strategy, each split gets its own watermark generator and the source's watermark is the
   * minimum over its active splits. Call `releaseOutputForSplit` when the split is finished.
   * Provided by the source operator; optional so that simple readers and test doubles can ignore it.
   */
  createOutputForSplit?(splitId: string): ReaderOutput<T>;
  releaseOutputForSplit?(splitId: string): void;
}

export interface SourceReaderContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** Effective job configuration (flat dotted keys). */
  readonly config: Readonly<Record<string, string>>;
  readonly clock: Clock;
  /** Asks the enumerator for a split (answered by `addSplits` or `notifyNoMoreSplits`). */
  sendSplitRequest(): void;
  sendSourceEventToCoordinator(event: unknown): void;
}

export interface SourceReader<T, Split extends SourceSplit = SourceSplit> {
  start(): void | Promise<void>;
  /**
   * Emits zero or more records synchronously (a reader should emit at most about one network
   * buffer's worth per call) and says whether more are ready now, none are ready yet (the task
   * then awaits `isAvailable()`), or the input is exhausted (all splits done and no more coming).
   */
  pollNext(output: ReaderOutput<T>): InputStatus;
  /** Resolves when `pollNext` may have something again. */
  isAvailable(): Promise<void>;
  addSplits(splits: readonly Split[]): void;
  notifyNoMoreSplits(): void;
  handleSourceEvent?(event: unknown): void;
  /** Splits still owned by this reader, with their progress, for a checkpoint. */
  snapshotState(checkpointId: number): Split[];
  close(): void | Promise<void>;
}
