/**
 * `DataStream.assignTimestampsAndWatermarks(strategy)` (Flink's `TimestampsAndWatermarksOperator`):
 * assigns each record's timestamp with the strategy's timestamp assigner and generates watermarks
 * with its generator: `onEvent` per record, `onPeriodicEmit` every `pipeline.auto-watermark-interval`
 * of the operator's clock (a mail of the task, never during a record).
 *
 * Watermarks from upstream are ignored, except the MAX watermark at the end of input, which is
 * forwarded. In BATCH only the timestamp assigner runs (no generator, no periodic emission).
 */

import type { TimerHandle } from "../core/clock.js";
import { readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import { MAX_WATERMARK, type OneInputStreamOperator, StreamRecord } from "./contract.js";
import { timestampAssignerFn } from "./functions.js";
import type { WatermarkGenerator, WatermarkOutput } from "./watermark/watermark-generator.js";
import { WatermarkOutputMultiplexer } from "./watermark/watermark-output-multiplexer.js";
import type { WatermarkStrategy } from "./watermark-strategy.js";

export class TimestampsAndWatermarksOperator<T>
  extends AbstractStreamOperator<T>
  implements OneInputStreamOperator<T, T>
{
  readonly inputArity = 1;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private readonly assign: ((element: T, recordTimestamp: number) => number) | undefined;
  private generator: WatermarkGenerator<T> | undefined;
  private watermarkOutput: WatermarkOutput | undefined;
  private periodic: TimerHandle | undefined;
  private closed = false;

  constructor(readonly strategy: WatermarkStrategy<T>) {
    super();
    const assigner = strategy.timestampAssigner;
    this.assign = assigner === undefined ? undefined : timestampAssignerFn(assigner);
  }

  override open(): void {
    const context = this.context;
    if (context.runtimeMode === "BATCH" || !this.strategy.generatesWatermarks()) return;
    const generator = this.strategy.createWatermarkGenerator({ clock: context.clock });
    this.generator = generator;
    this.watermarkOutput = new WatermarkOutputMultiplexer(this.output).register("main");
    const interval =
      context.autoWatermarkIntervalMs ?? readOption(context.config, CoreOptions.AUTO_WATERMARK_INTERVAL);
    if (interval > 0) this.schedulePeriodic(interval);
  }

  processElement(record: StreamRecord<T>): void {
    const value = record.value;
    const assign = this.assign;
    const timestamp = assign === undefined ? record.timestamp : assign(value, record.timestamp);
    const reuse = this.reuse;
    reuse.value = value;
    reuse.timestamp = timestamp;
    this.output.collect(reuse);
    const generator = this.generator;
    if (generator !== undefined) generator.onEvent(value, timestamp, this.watermarkOutput!);
  }

  override processWatermark(watermark: number): void {
    if (watermark !== MAX_WATERMARK) return;
    this.stopPeriodic();
    this.output.emitWatermark(MAX_WATERMARK);
  }

  override close(): void {
    this.closed = true;
    this.stopPeriodic();
  }

  private schedulePeriodic(interval: number): void {
    const clock = this.context.clock;
    this.periodic = clock.setTimer(clock.now() + interval, () => {
      if (this.closed) return;
      this.generator!.onPeriodicEmit(this.watermarkOutput!);
      this.schedulePeriodic(interval);
    });
  }

  private stopPeriodic(): void {
    this.periodic?.cancel();
    this.periodic = undefined;
    this.closed = true;
  }
}
