/**
 * `ElementsSource`: a bounded source over an in-memory collection (what `fromElements` and
 * `fromCollection` build on). The values are cut into chunks of `chunkSize`, one split each, in
 * order; readers pull chunks, so at parallelism 1 (Flink runs `fromElements` at parallelism 1) the
 * output keeps the collection's order, and at higher parallelism chunks go to whichever reader
 * asks. Splits carry the values themselves, so the values must be plain data (they are copied
 * across threads by structured clone). A split records how many of its values were emitted.
 */
import type { Boundedness } from "../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../core/source.js";
import { type QueueEnumeratorState, QueueSplitEnumerator } from "./util/queue-split-enumerator.js";
import { SplitReaderBase, type SplitStatus } from "./util/split-reader-base.js";

/** A chunk of the collection; `position` values of it were already emitted. */
export interface ElementsSplit<T> extends SourceSplit {
  readonly values: readonly T[];
  readonly position: number;
}

/** Values per split. */
const DEFAULT_CHUNK_SIZE = 1024;
/** Records emitted per `pollNext` at most. */
const MAX_RECORDS_PER_POLL = 512;

export class ElementsSource<T>
  implements Source<T, ElementsSplit<T>, QueueEnumeratorState<ElementsSplit<T>>>
{
  private readonly values: readonly T[];
  private readonly chunkSize: number;

  constructor(values: readonly T[], chunkSize = DEFAULT_CHUNK_SIZE) {
    this.values = values;
    this.chunkSize = Math.max(1, Math.floor(chunkSize));
  }

  getBoundedness(): Boundedness {
    return "BOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<ElementsSplit<T>>,
  ): SplitEnumerator<ElementsSplit<T>, QueueEnumeratorState<ElementsSplit<T>>> {
    const splits: ElementsSplit<T>[] = [];
    for (let from = 0, n = 0; from < this.values.length; from += this.chunkSize, n++) {
      splits.push({
        id: `elements-${n}`,
        values: this.values.slice(from, from + this.chunkSize),
        position: 0,
      });
    }
    return new QueueSplitEnumerator(context, splits, true);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<ElementsSplit<T>>,
    state: QueueEnumeratorState<ElementsSplit<T>>,
  ): SplitEnumerator<ElementsSplit<T>, QueueEnumeratorState<ElementsSplit<T>>> {
    return new QueueSplitEnumerator(context, state.pending, state.complete);
  }

  createReader(context: SourceReaderContext): SourceReader<T, ElementsSplit<T>> {
    return new ElementsReader<T>(context);
  }
}

class ElementsReader<T> extends SplitReaderBase<T, ElementsSplit<T>> {
  private split: ElementsSplit<T> | undefined;
  private position = 0;

  protected openSplit(split: ElementsSplit<T>): void {
    this.split = split;
    this.position = split.position;
  }

  protected readSplit(output: ReaderOutput<T>): SplitStatus {
    const values = this.split!.values;
    const end = Math.min(values.length, this.position + MAX_RECORDS_PER_POLL);
    while (this.position < end) output.collect(values[this.position++] as T);
    return this.position < values.length ? "MORE_AVAILABLE" : "FINISHED";
  }

  protected snapshotSplit(): ElementsSplit<T> {
    return { ...this.split!, position: this.position };
  }

  protected closeSplit(): void {
    this.split = undefined;
  }
}
