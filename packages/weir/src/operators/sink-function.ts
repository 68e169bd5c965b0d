/**
 * Legacy sink functions (Flink's `StreamSink` over a `SinkFunction`): `invoke(value, context)` per
 * record; the rich lifecycle (`open`/`close`) and the optional `finish` at the end of a bounded
 * input run from the operator's.
 */
import { AbstractUdfStreamOperator } from "./abstract-operator.js";
import { MIN_WATERMARK, type OneInputStreamOperator, type StreamRecord } from "./contract.js";
import type { SinkFunctionContext, SinkFunctionLike } from "./functions.js";

export class StreamSink<T>
  extends AbstractUdfStreamOperator<unknown>
  implements OneInputStreamOperator<T, unknown>
{
  readonly inputArity = 1;
  private readonly invoke: (value: T, context: SinkFunctionContext) => void;
  private readonly finishFn: (() => void | Promise<void>) | undefined;
  private currentTimestamp: number | undefined;
  private watermark = MIN_WATERMARK;
  private readonly sinkContext: SinkFunctionContext = {
    timestamp: () => this.currentTimestamp,
    currentWatermark: () => this.watermark,
    currentProcessingTime: () => this.context.clock.now(),
  };

  constructor(fn: SinkFunctionLike<T>) {
    super(fn);
    if (typeof fn === "function") {
      this.invoke = fn;
      this.finishFn = undefined;
    } else {
      this.invoke = (value, context) => fn.invoke(value, context);
      this.finishFn = fn.finish === undefined ? undefined : () => fn.finish?.();
    }
  }

  processElement(record: StreamRecord<T>): void {
    this.currentTimestamp = record.hasTimestamp() ? record.timestamp : undefined;
    this.invoke(record.value, this.sinkContext);
  }

  override processWatermark(watermark: number): void {
    this.watermark = watermark;
  }

  override finish(): void | Promise<void> {
    return this.finishFn?.();
  }
}
