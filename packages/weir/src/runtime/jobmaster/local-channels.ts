/**
 * The channels of a job whose tasks all run in this process (MiniCluster): one `MessageChannel`
 * per (edge, producer subtask, consumer subtask); `port1` goes to the producer's task, `port2` to
 * the consumer's. Ports work within a thread and are transferable to worker threads.
 *
 * `closeAll()` closes every port still owned by this thread (ports transferred to a worker are
 * released with the worker); the JobMaster calls it when the job ends, so that no channel keeps
 * the process alive.
 */
import { MessageChannel, type MessagePort } from "node:worker_threads";
import { inputEdgesOf, type JobGraph, outputEdgesOf } from "../../core/jobgraph.js";
import type { PortLike } from "../network/index.js";
import type { TaskChannels } from "../taskexecutor/deployment.js";

export class LocalChannels {
  private readonly byTask = new Map<string, { outputs: PortLike[][]; inputs: PortLike[][] }>();
  private readonly ports: MessagePort[] = [];

  constructor(graph: JobGraph) {
    const parallelism = new Map(graph.vertices.map((v) => [v.id, v.parallelism]));
    for (const v of graph.vertices) {
      const outputs = outputEdgesOf(graph, v.id).length;
      const inputs = inputEdgesOf(graph, v.id).length;
      for (let i = 0; i < v.parallelism; i++) {
        this.byTask.set(key(v.id, i), {
          outputs: Array.from({ length: outputs }, () => []),
          inputs: Array.from({ length: inputs }, () => []),
        });
      }
    }
    const outIndex = new Map<string, number>();
    const inIndex = new Map<string, number>();
    for (const edge of graph.edges) {
      const o = outIndex.get(edge.sourceVertexId) ?? 0;
      outIndex.set(edge.sourceVertexId, o + 1);
      const n = inIndex.get(edge.targetVertexId) ?? 0;
      inIndex.set(edge.targetVertexId, n + 1);
      const producers = parallelism.get(edge.sourceVertexId) ?? 0;
      const consumers = parallelism.get(edge.targetVertexId) ?? 0;
      for (let p = 0; p < producers; p++) {
        for (let c = 0; c < consumers; c++) {
          const { port1, port2 } = new MessageChannel();
          this.ports.push(port1, port2);
          this.byTask.get(key(edge.sourceVertexId, p))!.outputs[o]![c] = port1;
          this.byTask.get(key(edge.targetVertexId, c))!.inputs[n]![p] = port2;
        }
      }
    }
  }

  /** The channel ends of subtask `subtaskIndex` of vertex `vertexId`. */
  channelsOf(vertexId: string, subtaskIndex: number): TaskChannels {
    return this.byTask.get(key(vertexId, subtaskIndex)) ?? { outputs: [], inputs: [] };
  }

  closeAll(): void {
    for (const port of this.ports) port.close();
    this.ports.length = 0;
  }
}

function key(vertexId: string, subtaskIndex: number): string {
  return `${vertexId}#${subtaskIndex}`;
}
