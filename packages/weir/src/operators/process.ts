/**
 * `DataStream.process`: runs a `ProcessFunction` (Flink's `ProcessOperator`), with side outputs.
 * Non-keyed: `ctx.timerService()` answers time queries (the operator's current watermark and the
 * clock) and throws on timer registration.
 */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { MIN_WATERMARK, type OneInputStreamOperator, type Output, type StreamRecord } from "./contract.js";
import type { Collector } from "./functions.js";
import { ProcessContextImpl } from "./process-context.js";
import type { ProcessFunctionContext, ProcessFunctionLike } from "./process-functions.js";
import { NonKeyedTimerService } from "./timer-service.js";
import { TimestampedCollector } from "./timestamped-collector.js";

export class ProcessOperator<IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>
{
  readonly inputArity = 1;
  private readonly process: (value: IN, ctx: ProcessFunctionContext, out: Collector<OUT>) => void;
  private collector: TimestampedCollector<OUT> | undefined;
  private ctx: ProcessContextImpl<never> | undefined;
  private watermark = MIN_WATERMARK;

  constructor(fn: ProcessFunctionLike<IN, OUT>) {
    super(fn);
    this.process = typeof fn === "function" ? fn : (value, ctx, out) => fn.processElement(value, ctx, out);
  }

  override open(): void | Promise<void> {
    this.collector = new TimestampedCollector(this.output);
    const timers = new NonKeyedTimerService(this.context.clock, () => this.watermark);
    this.ctx = new ProcessContextImpl<never>(
      this.output as Output<unknown>,
      timers,
      () => undefined as never,
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

  override processWatermark(watermark: number): void {
    this.watermark = watermark;
    super.processWatermark(watermark);
  }
}
