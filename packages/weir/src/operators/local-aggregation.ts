/**
 * Local pre-aggregation (a combiner) of a built-in rolling aggregation, chained to the producers
 * in front of the keyBy shuffle in BATCH mode only. It folds records per key with the same
 * function as the downstream `StreamGroupedReduceOperator`, and emits partial aggregates:
 * - when it holds `maxKeys` keys (then all of them, clearing its table: memory stays bounded);
 * - at `finish()` (end of input), in the order keys first appeared.
 * A partial carries the timestamp of the last record folded into it. Because `sum`, `min`, `max`,
 * `minBy` and `maxBy` fold partials the same way as records, the downstream operator's final value
 * per key is unchanged, while the shuffle and the sort see one record per key and producer instead
 * of every record. Watermarks are held back: in BATCH only the final MAX watermark flows, and it
 * is forwarded after the partials at `finish()`.
 */
import { AbstractStreamOperator } from "./abstract-operator.js";
import { MAX_WATERMARK, type OneInputStreamOperator, StreamRecord } from "./contract.js";
import { type NormalizedKey, normalizeKey } from "./state/normalized-key.js";

/** Keys a combiner holds before it flushes its partial aggregates downstream. */
export const DEFAULT_LOCAL_AGGREGATION_MAX_KEYS = 100_000;

interface Partial<T> {
  value: T;
  timestamp: number;
  /** `value` is this operator's own copy (made by `fold`), so `foldInPlace` may mutate it. */
  owned: boolean;
}

export class LocalAggregationOperator<T>
  extends AbstractStreamOperator<T>
  implements OneInputStreamOperator<T, T>
{
  readonly inputArity = 1;
  private readonly partials = new Map<NormalizedKey, Partial<T>>();
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private sawMaxWatermark = false;

  /**
   * `fold` never mutates its arguments. `foldInPlace`, when given, computes the same result by
   * mutating its accumulator: it is used only on partials this operator owns, i.e. results of
   * `fold` that are neither of its arguments (records handed in may still be referenced upstream).
   */
  constructor(
    private readonly fold: (accumulator: T, value: T) => T,
    private readonly keySelector: (value: T) => unknown,
    private readonly maxKeys = DEFAULT_LOCAL_AGGREGATION_MAX_KEYS,
    private readonly foldInPlace?: (accumulator: T, value: T) => T,
  ) {
    super();
  }

  processElement(record: StreamRecord<T>): void {
    const key = normalizeKey(this.keySelector(record.value));
    const partial = this.partials.get(key);
    if (partial === undefined) {
      if (this.partials.size >= this.maxKeys) this.flush();
      this.partials.set(key, { value: record.value, timestamp: record.timestamp, owned: false });
    } else if (partial.owned) {
      partial.value = this.foldInPlace!(partial.value, record.value);
      partial.timestamp = record.timestamp;
    } else {
      const before = partial.value;
      const folded = this.fold(before, record.value);
      partial.value = folded;
      partial.timestamp = record.timestamp;
      partial.owned =
        this.foldInPlace !== undefined &&
        typeof folded === "object" &&
        folded !== null &&
        folded !== before &&
        folded !== record.value;
    }
  }

  override processWatermark(watermark: number): void {
    // Only the end-of-input MAX watermark flows in BATCH; it must follow the partials.
    if (watermark === MAX_WATERMARK) this.sawMaxWatermark = true;
    else this.output.emitWatermark(watermark);
  }

  override finish(): void {
    this.flush();
    if (this.sawMaxWatermark) this.output.emitWatermark(MAX_WATERMARK);
  }

  private flush(): void {
    for (const partial of this.partials.values()) {
      this.reuse.value = partial.value;
      this.reuse.timestamp = partial.timestamp;
      this.output.collect(this.reuse);
    }
    this.partials.clear();
  }
}
