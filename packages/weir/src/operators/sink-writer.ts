/**
 * The writer side of a unified `Sink` (Flink's `SinkWriterOperator`): one `SinkWriter` per subtask,
 * created at `open`. Records go to `write` synchronously; the operator reports the writer's
 * `backpressure()` so that the task stops feeding it while its buffers are full. At the end of a
 * bounded input `finish` awaits `flush(true)` (data durable and visible), and `close` closes the
 * writer (also after a failure).
 */
import { InternalError } from "../core/errors.js";
import type { Sink, SinkWriteContext, SinkWriter } from "../core/sink.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import { MIN_WATERMARK, type OneInputStreamOperator, type StreamRecord } from "./contract.js";

class WriteContext implements SinkWriteContext {
  timestamp: number | undefined = undefined;
  currentWatermark = MIN_WATERMARK;
}

export class SinkWriterOperator<T>
  extends AbstractStreamOperator<unknown>
  implements OneInputStreamOperator<T, unknown>
{
  readonly inputArity = 1;
  private writer: SinkWriter<T> | undefined;
  private readonly writeContext = new WriteContext();

  constructor(private readonly sink: Sink<T>) {
    super();
  }

  override open(): void {
    const runtime = this.context.runtimeContext;
    this.writer = this.sink.createWriter({
      subtaskIndex: runtime.getIndexOfThisSubtask(),
      parallelism: runtime.getNumberOfParallelSubtasks(),
      attemptNumber: runtime.getAttemptNumber(),
      jobId: runtime.getJobId(),
      config: this.context.config,
      clock: this.context.clock,
    });
  }

  processElement(record: StreamRecord<T>): void {
    const ctx = this.writeContext;
    ctx.timestamp = record.hasTimestamp() ? record.timestamp : undefined;
    this.openedWriter().write(record.value, ctx);
  }

  override processWatermark(watermark: number): void {
    this.writeContext.currentWatermark = watermark;
  }

  backpressure(): Promise<void> | undefined {
    return this.writer?.backpressure();
  }

  override finish(): Promise<void> {
    return this.openedWriter().flush(true);
  }

  override async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (writer !== undefined) await writer.close();
  }

  private openedWriter(): SinkWriter<T> {
    const writer = this.writer;
    if (writer === undefined)
      throw new InternalError("sink writer operator used before open() or after close()");
    return writer;
  }
}
