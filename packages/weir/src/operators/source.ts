/**
 * The source operator (Flink's `SourceOperator`): runs one `SourceReader` of a FLIP-27 `Source` at
 * the head of a source task.
 *
 * Protocol with the source's coordinator (see `coordination.ts`): at `open` the operator registers
 * its handler for coordinator events, sends `source.register`, then starts the reader. The reader's
 * split requests and custom events become `source.splitRequest` / `source.custom` events;
 * `source.addSplits`, `source.noMoreSplits` and `source.custom` events from the coordinator are
 * handed to the reader.
 *
 * Records get the timestamp the reader gives, replaced by the watermark strategy's timestamp
 * assigner when there is one (`recordTimestamp` is -Infinity for records without one).
 *
 * Watermarks (STREAMING, strategies that generate them): records collected on the reader's main
 * output feed one generator; records collected on `output.createOutputForSplit(id)` feed a
 * generator per split. The source's watermark is the minimum over the active (non-idle) outputs;
 * a released split no longer counts; when every output is idle the source is idle. Generators emit
 * periodically every `pipeline.auto-watermark-interval` (a mail of the task). In BATCH only the
 * timestamp assigner runs; the task emits the MAX watermark at the end of input.
 */
import type { TimerHandle } from "../core/clock.js";
import { readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { InternalError } from "../core/errors.js";
import type { ReaderOutput, Source, SourceReader, SourceSplit } from "../core/source.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import { NO_TIMESTAMP, type SourceStreamOperator, StreamRecord } from "./contract.js";
import type { SourceCoordinatorEvent, SourceReaderEvent } from "./coordination.js";
import { timestampAssignerFn } from "./functions.js";
import type { WatermarkGenerator, WatermarkOutput } from "./watermark/watermark-generator.js";
import { WatermarkOutputMultiplexer } from "./watermark/watermark-output-multiplexer.js";
import type { WatermarkStrategy } from "./watermark-strategy.js";

/** One watermark-generating output: the main output or a split's. */
interface GeneratingOutput<T> {
  readonly generator: WatermarkGenerator<T>;
  readonly watermarkOutput: WatermarkOutput;
}

const MAIN_OUTPUT = "\u0000main";

export class SourceOperator<T> extends AbstractStreamOperator<T> implements SourceStreamOperator<T> {
  readonly inputArity = 0;
  private reader: SourceReader<T, SourceSplit> | undefined;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private readonly readerOutput: ReaderOutput<T>;
  private readonly assign: ((element: T, recordTimestamp: number) => number) | undefined;
  /** Set in STREAMING when the strategy generates watermarks. */
  private multiplexer: WatermarkOutputMultiplexer | undefined;
  private readonly generating = new Map<string, GeneratingOutput<T>>();
  private readonly splitOutputs = new Map<string, ReaderOutput<T>>();
  private periodic: TimerHandle | undefined;
  private closed = false;

  constructor(
    private readonly source: Source<T, SourceSplit, unknown>,
    readonly watermarkStrategy?: WatermarkStrategy<T>,
  ) {
    super();
    const assigner = watermarkStrategy?.timestampAssigner;
    this.assign = assigner === undefined ? undefined : timestampAssignerFn(assigner);
    this.readerOutput = {
      collect: (value: T, timestamp?: number) => this.emit(MAIN_OUTPUT, value, timestamp),
      createOutputForSplit: (splitId) => this.outputForSplit(splitId),
      releaseOutputForSplit: (splitId) => this.releaseSplit(splitId),
    };
  }

  private emit(outputId: string, value: T, timestamp: number | undefined): void {
    const recordTimestamp = timestamp ?? NO_TIMESTAMP;
    const assign = this.assign;
    const reuse = this.reuse;
    reuse.value = value;
    reuse.timestamp = assign === undefined ? recordTimestamp : assign(value, recordTimestamp);
    this.output.collect(reuse);
    if (this.multiplexer !== undefined) {
      const generating = this.generating.get(outputId) ?? this.startGenerating(outputId);
      generating.generator.onEvent(value, reuse.timestamp, generating.watermarkOutput);
    }
  }

  private startGenerating(outputId: string): GeneratingOutput<T> {
    const generating: GeneratingOutput<T> = {
      generator: this.watermarkStrategy!.createWatermarkGenerator({ clock: this.context.clock }),
      watermarkOutput: this.multiplexer!.register(outputId),
    };
    this.generating.set(outputId, generating);
    return generating;
  }

  private outputForSplit(splitId: string): ReaderOutput<T> {
    let output = this.splitOutputs.get(splitId);
    if (output === undefined) {
      const id = `split:${splitId}`;
      // Registered at once: a split holds the watermark back from its creation (as in Flink).
      if (this.multiplexer !== undefined && !this.generating.has(id)) this.startGenerating(id);
      output = { collect: (value: T, timestamp?: number) => this.emit(id, value, timestamp) };
      this.splitOutputs.set(splitId, output);
    }
    return output;
  }

  private releaseSplit(splitId: string): void {
    this.splitOutputs.delete(splitId);
    const id = `split:${splitId}`;
    const generating = this.generating.get(id);
    if (generating === undefined) return;
    // A final periodic emission so that the split's last records count before it leaves.
    generating.generator.onPeriodicEmit(generating.watermarkOutput);
    this.generating.delete(id);
    this.multiplexer?.unregister(id);
  }

  private schedulePeriodic(interval: number): void {
    const clock = this.context.clock;
    this.periodic = clock.setTimer(clock.now() + interval, () => {
      if (this.closed) return;
      for (const { generator, watermarkOutput } of this.generating.values())
        generator.onPeriodicEmit(watermarkOutput);
      this.schedulePeriodic(interval);
    });
  }

  override open(): void | Promise<void> {
    const context = this.context;
    const strategy = this.watermarkStrategy;
    if (context.runtimeMode === "STREAMING" && strategy?.generatesWatermarks() === true) {
      this.multiplexer = new WatermarkOutputMultiplexer(this.output);
      const interval =
        context.autoWatermarkIntervalMs ?? readOption(context.config, CoreOptions.AUTO_WATERMARK_INTERVAL);
      if (interval > 0) this.schedulePeriodic(interval);
    }
    const runtime = context.runtimeContext;
    context.onOperatorEvent((event) => this.handleOperatorEvent(event as SourceCoordinatorEvent));
    const send = (event: SourceReaderEvent): void => context.sendOperatorEvent(event);
    this.reader = this.source.createReader({
      subtaskIndex: runtime.getIndexOfThisSubtask(),
      parallelism: runtime.getNumberOfParallelSubtasks(),
      config: context.config,
      clock: context.clock,
      sendSplitRequest: () => send({ kind: "source.splitRequest" }),
      sendSourceEventToCoordinator: (event) => send({ kind: "source.custom", event }),
    });
    // Register before starting: a reader may request splits from `start` (as in Flink).
    send({ kind: "source.register" });
    return this.reader.start();
  }

  emitNext(): "MORE_AVAILABLE" | "NOTHING_AVAILABLE" | "END_OF_INPUT" {
    return this.openedReader().pollNext(this.readerOutput);
  }

  isAvailable(): Promise<void> {
    return this.openedReader().isAvailable();
  }

  override close(): void | Promise<void> {
    this.closed = true;
    this.periodic?.cancel();
    return this.reader?.close();
  }

  private handleOperatorEvent(event: SourceCoordinatorEvent): void {
    const reader = this.openedReader();
    switch (event.kind) {
      case "source.addSplits":
        reader.addSplits(event.splits);
        return;
      case "source.noMoreSplits":
        reader.notifyNoMoreSplits();
        return;
      case "source.custom":
        reader.handleSourceEvent?.(event.event);
        return;
      default:
        throw new InternalError(`source operator got an unknown coordinator event: ${JSON.stringify(event)}`);
    }
  }

  private openedReader(): SourceReader<T, SourceSplit> {
    const reader = this.reader;
    if (reader === undefined) throw new InternalError("source operator used before open()");
    return reader;
  }
}
