/**
 * `DataGeneratorSource`: records produced by a user function of the record index (Flink's
 * `DataGeneratorSource` with a `GeneratorFunction`). The enumerator deals only index ranges (the
 * generator is a closure and never leaves the reader's process); each reader calls `generator(i)`
 * for the indices of its splits.
 *
 * - `count` finite: BOUNDED; indices `0..count-1` cut into `parallelism * 4` ranges pulled by the
 *   readers; every index is generated exactly once.
 * - `count = Infinity`: CONTINUOUS_UNBOUNDED; one endless split per reader, reader `i` of `p`
 *   generating `i, i+p, i+2p, …`.
 * - `rowsPerSecond`: the total rate over all subtasks. Each reader gets `rowsPerSecond / p` from a
 *   token bucket on the reader context's clock (burst: a tenth of a second's worth, at least one
 *   record). When out of permits the reader reports `NOTHING_AVAILABLE` and `isAvailable()`
 *   resolves from a `clock.setTimer` at the time the next permit is due.
 */
import type { TimerHandle } from "../../core/clock.js";
import { JobDefinitionError } from "../../core/errors.js";
import type { Boundedness } from "../../core/jobgraph.js";
import type {
  ReaderOutput,
  Source,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from "../../core/source.js";
import { IndexRangeReader } from "../number-sequence-source.js";
import { cutRange, type IndexRangeSplit, SPLITS_PER_READER } from "../util/index-range.js";
import { type QueueEnumeratorState, QueueSplitEnumerator } from "../util/queue-split-enumerator.js";
import type { SplitStatus } from "../util/split-reader-base.js";
import { TokenBucket } from "./token-bucket.js";

export interface DataGeneratorOptions {
  /** Total records per second over all parallel readers; unlimited when absent. */
  readonly rowsPerSecond?: number;
}

/** Records emitted per `pollNext` at most. */
const MAX_RECORDS_PER_POLL = 512;
/** Burst allowance of the rate limiter, as a fraction of one second's permits. */
const BURST_SECONDS = 0.1;

export class DataGeneratorSource<T>
  implements Source<T, IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>>
{
  private readonly generator: (index: number) => T;
  readonly count: number;
  readonly rowsPerSecond: number | undefined;

  constructor(generator: (index: number) => T, count: number, options: DataGeneratorOptions = {}) {
    if (count !== Number.POSITIVE_INFINITY && !(Number.isSafeInteger(count) && count >= 0)) {
      throw new JobDefinitionError(
        `DataGeneratorSource: count must be a non-negative integer or Infinity, got ${count}`,
      );
    }
    const rate = options.rowsPerSecond;
    if (rate !== undefined && !(rate > 0 && Number.isFinite(rate))) {
      throw new JobDefinitionError(
        `DataGeneratorSource: rowsPerSecond must be a positive number, got ${rate}`,
      );
    }
    this.generator = generator;
    this.count = count;
    this.rowsPerSecond = rate;
  }

  getBoundedness(): Boundedness {
    return Number.isFinite(this.count) ? "BOUNDED" : "CONTINUOUS_UNBOUNDED";
  }

  createEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
  ): SplitEnumerator<IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>> {
    const p = context.currentParallelism();
    if (Number.isFinite(this.count)) {
      return new QueueSplitEnumerator(
        context,
        cutRange("datagen", 0, this.count - 1, p * SPLITS_PER_READER),
        true,
      );
    }
    const splits: IndexRangeSplit[] = [];
    for (let i = 0; i < p; i++) splits.push({ id: `datagen-${i}`, next: i, last: null, step: p });
    return new QueueSplitEnumerator(context, splits, true);
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
    state: QueueEnumeratorState<IndexRangeSplit>,
  ): SplitEnumerator<IndexRangeSplit, QueueEnumeratorState<IndexRangeSplit>> {
    return new QueueSplitEnumerator(context, state.pending, state.complete);
  }

  createReader(context: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    if (this.rowsPerSecond === undefined)
      return new IndexRangeReader(context, this.generator, MAX_RECORDS_PER_POLL);
    return new RateLimitedReader(
      context,
      this.generator,
      this.rowsPerSecond / Math.max(1, context.parallelism),
    );
  }
}

/** An index-range reader that takes one token-bucket permit per record. */
class RateLimitedReader<T> extends IndexRangeReader<T> {
  private readonly bucket: TokenBucket;
  private timer: TimerHandle | undefined;

  constructor(context: SourceReaderContext, generator: (index: number) => T, permitsPerSecond: number) {
    super(context, generator, MAX_RECORDS_PER_POLL);
    this.bucket = new TokenBucket(context.clock, permitsPerSecond, permitsPerSecond * BURST_SECONDS);
  }

  protected override readSplit(output: ReaderOutput<T>): SplitStatus {
    const permits = this.bucket.tryAcquire(MAX_RECORDS_PER_POLL);
    if (permits === 0) {
      this.waitForPermit();
      return "NOTHING_AVAILABLE";
    }
    const status = this.emit(output, permits);
    // Permits taken but not used (end of split) are lost; that only ever lowers the rate.
    return status;
  }

  override async close(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    await super.close();
  }

  private waitForPermit(): void {
    if (this.timer !== undefined) return;
    this.timer = this.context.clock.setTimer(this.bucket.nextPermitAt(), () => {
      this.timer = undefined;
      this.availability.notifyAvailable();
    });
  }
}
