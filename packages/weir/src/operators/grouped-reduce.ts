/**
 * Keyed rolling reduce (Flink's `StreamGroupedReduceOperator`; also `sum`, `min`, `max`, `minBy`,
 * `maxBy` through `aggregation.ts`). Per key it keeps the reduced value in a `KeyedStateStore`.
 * - STREAMING: emits the updated value for every input record, with that record's timestamp.
 * - BATCH: emits only the final value per key, with the timestamp of the key's last record (the
 *   timestamp STREAMING's last update carries): with sorted input (the runtime's BATCH driver) at
 *   `finishCurrentKey()`, after the key's last record, dropping the key's state; whatever is left
 *   (unsorted input) at `finish()`, in the order keys first appeared.
 */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { type OneInputStreamOperator, StreamRecord } from "./contract.js";
import type { ReduceFunctionLike } from "./functions.js";
import { HeapKeyedStateStore } from "./state/heap-keyed-state-store.js";
import type { KeyedStateStore } from "./state/keyed-state-store.js";

interface Reduced<T> {
  value: T;
  timestamp: number;
}

export class StreamGroupedReduceOperator<T>
  extends AbstractUdfStreamOperator<T>
  implements OneInputStreamOperator<T, T>
{
  readonly inputArity = 1;
  private readonly reduce: (value1: T, value2: T) => T;
  private readonly state: KeyedStateStore<Reduced<T>> = new HeapKeyedStateStore<Reduced<T>>();
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private batch = false;

  constructor(
    reducer: ReduceFunctionLike<T>,
    private readonly keySelector: (value: T) => unknown,
  ) {
    super(reducer);
    this.reduce = typeof reducer === "function" ? reducer : (a, b) => reducer.reduce(a, b);
  }

  override open(): void | Promise<void> {
    this.batch = this.context.runtimeMode === "BATCH";
    return super.open();
  }

  processElement(record: StreamRecord<T>): void {
    const state = this.state;
    state.setCurrentKey(this.keySelector(record.value));
    let reduced = state.get();
    if (reduced === undefined) {
      reduced = { value: record.value, timestamp: record.timestamp };
      state.put(reduced);
    } else {
      reduced.value = this.reduce(reduced.value, record.value);
      reduced.timestamp = record.timestamp;
    }
    if (!this.batch) this.emit(reduced);
  }

  /** BATCH with sorted input: the current key's last record was processed. */
  finishCurrentKey(): void {
    if (!this.batch) return;
    const reduced = this.state.get();
    if (reduced === undefined) return;
    this.emit(reduced);
    this.state.remove();
  }

  override finish(): void {
    if (!this.batch) return;
    for (const [, reduced] of this.state.entries()) this.emit(reduced);
    this.state.clear();
  }

  private emit(reduced: Reduced<T>): void {
    const reuse = this.reuse;
    reuse.value = reduced.value;
    reuse.timestamp = reduced.timestamp;
    this.output.collect(reuse);
  }
}
