/**
 * `RecordWriter` over channels with credit-based flow control (types.ts states the contract).
 *
 * Per record: the partitioner picks the channel, the record is appended to that channel's encoder
 * and, when the encoder holds `bufferSize` bytes or more, the buffer is handed to the channel
 * (posted against a credit, or queued). A buffer therefore exceeds `bufferSize` by at most one
 * record. Broadcast edges use one encoder for all channels: each buffer is serialized once and
 * copied per channel (a transferred `ArrayBuffer` can go to one port only).
 *
 * A transport failure of a channel (`PortLike.onError`) fails the writer: see `fail`.
 *
 * Not guaranteed: that `emit` refuses records while unavailable; the task checks `isAvailable()`
 * between input batches (types.ts), so queues exceed `maxBufferedPerChannel` by at most one
 * batch's output.
 */
import { InternalError } from "../../core/errors.js";
import type { StreamRecord } from "../../operators/contract.js";
import { RecordEncoder } from "./codec-encoder.js";
import { OutputChannel } from "./output-channel.js";
import type { ChannelSelector } from "./partitioners.js";
import type { PortLike } from "./port.js";
import type { NetworkEvent, NetworkIOMetrics, NetworkSettings, RecordWriter } from "./types.js";

const END_OF_PARTITION: NetworkEvent = Object.freeze({ kind: "endOfPartition" });
const RESOLVED: Promise<void> = Promise.resolve();

export class PipelinedRecordWriter implements RecordWriter {
  private readonly channels: OutputChannel[];
  /** One encoder per channel, or a single shared one for broadcast. */
  private readonly encoders: RecordEncoder[];
  private readonly bufferSize: number;
  private state: "running" | "finishing" | "finished" | "aborted" | "failed" = "running";
  /** The transport failure that failed this writer (state "failed"). */
  private failure: Error | undefined;
  private availableWaiter: (() => void) | undefined;
  private availablePromise: Promise<void> | undefined;
  private finishWaiter: { resolve: () => void; reject: (error: Error) => void } | undefined;
  private finishPromise: Promise<void> | undefined;
  private recordsOut = 0;

  constructor(
    ports: readonly PortLike[],
    private readonly selector: ChannelSelector,
    private readonly broadcast: boolean,
    settings: NetworkSettings,
  ) {
    this.bufferSize = settings.bufferSize;
    const onProgress = () => this.onProgress();
    const onFailure = (error: Error) => this.fail(error);
    this.channels = ports.map(
      (port) => new OutputChannel(port, settings.maxBufferedPerChannel, onProgress, onFailure),
    );
    const initialCapacity = Math.min(settings.bufferSize + 256, 4096);
    this.encoders = broadcast
      ? [new RecordEncoder(initialCapacity)]
      : ports.map(() => new RecordEncoder(initialCapacity));
  }

  emit(record: StreamRecord<unknown>): void {
    if (this.state !== "running") throw this.notRunning("emit");
    if (this.broadcast) {
      const encoder = this.encoders[0]!;
      encoder.write(record);
      if (encoder.size >= this.bufferSize) this.sendBroadcastBuffer(encoder);
    } else {
      const channel = this.selector.selectChannel(record.value);
      const encoder = this.encoders[channel]!;
      encoder.write(record);
      if (encoder.size >= this.bufferSize) this.channels[channel]!.sendBuffer(encoder.take());
    }
    this.recordsOut++;
  }

  broadcastEvent(event: NetworkEvent): void {
    if (this.state !== "running") throw this.notRunning("event");
    this.flush();
    for (const channel of this.channels) channel.sendEvent(event);
  }

  flush(): void {
    if (this.state !== "running") return;
    if (this.broadcast) {
      const encoder = this.encoders[0]!;
      if (encoder.count > 0) this.sendBroadcastBuffer(encoder);
      return;
    }
    for (let i = 0; i < this.encoders.length; i++) {
      const encoder = this.encoders[i]!;
      if (encoder.count > 0) this.channels[i]!.sendBuffer(encoder.take());
    }
  }

  isAvailable(): boolean {
    for (const channel of this.channels) if (channel.isFull()) return false;
    return true;
  }

  availability(): Promise<void> {
    if (this.isAvailable() || this.state === "aborted" || this.state === "failed") return RESOLVED;
    this.availablePromise ??= new Promise<void>((resolve) => {
      this.availableWaiter = resolve;
    });
    return this.availablePromise;
  }

  finish(): Promise<void> {
    if (this.finishPromise !== undefined) return this.finishPromise;
    if (this.state === "aborted") return RESOLVED;
    if (this.state === "failed") return Promise.reject(this.failure);
    this.broadcastEvent(END_OF_PARTITION);
    this.state = "finishing";
    this.finishPromise = new Promise<void>((resolve, reject) => {
      this.finishWaiter = { resolve, reject };
    });
    this.onProgress();
    return this.finishPromise;
  }

  abort(): void {
    if (this.state === "aborted" || this.state === "finished") return;
    this.state = "aborted";
    for (const channel of this.channels) channel.close();
    this.wakeAvailability();
    this.finishWaiter?.resolve();
    this.finishWaiter = undefined;
  }

  metrics(): NetworkIOMetrics {
    let buffers = 0;
    let bytes = 0;
    for (const channel of this.channels) {
      buffers += channel.buffersSent;
      bytes += channel.bytesSent;
    }
    return { records: this.recordsOut, bytes, buffers };
  }

  private sendBroadcastBuffer(encoder: RecordEncoder): void {
    const buffer = encoder.take();
    // The last channel gets the original; the others copies (a transfer detaches the original).
    const last = this.channels.length - 1;
    for (let i = 0; i < last; i++) this.channels[i]!.sendBuffer(buffer.slice(0));
    this.channels[last]!.sendBuffer(buffer);
  }

  private onProgress(): void {
    if (this.availableWaiter !== undefined && this.isAvailable()) this.wakeAvailability();
    if (this.state === "finishing" && this.channels.every((c) => c.isIdle())) {
      this.state = "finished";
      for (const channel of this.channels) channel.close();
      this.finishWaiter?.resolve();
      this.finishWaiter = undefined;
    }
  }

  /**
   * A channel's transport failed: the writer fails with `error`. Waiters wake, `emit` and events
   * throw it, and a pending or later `finish()` rejects with it.
   */
  private fail(error: Error): void {
    if (this.state === "aborted" || this.state === "finished" || this.state === "failed") return;
    this.state = "failed";
    this.failure = error;
    for (const channel of this.channels) channel.close();
    this.wakeAvailability();
    this.finishWaiter?.reject(error);
    this.finishWaiter = undefined;
  }

  private notRunning(what: string): Error {
    return this.failure ?? new InternalError(`${what} on a ${this.state} record writer`);
  }

  private wakeAvailability(): void {
    const wake = this.availableWaiter;
    this.availableWaiter = undefined;
    this.availablePromise = undefined;
    wake?.();
  }
}
