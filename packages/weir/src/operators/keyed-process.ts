/**
 * `KeyedStream.process`: runs a `KeyedProcessFunction` (Flink's `KeyedProcessOperator`). The key of
 * each record is computed with the stream's key selector and exposed as `ctx.getCurrentKey()`.
 * Timers (`ctx.timerService()`) arrive with event time and keyed state.
 */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, Output, StreamRecord } from "./contract.js";
import type { Collector } from "./functions.js";
import { ProcessContextImpl } from "./process-context.js";
import type { KeyedProcessFunctionContext, KeyedProcessFunctionLike } from "./process-functions.js";
import { TimestampedCollector } from "./timestamped-collector.js";

export class KeyedProcessOperator<K, IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>
{
  readonly inputArity = 1;
  private readonly process: (value: IN, ctx: KeyedProcessFunctionContext<K>, out: Collector<OUT>) => void;
  private collector: TimestampedCollector<OUT> | undefined;
  private ctx: ProcessContextImpl<K> | undefined;

  constructor(
    fn: KeyedProcessFunctionLike<K, IN, OUT>,
    private readonly keySelector: (value: IN) => K,
  ) {
    super(fn);
    this.process = typeof fn === "function" ? fn : (value, ctx, out) => fn.processElement(value, ctx, out);
  }

  override open(): void | Promise<void> {
    this.collector = new TimestampedCollector(this.output);
    this.ctx = new ProcessContextImpl<K>(this.output as Output<unknown>);
    return super.open();
  }

  processElement(record: StreamRecord<IN>): void {
    const collector = this.collector!;
    const ctx = this.ctx!;
    collector.setTimestampFrom(record);
    ctx.current = record;
    ctx.currentKey = this.keySelector(record.value);
    this.process(record.value, ctx, collector);
    ctx.current = undefined;
  }
}
