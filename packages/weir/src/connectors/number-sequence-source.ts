/**
 * `NumberSequenceSource`: the numbers `from..to` (inclusive), bounded, parallel (what
 * `fromSequence` builds on). The range is cut into `parallelism * 4` contiguous splits that
 * readers pull one at a time, so a faster reader reads more of the range. Every number is emitted
 * exactly once; within a split in increasing order. A split records the next number for
 * checkpoints.
 */

import { JobDefinitionError } from "../core/errors.js";
import type { Boundedness } from "../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../core/source.js";
import { cutRange, type IndexRangeSplit, requireSafeInteger, SPLITS_PER_READER } from "./util/index-range.js";
import { type QueueEnumeratorState, QueueSplitEnumerator } from "./util/queue-split-enumerator.js";
import { SplitReaderBase, type SplitStatus } from "./util/split-reader-base.js";

/** Records emitted per `pollNext` at most. */
const MAX_RECORDS_PER_POLL = 1024;

export class NumberSequenceSource
  implements Source<number, IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>>
{
  readonly from: number;
  readonly to: number;

  constructor(from: number, to: number) {
    requireSafeInteger("fromSequence: from", from);
    requireSafeInteger("fromSequence: to", to);
    if (to < from)
      throw new JobDefinitionError(`fromSequence: 'to' (${to}) must not be less than 'from' (${from})`);
    this.from = from;
    this.to = to;
  }

  getBoundedness(): Boundedness {
    return "BOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
  ): SplitEnumerator<IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>> {
    const pieces = context.currentParallelism() * SPLITS_PER_READER;
    return new QueueSplitEnumerator(context, cutRange("sequence", this.from, this.to, pieces), true);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
    state: QueueEnumeratorState<IndexRangeSplit>,
  ): SplitEnumerator<IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>> {
    return new QueueSplitEnumerator(context, state.pending, state.complete);
  }

  createReader(context: SourceReaderContext): SourceReader<number, IndexRangeSplit> {
    return new IndexRangeReader(context, (i) => i, MAX_RECORDS_PER_POLL);
  }
}

/**
 * Reads index-range splits, mapping each index through `map`. Also the reader of
 * `DataGeneratorSource` without a rate limit.
 */
export class IndexRangeReader<T> extends SplitReaderBase<T, IndexRangeSplit> {
  protected split: IndexRangeSplit | undefined;
  protected next = 0;
  private readonly map: (index: number) => T;
  private readonly maxPerPoll: number;

  constructor(context: SourceReaderContext, map: (index: number) => T, maxPerPoll: number) {
    super(context);
    this.map = map;
    this.maxPerPoll = maxPerPoll;
  }

  protected openSplit(split: IndexRangeSplit): void {
    this.split = split;
    this.next = split.next;
  }

  protected readSplit(output: ReaderOutput<T>): SplitStatus {
    return this.emit(output, this.maxPerPoll);
  }

  /** Emits up to `limit` indices of the current split. */
  protected emit(output: ReaderOutput<T>, limit: number): SplitStatus {
    const split = this.split!;
    const step = split.step;
    const last = split.last ?? Number.POSITIVE_INFINITY;
    let emitted = 0;
    while (emitted < limit && this.next <= last) {
      const index = this.next;
      this.next += step;
      emitted++;
      output.collect(this.map(index));
    }
    return this.next <= last ? "MORE_AVAILABLE" : "FINISHED";
  }

  protected snapshotSplit(): IndexRangeSplit {
    return { ...this.split!, next: this.next };
  }

  protected closeSplit(): void {
    this.split = undefined;
  }
}
