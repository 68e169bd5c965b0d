/**
 * `PrintSink`: writes each record as a line to stdout (or stderr), what `print()` and
 * `printToErr()` build on (Flink's `PrintSinkFunction` / `PrintSinkOutputWriter`).
 *
 * - Line format: `formatForPrint(value)`, prefixed (Flink's rule) with `${i + 1}> ` when the sink
 *   runs at parallelism > 1, with `${id}:${i + 1}> ` when it also has an identifier, and with
 *   `${id}> ` at parallelism 1 with an identifier.
 * - Lines are batched: they accumulate during one turn of the event loop and are written with
 *   one `write` (scheduled by `setImmediate`), or at once when the batch grows past 64 KiB.
 * - Backpressure: when the stream's `write` returns false, `backpressure()` returns a promise
 *   resolving on `'drain'`.
 * - `flush()` writes the batch and resolves once everything written so far was handed to the
 *   operating system (the write callbacks ran). Not guaranteed: ordering between subtasks, which
 *   run concurrently, or between stdout and stderr.
 */
import { ExternalError } from "../../core/errors.js";
import type { Sink, SinkWriteContext, SinkWriter, SinkWriterContext } from "../../core/sink.js";
import { formatForPrint } from "./format.js";

/** The part of a Node writable stream the sink uses (stdout, stderr, or a test double). */
export interface PrintTarget {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** Characters batched before a write is forced within the same turn. */
const MAX_BATCH_CHARS = 64 * 1024;

export class PrintSink<T> implements Sink<T> {
  readonly toStdErr: boolean;
  readonly sinkIdentifier: string | undefined;
  private readonly target: (() => PrintTarget) | undefined;

  /** `target`: where to write instead of `process.stdout`/`process.stderr` (tests). */
  constructor(toStdErr = false, sinkIdentifier?: string, target?: () => PrintTarget) {
    this.toStdErr = toStdErr;
    this.sinkIdentifier = sinkIdentifier === "" ? undefined : sinkIdentifier;
    this.target = target;
  }

  createWriter(context: SinkWriterContext): SinkWriter<T> {
    const target = this.target?.() ?? (this.toStdErr ? process.stderr : process.stdout);
    return new PrintSinkWriter<T>(
      target,
      printPrefix(this.sinkIdentifier, context.subtaskIndex, context.parallelism),
    );
  }
}

/** Flink's print prefix for subtask `subtaskIndex` of `parallelism`. */
export function printPrefix(
  sinkIdentifier: string | undefined,
  subtaskIndex: number,
  parallelism: number,
): string {
  const id = sinkIdentifier ?? "";
  if (parallelism > 1) return id === "" ? `${subtaskIndex + 1}> ` : `${id}:${subtaskIndex + 1}> `;
  return id === "" ? "" : `${id}> `;
}

class PrintSinkWriter<T> implements SinkWriter<T> {
  private readonly target: PrintTarget;
  private readonly prefix: string;
  private batch = "";
  private scheduled = false;
  private drainWait: Promise<void> | undefined;
  private lastWrite: Promise<void> | undefined;
  private error: Error | undefined;
  private readonly flushBatch = (): void => {
    this.scheduled = false;
    this.writeBatch();
  };

  constructor(target: PrintTarget, prefix: string) {
    this.target = target;
    this.prefix = prefix;
  }

  write(value: T, _context: SinkWriteContext): void {
    this.batch += `${this.prefix}${formatForPrint(value)}\n`;
    if (this.batch.length >= MAX_BATCH_CHARS) {
      this.writeBatch();
    } else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(this.flushBatch);
    }
  }

  backpressure(): Promise<void> | undefined {
    return this.drainWait;
  }

  async flush(_endOfInput: boolean): Promise<void> {
    this.writeBatch();
    await this.lastWrite;
    if (this.error !== undefined) throw this.error;
  }

  async close(): Promise<void> {
    this.writeBatch();
  }

  private writeBatch(): void {
    if (this.batch.length === 0) return;
    const chunk = this.batch;
    this.batch = "";
    this.lastWrite = new Promise<void>((resolve) => {
      const ok = this.target.write(chunk, (error) => {
        if (error && this.error === undefined)
          this.error = new ExternalError("print sink: write failed", { cause: error });
        resolve();
      });
      if (!ok && this.drainWait === undefined) {
        this.drainWait = new Promise<void>((resolveDrain) => {
          this.target.once("drain", () => {
            this.drainWait = undefined;
            resolveDrain();
          });
        });
      }
    });
  }
}
