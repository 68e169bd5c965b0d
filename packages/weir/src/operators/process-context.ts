/**
 * The context object process operators hand to their function, reused for every record and timer:
 * it reads the timestamp of the record being processed (or of the timer firing), emits side
 * outputs through one reused `StreamRecord`, gives the timer service, and (keyed) the current key.
 */
import { NO_TIMESTAMP, type Output, StreamRecord } from "./contract.js";
import type { OutputTag } from "./output-tag.js";
import type { KeyedOnTimerContext } from "./process-functions.js";
import type { TimeDomain, TimerService } from "./timer-service.js";

export class ProcessContextImpl<K> implements KeyedOnTimerContext<K> {
  /** The record being processed; set by the operator before calling the function. */
  current: StreamRecord<unknown> | undefined;
  /** While a timer fires: its timestamp and domain. */
  timerTimestamp = NO_TIMESTAMP;
  domain: TimeDomain | undefined;
  private readonly sideRecord = new StreamRecord<unknown>(undefined);

  constructor(
    private readonly out: Output<unknown>,
    private readonly timers: TimerService,
    private readonly keyOf: () => K,
  ) {}

  timestamp(): number | undefined {
    if (this.domain !== undefined) return this.timerTimestamp;
    const record = this.current;
    return record?.hasTimestamp() ? record.timestamp : undefined;
  }

  timerService(): TimerService {
    return this.timers;
  }

  timeDomain(): TimeDomain {
    return this.domain ?? "EVENT_TIME";
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    const side = this.sideRecord;
    side.value = value;
    side.timestamp =
      this.domain !== undefined ? this.timerTimestamp : (this.current?.timestamp ?? NO_TIMESTAMP);
    this.out.collectSide(tag, side);
  }

  getCurrentKey(): K {
    return this.keyOf();
  }
}
