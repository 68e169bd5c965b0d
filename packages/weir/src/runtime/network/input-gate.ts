/**
 * `InputGate` over the consumer ends of all channels of all incoming edges (types.ts states the
 * contract).
 *
 * At creation the gate grants `creditsPerChannel` credits on every channel, so at most that many
 * buffers per channel are ever in flight or waiting here: memory is bounded by
 * `channels × credits × bufferSize`. Arrivals are queued undecoded, in arrival order across
 * channels (in order per channel). `poll()` decodes one buffer into reused `StreamRecord`s and only
 * then returns that buffer's credit, so a consumer that stops polling stops its producers.
 * A channel's port is closed once its `endOfPartition` was polled. A transport failure of an
 * unfinished channel (`PortLike.onError`) wakes the gate and is thrown by the next `poll()`.
 */
import { InternalError } from "../../core/errors.js";
import type { StreamRecord } from "../../operators/contract.js";
import { RecordDecoder } from "./codec-decoder.js";
import { closeQuietly, listen, type PortLike } from "./port.js";
import type { GateItem, InputGate, NetworkEvent, NetworkIOMetrics, NetworkSettings } from "./types.js";

const RESOLVED: Promise<void> = Promise.resolve();

interface Arrival {
  readonly channel: InputChannel;
  readonly payload: ArrayBuffer | NetworkEvent;
}

interface InputChannel {
  readonly edgeIndex: number;
  readonly channelIndex: number;
  readonly port: PortLike;
  readonly decoder: RecordDecoder;
  finished: boolean;
}

/** The records item handed out by `poll`; one instance per gate, refilled on every poll. */
interface MutableRecordsItem {
  kind: "records";
  edgeIndex: number;
  channelIndex: number;
  records: StreamRecord<unknown>[];
}

export class PipelinedInputGate implements InputGate {
  private readonly channels: InputChannel[] = [];
  /** Arrivals in order: the channel and its payload (an `ArrayBuffer` or a `NetworkEvent`). */
  private arrived: (Arrival | undefined)[] = [];
  private head = 0;
  private failure: Error | undefined;
  private finishedChannels = 0;
  private closed = false;
  private waiter: (() => void) | undefined;
  private waiterPromise: Promise<void> | undefined;
  private readonly item: MutableRecordsItem = { kind: "records", edgeIndex: 0, channelIndex: 0, records: [] };
  private recordsIn = 0;
  private buffersIn = 0;
  private bytesIn = 0;

  constructor(edges: readonly { readonly ports: readonly PortLike[] }[], settings: NetworkSettings) {
    edges.forEach((edge, edgeIndex) => {
      edge.ports.forEach((port, channelIndex) => {
        const channel: InputChannel = {
          edgeIndex,
          channelIndex,
          port,
          decoder: new RecordDecoder(),
          finished: false,
        };
        this.channels.push(channel);
        listen(port, (message) => this.onMessage(channel, message));
        port.onError?.((error) => {
          if (channel.finished || this.closed) return;
          this.failure ??= error;
          this.wake();
        });
        port.postMessage(settings.creditsPerChannel);
      });
    });
  }

  poll(): GateItem | undefined {
    if (this.failure !== undefined) throw this.failure;
    if (this.head === this.arrived.length) return undefined;
    const { channel, payload } = this.arrived[this.head]!;
    this.arrived[this.head] = undefined;
    this.head++;
    if (this.head === this.arrived.length) {
      this.head = 0;
      this.arrived = [];
    }
    if (payload instanceof ArrayBuffer) {
      const item = this.item;
      const n = channel.decoder.decode(payload, item.records);
      item.records.length = n;
      item.edgeIndex = channel.edgeIndex;
      item.channelIndex = channel.channelIndex;
      this.recordsIn += n;
      this.buffersIn++;
      this.bytesIn += payload.byteLength;
      if (!this.closed) channel.port.postMessage(1);
      return item;
    }
    const event = payload;
    if (event.kind === "endOfPartition" && !channel.finished) {
      channel.finished = true;
      this.finishedChannels++;
      closeQuietly(channel.port);
    }
    return { kind: "event", edgeIndex: channel.edgeIndex, channelIndex: channel.channelIndex, event };
  }

  availability(): Promise<void> {
    if (this.head < this.arrived.length || this.closed || this.failure !== undefined) return RESOLVED;
    this.waiterPromise ??= new Promise<void>((resolve) => {
      this.waiter = resolve;
    });
    return this.waiterPromise;
  }

  isFinished(): boolean {
    return this.finishedChannels === this.channels.length;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const channel of this.channels) closeQuietly(channel.port);
    this.arrived = [];
    this.head = 0;
    this.wake();
  }

  metrics(): NetworkIOMetrics {
    return { records: this.recordsIn, bytes: this.bytesIn, buffers: this.buffersIn };
  }

  private onMessage(channel: InputChannel, message: unknown): void {
    if (this.closed) return;
    if (message instanceof ArrayBuffer || isNetworkEvent(message)) {
      this.arrived.push({ channel, payload: message });
    } else {
      // Reported from poll(): throwing here would be an uncaught error of the thread.
      this.failure ??= new InternalError(
        `unexpected message on input channel ${channel.edgeIndex}/${channel.channelIndex}: ${typeof message}`,
      );
    }
    this.wake();
  }

  private wake(): void {
    const wake = this.waiter;
    this.waiter = undefined;
    this.waiterPromise = undefined;
    wake?.();
  }
}

function isNetworkEvent(message: unknown): message is NetworkEvent {
  if (typeof message !== "object" || message === null) return false;
  const kind = (message as { kind?: unknown }).kind;
  return (
    kind === "watermark" || kind === "watermarkStatus" || kind === "endOfPartition" || kind === "barrier"
  );
}
