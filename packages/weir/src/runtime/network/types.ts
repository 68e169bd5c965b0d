/**
 * Contracts of the network stack (ARCHITECTURE §4, §5), between the task (which emits and
 * consumes records) and the exchange implementation (buffers, codecs, channels, flow control).
 *
 * Data model: one *channel* connects one producer subtask to one consumer subtask of a JobEdge.
 * A producer subtask owns one `RecordWriter` per outgoing JobEdge (its result partition for that
 * edge) with one channel per consumer subtask; a consumer subtask owns one `InputGate` over all
 * channels of all its incoming edges.
 *
 * Records are serialized into buffers (default 32 KiB, `taskmanager.memory.segment-size`); a buffer
 * is sent when full, on `flush()` (buffer timeout, end of input) and before any event. Flow control
 * is credit based: a producer sends a buffer only when the consumer granted a credit, so at most
 * `credits` buffers per channel are in flight, and each writer holds at most
 * `maxBufferedPerChannel` unsent buffers per channel. When that is reached the writer is
 * *unavailable* and the task must stop producing (backpressure) until `availability()` resolves.
 * `emit` never throws for being over budget: a task finishes the input batch it is processing, so
 * the overshoot is bounded by one input batch's output.
 */
import type { StreamRecord } from "../../operators/contract.js";

/** Events travel in order with records, on every channel of a writer. */
export type NetworkEvent =
  | { readonly kind: "watermark"; readonly timestamp: number }
  /** The producer's output became idle / active (watermark status; see `WatermarkValve`). */
  | { readonly kind: "watermarkStatus"; readonly idle: boolean }
  | { readonly kind: "endOfPartition" }
  | { readonly kind: "barrier"; readonly checkpointId: number; readonly timestamp: number };

export interface RecordWriter {
  /** Routes the record to one or more channels per the edge's partitioner and serializes it. */
  emit(record: StreamRecord<unknown>): void;
  /** Sends `event` on every channel, after flushing pending records. */
  broadcastEvent(event: NetworkEvent): void;
  /** Sends partially filled buffers (buffer timeout, before idling). */
  flush(): void;
  /** False while some channel's unsent queue is at its limit. */
  isAvailable(): boolean;
  /** Resolves once `isAvailable()` is true again (immediately if it is). */
  availability(): Promise<void>;
  /** Sends `endOfPartition` on every channel and releases resources once everything was sent. */
  finish(): Promise<void>;
  /** Drops everything (failure/cancel). */
  abort(): void;
  /** Records emitted and buffers/bytes posted so far (REST metrics `write-*`). Optional. */
  metrics?(): NetworkIOMetrics;
}

/** I/O counters of a writer or gate. */
export interface NetworkIOMetrics {
  readonly records: number;
  readonly bytes: number;
  readonly buffers: number;
}

/** What the input gate hands to the task: a decoded batch of records or an event, with its origin. */
export type GateItem =
  | {
      readonly kind: "records";
      /** Index of the incoming JobEdge (order of `inputEdgesOf`). */
      readonly edgeIndex: number;
      /** Producer subtask index within that edge. */
      readonly channelIndex: number;
      /** Decoded records of one buffer; each element is reused only after the next poll. */
      readonly records: readonly StreamRecord<unknown>[];
    }
  | {
      readonly kind: "event";
      readonly edgeIndex: number;
      readonly channelIndex: number;
      readonly event: NetworkEvent;
    };

export interface InputGate {
  /** Next item if one is ready, else `undefined`. Consuming a records item returns its credit. */
  poll(): GateItem | undefined;
  /** Resolves when `poll()` may return an item. */
  availability(): Promise<void>;
  /** True when every channel delivered `endOfPartition`. */
  isFinished(): boolean;
  close(): void;
  /** Records, buffers and bytes consumed so far (REST metrics `read-*`). Optional. */
  metrics?(): NetworkIOMetrics;
}

export interface NetworkSettings {
  /** Buffer size in bytes (`taskmanager.memory.segment-size`, default 32 KiB). */
  readonly bufferSize: number;
  /** Credits per channel granted by a consumer (`taskmanager.network.memory.buffers-per-channel`, 2). */
  readonly creditsPerChannel: number;
  /** Unsent buffers a writer may queue per channel before it is unavailable (default 2). */
  readonly maxBufferedPerChannel: number;
}

export const DEFAULT_NETWORK_SETTINGS: NetworkSettings = {
  bufferSize: 32 * 1024,
  creditsPerChannel: 2,
  maxBufferedPerChannel: 2,
};
