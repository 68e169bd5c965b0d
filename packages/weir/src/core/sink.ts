/**
 * Sink contract (Flink's unified Sink, reduced to what the runtime needs now). A sink creates one
 * writer per parallel subtask. `write` is on the per-record path and is synchronous; writers
 * buffer and do their I/O asynchronously, and tell the task to pause through `backpressure()`.
 * At the end of a bounded input the task calls `flush(true)`, which must make all data durable
 * and visible (e.g. finalize part files), then `close()`.
 */
import type { Clock } from "./clock.js";

export interface Sink<T> {
  createWriter(context: SinkWriterContext): SinkWriter<T>;
}

export interface SinkWriterContext {
  readonly subtaskIndex: number;
  readonly parallelism: number;
  readonly attemptNumber: number;
  readonly jobId: string;
  /** Effective job configuration (flat dotted keys). */
  readonly config: Readonly<Record<string, string>>;
  /** The task's injected clock (processing time), when the runtime provides one. */
  readonly clock?: Clock;
}

/** Per-record context: the record's timestamp (if any) and the current watermark. */
export interface SinkWriteContext {
  readonly timestamp: number | undefined;
  readonly currentWatermark: number;
}

export interface SinkWriter<T> {
  write(value: T, context: SinkWriteContext): void;
  /**
   * When the writer's buffers are over budget, returns a promise resolving once it can take more
   * records; otherwise `undefined`. The task stops feeding records while a promise is pending.
   */
  backpressure(): Promise<void> | undefined;
  /** Writes out buffered data; with `endOfInput` also finalizes (commits) what was written. */
  flush(endOfInput: boolean): Promise<void>;
  close(): Promise<void>;
}
