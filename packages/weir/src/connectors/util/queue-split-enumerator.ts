/**
 * A pull-based split enumerator over a FIFO of splits (Flink's `StaticFileSplitEnumerator` /
 * `IteratorSourceEnumerator` pattern). A reader's request takes the next split, so faster readers
 * take more splits; with one reader the splits are read in queue order.
 *
 * - A request that finds the queue empty either gets `signalNoMoreSplits` (once the enumerator is
 *   `complete`: no split will ever be added) or waits until `addSplits` or `markComplete`.
 * - Splits given back by a failed reader go to the front of the queue, keeping their order.
 * - `snapshotState` is the queue (the unassigned splits) plus whether discovery is complete.
 */
import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from "../../core/source.js";

/** Checkpointed state of a `QueueSplitEnumerator`. */
export interface QueueEnumeratorState<S extends SourceSplit> {
  readonly pending: readonly S[];
  readonly complete: boolean;
}

export class QueueSplitEnumerator<S extends SourceSplit, State = QueueEnumeratorState<S>>
  implements SplitEnumerator<S, State>
{
  protected readonly context: SplitEnumeratorContext<S>;
  private readonly pending: S[];
  private readonly waiting: number[] = [];
  private complete: boolean;

  /** `complete`: the given splits are all there will ever be (bounded sources with known splits). */
  constructor(context: SplitEnumeratorContext<S>, splits: readonly S[], complete: boolean) {
    this.context = context;
    this.pending = [...splits];
    this.complete = complete;
  }

  start(): void | Promise<void> {}

  handleSplitRequest(subtask: number): void {
    if (this.waiting.includes(subtask)) return;
    this.waiting.push(subtask);
    this.serveWaiting();
  }

  addSplitsBack(splits: readonly S[], _subtask: number): void {
    this.pending.unshift(...splits);
    this.serveWaiting();
  }

  addReader(_subtask: number): void {}

  /** Adds newly discovered splits at the end of the queue and serves waiting readers. */
  addSplits(splits: readonly S[]): void {
    for (const s of splits) this.pending.push(s);
    this.serveWaiting();
  }

  /** No split will be added any more: waiting readers (and later requests) get no-more-splits. */
  markComplete(): void {
    this.complete = true;
    this.serveWaiting();
  }

  /** Number of splits not yet assigned. */
  pendingCount(): number {
    return this.pending.length;
  }

  snapshotState(_checkpointId: number): State {
    return this.snapshotQueue() as State;
  }

  close(): void | Promise<void> {}

  protected snapshotQueue(): QueueEnumeratorState<S> {
    return { pending: [...this.pending], complete: this.complete };
  }

  private serveWaiting(): void {
    while (this.waiting.length > 0) {
      const subtask = this.waiting[0]!;
      const split = this.pending.shift();
      if (split !== undefined) {
        this.waiting.shift();
        this.context.assignSplits(subtask, [split]);
      } else if (this.complete) {
        this.waiting.shift();
        this.context.signalNoMoreSplits(subtask);
      } else {
        return;
      }
    }
  }
}
