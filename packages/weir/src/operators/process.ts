/** `DataStream.process`: runs a `ProcessFunction` (Flink's `ProcessOperator`), with side outputs. */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, Output, StreamRecord } from "./contract.js";
import type { Collector } from "./functions.js";
import { ProcessContextImpl } from "./process-context.js";
import type { ProcessFunctionContext, ProcessFunctionLike } from "./process-functions.js";
import { TimestampedCollector } from "./timestamped-collector.js";

export class ProcessOperator<IN, OUT>
  extends AbstractUdfStreamOperator<OUT>
  implements OneInputStreamOperator<IN, OUT>
{
  readonly inputArity = 1;
  private readonly process: (value: IN, ctx: ProcessFunctionContext, out: Collector<OUT>) => void;
  private collector: TimestampedCollector<OUT> | undefined;
  private ctx: ProcessContextImpl<never> | undefined;

  constructor(fn: ProcessFunctionLike<IN, OUT>) {
    super(fn);
    this.process = typeof fn === "function" ? fn : (value, ctx, out) => fn.processElement(value, ctx, out);
  }

  override open(): void | Promise<void> {
    this.collector = new TimestampedCollector(this.output);
    this.ctx = new ProcessContextImpl(this.output as Output<unknown>);
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
}
