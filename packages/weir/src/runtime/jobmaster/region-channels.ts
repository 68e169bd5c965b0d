/**
 * The channels of one pipelined region's deployment (staged scheduling, see pipelined-regions.ts):
 * - a pipelined edge between two members gets a fresh `MessageChannel` per connected pair;
 * - a pipelined pair that is not connected (forward `p -> c` with `p != c`) gets an *ended*
 *   channel: the consumer's end already holds an end of partition, the producer's end discards;
 * - a blocking output gets a producer port of the job's `BlockingResultStore` (replacing what an
 *   earlier attempt wrote), a blocking input a replaying consumer port.
 *
 * Channels are created per deployment, so a re-run region gets fresh ones. `closeAll()` closes the
 * ports still owned by this thread (those transferred to workers go with their worker).
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { inputEdgesOf, type JobEdge, type JobGraph, outputEdgesOf } from "../../core/jobgraph.js";
import type { BlockingResultStore } from "../network/blocking-result-store.js";
import type { PortLike } from "../network/index.js";
import type { TaskChannels } from "../taskexecutor/deployment.js";
import { memberKey, type PipelinedRegion, pipelinedPairConnected } from "./pipelined-regions.js";

/** Key of one blocking subpartition in the store. */
export function subpartitionKey(edge: JobEdge, producer: number, consumer: number): string {
  return `${edge.id}/${producer}/${consumer}`;
}

export class RegionChannels {
  private readonly ports: MessagePort[] = [];
  private readonly parallelism: Map<string, number>;

  constructor(
    private readonly graph: JobGraph,
    private readonly store: BlockingResultStore,
  ) {
    this.parallelism = new Map(graph.vertices.map((v) => [v.id, v.parallelism]));
  }

  /** Channels of every member of `region`, by `memberKey`. */
  create(region: PipelinedRegion): Map<string, TaskChannels> {
    const members = new Set(region.members.map((m) => memberKey(m.vertexId, m.subtaskIndex)));
    const result = new Map<string, { outputs: PortLike[][]; inputs: PortLike[][] }>();
    for (const m of region.members) {
      const outputs = outputEdgesOf(this.graph, m.vertexId).map(() => [] as PortLike[]);
      const inputs = inputEdgesOf(this.graph, m.vertexId).map(() => [] as PortLike[]);
      result.set(memberKey(m.vertexId, m.subtaskIndex), { outputs, inputs });
    }
    const pipelined = new Map<string, { port1: MessagePort; port2: MessagePort }>();
    const pipelinedPair = (edge: JobEdge, p: number, c: number) => {
      const k = `${edge.id}/${p}/${c}`;
      let pair = pipelined.get(k);
      if (!pair) {
        pair = this.channel();
        pipelined.set(k, pair);
      }
      return pair;
    };
    for (const m of region.members) {
      const own = result.get(memberKey(m.vertexId, m.subtaskIndex))!;
      outputEdgesOf(this.graph, m.vertexId).forEach((edge, e) => {
        const consumers = this.parallelism.get(edge.targetVertexId) ?? 0;
        for (let c = 0; c < consumers; c++) {
          if (edge.exchangeMode === "blocking") {
            own.outputs[e]![c] = this.store.producerPort(subpartitionKey(edge, m.subtaskIndex, c));
          } else if (
            members.has(memberKey(edge.targetVertexId, c)) &&
            pipelinedPairConnected(edge, m.subtaskIndex, c)
          ) {
            own.outputs[e]![c] = pipelinedPair(edge, m.subtaskIndex, c).port1;
          } else {
            own.outputs[e]![c] = this.discardingPort();
          }
        }
      });
      inputEdgesOf(this.graph, m.vertexId).forEach((edge, e) => {
        const producers = this.parallelism.get(edge.sourceVertexId) ?? 0;
        for (let p = 0; p < producers; p++) {
          if (edge.exchangeMode === "blocking") {
            own.inputs[e]![p] = this.store.consumerPort(subpartitionKey(edge, p, m.subtaskIndex));
          } else if (
            members.has(memberKey(edge.sourceVertexId, p)) &&
            pipelinedPairConnected(edge, p, m.subtaskIndex)
          ) {
            own.inputs[e]![p] = pipelinedPair(edge, p, m.subtaskIndex).port2;
          } else {
            own.inputs[e]![p] = this.endedPort();
          }
        }
      });
    }
    return result;
  }

  closeAll(): void {
    for (const port of this.ports) port.close();
    this.ports.length = 0;
  }

  private channel(): { port1: MessagePort; port2: MessagePort } {
    const channel = new MessageChannel();
    this.ports.push(channel.port1, channel.port2);
    return channel;
  }

  /** A consumer end that delivers only an end of partition. */
  private endedPort(): PortLike {
    const { port1, port2 } = this.channel();
    port1.postMessage({ kind: "endOfPartition" });
    port1.close();
    return port2;
  }

  /** A producer end whose peer is gone (nothing is ever sent there but events). */
  private discardingPort(): PortLike {
    const { port1, port2 } = this.channel();
    port2.close();
    return port1;
  }
}
