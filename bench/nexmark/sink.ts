/**
 * `CountingSink`: the end of every benchmark query. It discards records, counting them and
 * summing a per-record hash (see digest.ts), and at the end of input appends one JSON line per
 * subtask to a report file: `{"subtask","parallelism","count","digest","openedAt","finishedAt"}`.
 * The benchmark runner adds the lines up and compares them with the baseline's. Appending one
 * short line with `appendFileSync` is atomic enough between the threads of one process.
 */
import { appendFileSync } from "node:fs";
import type { Sink, SinkWriter, SinkWriterContext } from "weir";
import { addDigest } from "./digest.js";

export interface SinkReport {
  readonly subtask: number;
  readonly parallelism: number;
  readonly count: number;
  readonly digest: number;
  /** Wall-clock ms when the writer was created and when its input ended. */
  readonly openedAt: number;
  readonly finishedAt: number;
}

export class CountingSink<T> implements Sink<T> {
  constructor(
    private readonly hash: (value: T) => number,
    private readonly reportPath: string | undefined,
  ) {}

  createWriter(context: SinkWriterContext): SinkWriter<T> {
    return new CountingWriter(this.hash, this.reportPath, context);
  }
}

class CountingWriter<T> implements SinkWriter<T> {
  private count = 0;
  private digest = 0;
  private readonly openedAt = Date.now();
  private reported = false;

  constructor(
    private readonly hash: (value: T) => number,
    private readonly reportPath: string | undefined,
    private readonly context: SinkWriterContext,
  ) {}

  write(value: T): void {
    this.count++;
    this.digest = addDigest(this.digest, this.hash(value));
  }

  backpressure(): undefined {
    return undefined;
  }

  async flush(endOfInput: boolean): Promise<void> {
    if (!endOfInput || this.reported || this.reportPath === undefined) return;
    this.reported = true;
    const report: SinkReport = {
      subtask: this.context.subtaskIndex,
      parallelism: this.context.parallelism,
      count: this.count,
      digest: this.digest,
      openedAt: this.openedAt,
      finishedAt: Date.now(),
    };
    appendFileSync(this.reportPath, `${JSON.stringify(report)}\n`);
  }

  async close(): Promise<void> {}
}
