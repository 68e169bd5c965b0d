/**
 * The network stack's entry points for the runtime: one `RecordWriter` per (producer subtask,
 * outgoing edge) and one `InputGate` per consumer subtask. The runtime creates one
 * `MessageChannel` per (edge, producer subtask, consumer subtask), hands `port1` to the producer's
 * writer (`ports[consumerSubtask]`) and `port2` to the consumer's gate
 * (`edges[edgeIndex].ports[producerSubtask]`); both ends may be on one thread.
 *
 * Lifecycle: the gate grants credits as soon as it exists; the writer sends buffers against them.
 * `writer.finish()` ends every channel with `endOfPartition` and closes the producer ports once
 * everything was posted; the gate closes a channel's port when it polls its `endOfPartition`.
 * `writer.abort()` / `gate.close()` close all ports at once. No port keeps the event loop alive
 * after that.
 *
 * The TCP transport between processes is imported from `./tcp/index.js` by what uses it, so that
 * threads that only exchange through MessagePorts do not load it.
 */
import type { PartitionerKind } from "../../core/jobgraph.js";
import type { CustomPartitionerFn, KeySelectorFn } from "../../operators/executor.js";
import { PipelinedInputGate } from "./input-gate.js";
import { createChannelSelector } from "./partitioners.js";
import type { PortLike } from "./port.js";
import { PipelinedRecordWriter } from "./record-writer.js";
import type { InputGate, NetworkSettings, RecordWriter } from "./types.js";

export { RecordDecoder } from "./codec-decoder.js";
export { RecordEncoder } from "./codec-encoder.js";
export { BROADCAST, type ChannelSelector, createChannelSelector, rescaleTargets } from "./partitioners.js";
export type { PortLike } from "./port.js";
export * from "./types.js";

export interface RecordWriterOptions {
  /** One port per consumer subtask (index = consumer subtask). */
  readonly ports: readonly PortLike[];
  readonly partitioner: PartitionerKind;
  /** This producer's subtask index (forward, rebalance start, rescale). */
  readonly producerSubtask: number;
  /** Parallelism of the producing vertex (forward check, rescale). */
  readonly producerParallelism: number;
  /** Key groups of the consumer vertex (hash). */
  readonly consumerMaxParallelism: number;
  /** For hash and custom edges. */
  readonly keySelector?: KeySelectorFn;
  /** For custom edges. */
  readonly customPartitioner?: CustomPartitionerFn;
  readonly settings: NetworkSettings;
  /** Source of randomness for shuffle (defaults to `Math.random`). */
  readonly random?: () => number;
}

/**
 * Creates the writer of one producer subtask for one edge. Throws `JobDefinitionError` for an
 * impossible partitioning (forward between different parallelisms) and `InternalError` when a
 * hash/custom edge lacks its key selector or partitioner.
 */
export function createRecordWriter(options: RecordWriterOptions): RecordWriter {
  const selector = createChannelSelector(options.partitioner, {
    numChannels: options.ports.length,
    producerSubtask: options.producerSubtask,
    producerParallelism: options.producerParallelism,
    consumerMaxParallelism: options.consumerMaxParallelism,
    keySelector: options.keySelector,
    customPartitioner: options.customPartitioner,
    random: options.random,
  });
  return new PipelinedRecordWriter(
    options.ports,
    selector,
    options.partitioner === "broadcast",
    options.settings,
  );
}

export interface InputGateOptions {
  /** Edge index (order of `inputEdgesOf`) → producer subtask → port. */
  readonly edges: readonly { readonly ports: readonly PortLike[] }[];
  readonly settings: NetworkSettings;
}

/** Creates the gate of one consumer subtask over all its incoming channels; grants credits at once. */
export function createInputGate(options: InputGateOptions): InputGate {
  return new PipelinedInputGate(options.edges, options.settings);
}
