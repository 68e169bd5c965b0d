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
 * assigner when there is one (`recordTimestamp` is -Infinity for records without one). Watermark
 * generation arrives with the event-time work; the strategy is kept for it.
 */
import { InternalError } from "../core/errors.js";
import type { ReaderOutput, Source, SourceReader, SourceSplit } from "../core/source.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import { NO_TIMESTAMP, type SourceStreamOperator, StreamRecord } from "./contract.js";
import type { SourceCoordinatorEvent, SourceReaderEvent } from "./coordination.js";
import { timestampAssignerFn } from "./functions.js";
import type { WatermarkStrategy } from "./watermark-strategy.js";

export class SourceOperator<T> extends AbstractStreamOperator<T> implements SourceStreamOperator<T> {
  readonly inputArity = 0;
  private reader: SourceReader<T, SourceSplit> | undefined;
  private readonly reuse = new StreamRecord<T>(undefined as T);
  private readonly readerOutput: ReaderOutput<T>;

  constructor(
    private readonly source: Source<T, SourceSplit, unknown>,
    readonly watermarkStrategy?: WatermarkStrategy<T>,
  ) {
    super();
    const assigner = watermarkStrategy?.timestampAssigner;
    const assign = assigner === undefined ? undefined : timestampAssignerFn(assigner);
    const reuse = this.reuse;
    this.readerOutput = {
      collect: (value: T, timestamp?: number) => {
        const recordTimestamp = timestamp ?? NO_TIMESTAMP;
        reuse.value = value;
        reuse.timestamp = assign === undefined ? recordTimestamp : assign(value, recordTimestamp);
        this.output.collect(reuse);
      },
    };
  }

  override open(): void | Promise<void> {
    const context = this.context;
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
