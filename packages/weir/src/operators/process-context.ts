/**
 * The context object process operators hand to their function, reused for every record: it reads
 * the record being processed, emits side outputs through one reused `StreamRecord`, and (keyed)
 * knows the current key. `timerService()` throws until timers are supported.
 */
import { type Output, StreamRecord } from "./contract.js";
import type { OutputTag } from "./output-tag.js";
import type { KeyedProcessFunctionContext } from "./process-functions.js";
import { type TimerService, timersNotSupported } from "./timer-service.js";

export class ProcessContextImpl<K> implements KeyedProcessFunctionContext<K> {
  /** The record being processed; set by the operator before calling the function. */
  current: StreamRecord<unknown> | undefined;
  /** The key of `current` (keyed operators only). */
  currentKey: K | undefined;
  private readonly sideRecord = new StreamRecord<unknown>(undefined);

  constructor(private readonly out: Output<unknown>) {}

  timestamp(): number | undefined {
    const record = this.current;
    return record?.hasTimestamp() ? record.timestamp : undefined;
  }

  timerService(): TimerService {
    throw timersNotSupported();
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    const side = this.sideRecord;
    side.value = value;
    side.timestamp = this.current === undefined ? side.timestamp : this.current.timestamp;
    this.out.collectSide(tag, side);
  }

  getCurrentKey(): K {
    return this.currentKey as K;
  }
}
