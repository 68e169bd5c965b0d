/**
 * `KeyedStream.process`: runs a `KeyedProcessFunction` (Flink's `KeyedProcessOperator`).
 *
 * The runtime sets the keyed state backend's current key from `stateKeySelector` before each
 * record; `ctx.getCurrentKey()` reads it. `ctx.timerService()` registers timers of the current key
 * (deduplicated per key and timestamp); when one fires, `onTimer(timestamp, ctx, out)` runs with the
 * key set to the timer's key and `ctx.timeDomain()` telling which clock fired. Output of an
 * event-time timer carries the timer's timestamp; output of a processing-time timer has none.
 */
import { InternalError } from "../core/errors.js";
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { NO_TIMESTAMP, type OneInputStreamOperator, type Output, type StreamRecord } from "./contract.js";
import type { Collector } from "./functions.js";
import { ProcessContextImpl } from "./process-context.js";
import type {
  KeyedProcessFunction,
  KeyedProcessFunctionContext,
  KeyedProcessFunctionLike,
} from "./process-functions.js";
import type { VoidNamespace } from "./state/keyed-state-backend.js";
import { KeyedTimerService } from "./timer-service.js";
import type { InternalTimer, Triggerable } from "./timers/internal-timer-service.js";
import { TimestampedCollector } from "./timestamped-collector.js";

/** Name of the timer service of process functions (Flink's "user-timers"). */
export const USER_TIMERS = "user-timers";

export class KeyedProcessOperator<K, IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>, Triggerable<K, VoidNamespace>
{
  readonly inputArity = 1;
  private readonly process: (value: IN, ctx: KeyedProcessFunctionContext<K>, out: Collector<OUT>) => void;
  private readonly onTimerFn: KeyedProcessFunction<K, IN, OUT>["onTimer"];
  private collector: TimestampedCollector<OUT> | undefined;
  private ctx: ProcessContextImpl<K> | undefined;

  constructor(fn: KeyedProcessFunctionLike<K, IN, OUT>, keySelector: (value: IN) => K) {
    super(fn);
    this.stateKeySelector = keySelector;
    if (typeof fn === "function") {
      this.process = fn;
      this.onTimerFn = undefined;
    } else {
      this.process = (value, ctx, out) => fn.processElement(value, ctx, out);
      this.onTimerFn = fn.onTimer?.bind(fn);
    }
  }

  stateKeySelector: (value: IN) => unknown;

  override open(): void | Promise<void> {
    const context = this.context;
    const backend = context.keyedStateBackend;
    if (backend === undefined || context.getInternalTimerService === undefined) {
      throw new InternalError(
        "KeyedProcessOperator needs a keyed state backend and timer services (keyed input)",
      );
    }
    const internal = context.getInternalTimerService<VoidNamespace>(
      USER_TIMERS,
      this as Triggerable<unknown, VoidNamespace>,
    );
    this.collector = new TimestampedCollector(this.output);
    this.ctx = new ProcessContextImpl<K>(
      this.output as Output<unknown>,
      new KeyedTimerService(internal),
      () => backend.getCurrentKey() as K,
    );
    return super.open();
  }

  processElement(record: StreamRecord<IN>): void {
    const collector = this.collector!;
    const ctx = this.ctx!;
    collector.setTimestampFrom(record);
    ctx.current = record;
    this.process(record.value, ctx, collector);
    ctx.current = undefined;
  }

  onEventTime(timer: InternalTimer<K, VoidNamespace>): void {
    this.collector!.setAbsoluteTimestamp(timer.timestamp);
    this.invokeOnTimer(timer.timestamp, "EVENT_TIME");
  }

  onProcessingTime(timer: InternalTimer<K, VoidNamespace>): void {
    this.collector!.setAbsoluteTimestamp(NO_TIMESTAMP);
    this.invokeOnTimer(timer.timestamp, "PROCESSING_TIME");
  }

  private invokeOnTimer(timestamp: number, domain: "EVENT_TIME" | "PROCESSING_TIME"): void {
    const onTimer = this.onTimerFn;
    if (onTimer === undefined) return;
    const ctx = this.ctx!;
    ctx.domain = domain;
    ctx.timerTimestamp = timestamp;
    try {
      onTimer(timestamp, ctx, this.collector!);
    } finally {
      ctx.domain = undefined;
    }
  }
}
