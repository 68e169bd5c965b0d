/**
 * The sink behind `executeAndCollect` (Flink's `CollectSinkOperator`; kind `collectSink`). It
 * batches values and sends them to its coordinator as `collect.batch` events, which the job client
 * exposes through `JobClient.collect(operatorId)`. A batch is sent when it holds `batchSize` values,
 * or `flushIntervalMs` after its first value (so slow unbounded streams still deliver), and at
 * `finish`, which then sends `collect.end`. Each batch is a fresh array handed over for good.
 */
import type { TimerHandle } from "../core/clock.js";
import { readOption } from "../core/config/option.js";
import { CoreOptions } from "../core/config/options.js";
import { AbstractStreamOperator } from "./abstract-operator.js";
import type { OneInputStreamOperator, StreamRecord } from "./contract.js";
import type { CollectSinkEvent } from "./coordination.js";

export interface CollectSinkOptions {
  /** Values per batch event (default 256). */
  readonly batchSize?: number;
  /** Max delay of a partial batch in ms (default `execution.buffer-timeout`, 100 ms; < 0 disables). */
  readonly flushIntervalMs?: number;
}

export class CollectSinkOperator<T>
  extends AbstractStreamOperator<unknown>
  implements OneInputStreamOperator<T, unknown>
{
  readonly inputArity = 1;
  private batch: unknown[] = [];
  private timer: TimerHandle | undefined;
  private batchSize = 256;
  private flushIntervalMs = 100;

  constructor(private readonly options: CollectSinkOptions = {}) {
    super();
  }

  override open(): void {
    this.batchSize = Math.max(1, this.options.batchSize ?? 256);
    this.flushIntervalMs =
      this.options.flushIntervalMs ?? readOption(this.context.config, CoreOptions.BUFFER_TIMEOUT);
  }

  processElement(record: StreamRecord<T>): void {
    this.batch.push(record.value);
    if (this.batch.length >= this.batchSize) this.flush();
    else if (this.timer === undefined && this.flushIntervalMs >= 0) {
      const clock = this.context.clock;
      this.timer = clock.setTimer(clock.now() + this.flushIntervalMs, () => {
        this.timer = undefined;
        this.flush();
      });
    }
  }

  override processWatermark(): void {}

  override finish(): void {
    this.flush();
    this.send({ kind: "collect.end" });
  }

  override close(): void {
    this.timer?.cancel();
    this.timer = undefined;
  }

  private flush(): void {
    this.timer?.cancel();
    this.timer = undefined;
    if (this.batch.length === 0) return;
    const values = this.batch;
    this.batch = [];
    this.send({ kind: "collect.batch", values });
  }

  private send(event: CollectSinkEvent): void {
    this.context.sendOperatorEvent(event);
  }
}
