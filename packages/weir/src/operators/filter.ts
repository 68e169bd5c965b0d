/** `DataStream.filter`: forwards the records the predicate accepts, unchanged (Flink's `StreamFilter`). */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, StreamRecord } from "./contract.js";
import type { FilterFunctionLike } from "./functions.js";

export class StreamFilter<T> extends AbstractUdfStreamOperator<T> implements OneInputStreamOperator<T, T> {
  readonly inputArity = 1;
  private readonly predicate: (value: T) => boolean;

  constructor(filter: FilterFunctionLike<T>) {
    super(filter);
    this.predicate = typeof filter === "function" ? filter : (value) => filter.filter(value);
  }

  processElement(record: StreamRecord<T>): void {
    // Passing the input record on is safe: successors never mutate records they receive.
    if (this.predicate(record.value)) this.output.collect(record);
  }
}
