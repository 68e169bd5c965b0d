/**
 * A `Collector` that emits into an operator's output with a timestamp taken from the record being
 * processed (Flink's `TimestampedCollector`). One instance per operator; its `StreamRecord` is
 * reused for every emitted value, so emitting allocates nothing.
 */
import { type Output, StreamRecord } from "./contract.js";
import type { Collector } from "./functions.js";

export class TimestampedCollector<T> implements Collector<T> {
  private readonly reuse = new StreamRecord<T>(undefined as T);

  constructor(private readonly output: Output<T>) {}

  /** Emitted values get the timestamp of `record` until the next call. */
  setTimestampFrom(record: StreamRecord<unknown>): void {
    this.reuse.timestamp = record.timestamp;
  }

  setAbsoluteTimestamp(timestamp: number): void {
    this.reuse.timestamp = timestamp;
  }

  collect(value: T): void {
    this.reuse.value = value;
    this.output.collect(this.reuse);
  }
}
